import { describe, expect, it } from 'vitest';
import { backtest, iso, READY_PANEL as ready, ORCL, poisonAfter } from './helpers.js';

describe('no look-ahead', () => {
  it('leaves every verdict, fill and equity row before a date identical when the bars after it are replaced', async () => {
    const cutoff = iso('2003-06-30');
    const span = { from: '1996-01-01', to: '2005-12-31' };
    const real = await backtest([{ file: ORCL, symbol: 'ORCL' }], span, ready);
    const poisoned = await backtest([{ file: ORCL, symbol: 'ORCL' }], span, ready, poisonAfter(cutoff, { seed: () => 7, step: 0.08, wick: 0.02 }));
    // Decisions are made at a bar's close: those up to the last close at or before the cutoff's bar see only real bars.
    const before = <T extends { time: number }>(rows: T[]) => rows.filter((r) => r.time <= cutoff);
    expect(before(real.record.signals).length).toBeGreaterThan(50);
    expect(before(real.record.fills).length).toBeGreaterThan(5);
    expect(before(poisoned.record.signals)).toEqual(before(real.record.signals));
    expect(before(poisoned.record.fills)).toEqual(before(real.record.fills));
    expect(before(poisoned.record.equity)).toEqual(before(real.record.equity));
    // And the future did change.
    expect(JSON.stringify(poisoned.record.fills)).not.toBe(JSON.stringify(real.record.fills));
  }, 60_000);
});
