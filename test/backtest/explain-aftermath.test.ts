import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, backtest } from './helpers.js';

const explain = (store: string, id: string) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'explain', '--store', store, id], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('conclave explain on a backtest verdict', () => {
  it('says what followed: the risk gate, the order and its fill (the verdict alone said "commit 20 % of equity")', async () => {
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }], { to: '1997-12-31' });
    const db = new Database(run.storeFile, { readonly: true });
    const buy = db.prepare(`SELECT id FROM verdicts WHERE action = 'BUY' ORDER BY decided_at LIMIT 1`).get() as { id: string };
    const hold = db.prepare(`SELECT id FROM verdicts WHERE action = 'HOLD' ORDER BY decided_at LIMIT 1`).get() as { id: string };
    const fill = db.prepare(`SELECT f.qty, f.price, f.time FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.verdict_id = ?`).get(buy.id) as { qty: number; price: number; time: number };
    db.close();
    const bought = explain(run.storeFile, buy.id);
    expect(bought.status, bought.stderr).toBe(0);
    const after = bought.stdout.slice(bought.stdout.indexOf('\nWhat followed\n'));
    expect(after).toMatch(new RegExp(`\\n  risk gate: accepted, qty ${fill.qty}`));
    expect(after).toMatch(new RegExp(`\\n  order co-${buy.id}: entry buy ${fill.qty}, filled\\n`));
    expect(after).toContain(`\n  fill: buy ${fill.qty} at ${Number(fill.price.toPrecision(8))}, fee `);
    expect(after).toContain(new Date(fill.time).toISOString());
    const held = explain(run.storeFile, hold.id);
    expect(held.stdout).toMatch(/\nWhat followed\n {2}nothing: a HOLD places no order\n$/);
  }, 60_000);
});
