import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

/**
 * A news opportunity on a symbol already held gets a BUY from the chief, but the trader holds one position per symbol.
 * That BUY used to vanish: no risk decision, order or log line, counted among the BUYs while the gate judged fewer.
 */
describe('a BUY verdict on a symbol already held (recorded news over the shared ORCL file)', () => {
  it('is recorded as the risk gate rejecting it (already_held), so every BUY has a decision after it', () => {
    const dir = tempDir();
    const news = join(dir, 'news.jsonl');
    const start = Date.UTC(2005, 0, 5, 14, 30);
    const lines = Array.from({ length: 150 }, (_, i) => JSON.stringify({ publishedAt: new Date(start + i * 2 * 86_400_000).toISOString(), title: `ORCL shares surge on strong earnings beat ${i}` }));
    writeFileSync(news, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--from', '2005-01-01', '--to', '2005-12-31', '--news', news, '--out', out, '--json', ORCL], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const db = new Database(join(out, 'conclave-paper.db'), { readonly: true });
    const buys = db.prepare(`SELECT v.id, (SELECT count(*) FROM risk_decisions r WHERE r.verdict_id = v.id) decisions FROM verdicts v WHERE v.action = 'BUY'`).all() as { id: string; decisions: number }[];
    const held = db.prepare(`SELECT verdict_id, reason FROM risk_decisions WHERE rule = 'already_held'`).all() as { verdict_id: string; reason: string }[];
    db.close();
    expect(held.length).toBeGreaterThan(0);
    expect(held[0]!.reason).toMatch(/already held: one position per symbol/);
    expect(buys.filter((b) => b.decisions !== 1)).toEqual([]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { decisions: { buy: number; riskGate: { judged: number; rules: { rule: string; count: number }[] } } };
    expect(report.decisions.riskGate.judged).toBe(report.decisions.buy);
    expect(report.decisions.riskGate.rules).toContainEqual({ rule: 'already_held', count: held.length });
    const explain = spawnSync(process.execPath, ['bin/conclave.js', 'explain', '--store', join(out, 'conclave-paper.db'), held[0]!.verdict_id], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(explain.stdout).toMatch(/already held, .*: one position per symbol, no order follows/);
    expect(explain.stdout).toMatch(/risk gate: rejected \(already_held\)/);
  }, 60_000);
});
