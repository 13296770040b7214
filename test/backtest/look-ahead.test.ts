import type { Config } from '../../src/config/config.js';
import { describe, expect, it } from 'vitest';
import { immutable } from '../../src/core/freeze.js';
import { seededRandom } from '../../src/core/random.js';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import { backtest, iso, ORCL } from './helpers.js';

/** Every bar of ORCL after `cutoff` replaced by a seeded random walk (valid bars, a different future). */
function poisonAfter(cutoff: number) {
  return (series: LoadedSeries[]): LoadedSeries[] =>
    series.map((s) => {
      const random = seededRandom(7);
      let price = 0;
      const bars = s.bars.map((b) => {
        if (b.time <= cutoff) return b;
        price ||= b.open;
        const open = price;
        const close = open * Math.exp((random() - 0.5) * 0.08);
        price = close;
        return immutable({ time: b.time, open, high: Math.max(open, close) * (1 + random() * 0.02), low: Math.min(open, close) * (1 - random() * 0.02), close, volume: 1000 + Math.floor(random() * 1e6) });
      });
      return { ...s, bars };
    });
}

describe('no look-ahead', () => {
  it('leaves every verdict, fill and equity row before a date identical when the bars after it are replaced', async () => {
    const cutoff = iso('2003-06-30');
    const span = { from: '1996-01-01', to: '2005-12-31' };
    // A readier panel than the default (which rarely enters on ORCL), so that there are fills to compare.
    const ready = { modelThreshold: 0.5, chief: { buyThreshold: 0.1, sellThreshold: 0.1, minConviction: 0.02, costMultiple: 0 } } as Partial<Config>;
    const real = await backtest([{ file: ORCL, symbol: 'ORCL' }], span, ready);
    const poisoned = await backtest([{ file: ORCL, symbol: 'ORCL' }], span, ready, poisonAfter(cutoff));
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
