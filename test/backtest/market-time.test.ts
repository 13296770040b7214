import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { backtest, ORCL } from './helpers.js';

describe('durations in bars and market time', () => {
  it('holds 20 bars before a time stop, waits 5 bars to re-enter and to discuss a symbol again, and rolls the day on the bars', async () => {
    // A readier chief than the default (which enters rarely on ORCL), and no reviews of held positions (they are
    // discussed every bar by design): this test is about the time stop and the cooldowns. The time stop is off by
    // default (winners run), so the test sets its 20 bars.
    const ready = { modelThreshold: 0.5, reviewEveryBars: 0, chief: { buyThreshold: 0.1, sellThreshold: 0.1, minConviction: 0.02, costMultiple: 0 } } as Partial<Config>;
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }], { from: '1996-01-01', to: '2014-12-31' }, Object.assign(ready, { trailingStopPct: 0, stopLossPct: 0.5, takeProfitPct: 5, maxHoldBars: 20 }));
    const bars = run.record.symbols[0]!.bars;
    const index = new Map(bars.map((b, i) => [b.time, i]));
    const fills = run.record.fills;
    const timeExits = fills.filter((f) => f.reason === 'time');
    expect(timeExits.length).toBeGreaterThan(3);
    for (let i = 1; i < fills.length; i++) {
      const [prev, f] = [fills[i - 1]!, fills[i]!];
      const bars = index.get(f.time)! - index.get(prev.time)!;
      // An entry at bar k's open, a time stop decided at the close of bar k+19, filled at bar k+20's open.
      if (f.reason === 'time') expect(bars).toBe(20);
      // The exit at bar j's open; re-entry no earlier than bar j+5's open.
      if (f.side === 'buy' && prev.side === 'sell') expect(bars).toBeGreaterThanOrEqual(5);
    }
    const decisions = run.record.signals.filter((s) => s.role === 'chief').map((s) => index.get(s.time - 86_400_000) ?? index.get(s.time - 3 * 86_400_000));
    for (let i = 1; i < decisions.length; i++) {
      if (decisions[i] !== undefined && decisions[i - 1] !== undefined) expect(decisions[i]! - decisions[i - 1]!).toBeGreaterThanOrEqual(5);
    }
    // The account's day is the last bar's date, not the machine's.
    const db = new Database(run.storeFile, { readonly: true });
    const { day } = db.prepare('SELECT day FROM account').get() as { day: string };
    db.close();
    expect(day).toBe(new Date(bars.at(-1)!.time).toISOString().slice(0, 10));
  }, 60_000);
});
