import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { backtest, iso, ORCL } from './helpers.js';

// Cash binds every entry: the panel may size a position at the whole equity, and only the cash (less its 1 %) caps it.
const ALL_IN = {
  positionFraction: 1,
  maxGrossExposure: 10,
  riskPerTrade: 0.2,
  chief: { maxSizeFraction: 1 },
  agents: { riskDoctor: { cvarBudget: 1, maxFraction: 1 } },
} as Partial<Config>;

describe('backtest buys and the account’s cash', () => {
  it('fills an entry whose next open gapped up past the 1 % kept back for what the cash pays: ORCL 1997-98, cash never below zero', async () => {
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }], { from: '1997-01-01', to: '1998-12-31' }, ALL_IN);
    const lowest = Math.min(...run.record.equity.map((e) => e.cash));
    expect(lowest).toBeGreaterThanOrEqual(0);

    const db = new Database(run.storeFile, { readonly: true });
    try {
      // Decided at 20 May 1997's close (5.027778), filled at the next open, 5.097222: 1.4 % up, slipped 5 bps.
      const order = db.prepare(`SELECT client_order_id id, qty, filled_qty filled, status, reason FROM orders WHERE side = 'buy' AND created_at < ? ORDER BY created_at DESC LIMIT 1`).get(iso('1997-05-22')) as { id: string; qty: number; filled: number; status: string; reason: string };
      const fill = db.prepare(`SELECT qty, price, fee, time FROM fills WHERE client_order_id = ?`).get(order.id) as { qty: number; price: number; fee: number; time: number };
      expect(fill.time).toBe(iso('1997-05-21'));
      expect(fill.price).toBeCloseTo(5.097222 * 1.0005, 9);
      expect(order.status).toBe('cancelled');
      expect(fill.qty).toBe(order.filled);
      expect(fill.qty).toBeLessThan(order.qty);
      expect(order.reason).toMatch(/^partially filled: the account's free cash [\d,.]+ pays for [\d.]+ of the [\d.]+ ORCL at 5\.1\d* with the fee; the rest is cancelled/);
      // What the cash paid, to the lot: one lot (0.001) more would have cost more than the cash there was.
      const cashAfter = run.record.equity.find((e) => e.time > fill.time)!.cash;
      expect(cashAfter).toBeGreaterThanOrEqual(0);
      expect(cashAfter).toBeLessThan(0.001 * fill.price * 1.001);
    } finally {
      db.close();
    }
  });
});
