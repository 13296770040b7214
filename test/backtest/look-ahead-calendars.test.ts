import { join } from 'node:path';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import { immutable } from '../../src/core/freeze.js';
import { inferBarMs } from '../../src/market/bar-gaps.js';
import { describe, expect, it } from 'vitest';
import { backtest, iso, READY_PANEL as ready, OHLCV, ORCL, poisonAfter } from './helpers.js';

const FIVE_MIN = join(OHLCV, 'backtrader__2006-min-005.txt');

describe('no look-ahead across calendars', () => {
  it('leaves every signal, fill and equity row up to the close of the last real bar identical when a daily and a 5-minute file are merged', async () => {
    // ORCL's days and the 5-minute bars of January 2006 on one calendar: the minute closes interleave with the daily ones.
    const files = [
      { file: ORCL, symbol: 'ORCL' },
      { file: FIVE_MIN, symbol: 'IDX' },
    ];
    const span = { from: '2005-06-01', to: '2006-01-31' };
    const real = await backtest(files, span, ready);
    // The cutoff is the open of a 5-minute bar a discussion was held on: that discussion, at the bar's close, is the
    // last one on real bars only, so an agent shown one bar too many (the first poisoned one) changes it.
    const boundary = real.record.signals.find((s) => s.symbol === 'IDX' && s.time >= iso('2006-01-18T12:00:00Z'))!;
    const cutoff = boundary.time - 5 * 60_000;
    const poisoned = await backtest(files, span, ready, poisonAfter(cutoff, { seed: (k) => 11 + k, step: 0.02, wick: 0.005 }));
    const upTo = <T extends { time: number }>(rows: T[], t: number) => rows.filter((r) => r.time <= t);
    expect(upTo(real.record.signals, boundary.time).filter((s) => s.symbol === 'IDX').length).toBeGreaterThan(20);
    expect(upTo(real.record.fills, cutoff).length).toBeGreaterThan(5);
    expect(upTo(poisoned.record.signals, boundary.time)).toEqual(upTo(real.record.signals, boundary.time));
    expect(upTo(poisoned.record.equity, boundary.time)).toEqual(upTo(real.record.equity, boundary.time));
    // A fill after a decision at that close happens at the next bar's open, a poisoned price: fills are compared to the cutoff.
    expect(upTo(poisoned.record.fills, cutoff)).toEqual(upTo(real.record.fills, cutoff));
    expect(JSON.stringify(poisoned.record.fills)).not.toBe(JSON.stringify(real.record.fills));
  }, 120_000);
});

describe('no look-ahead from a file’s later spacing', () => {
  it('leaves every signal, fill and equity row before a date identical when every later day gets a midday row', async () => {
    // A file whose rows after a date are twice a day (a download that switched to 12-hour bars): over the whole file the
    // most common step becomes 12 hours, but the bars before the date were daily when they closed.
    const cutoff = iso('2006-06-01');
    const respaced = (series: LoadedSeries[]): LoadedSeries[] =>
      series.map((s) => {
        const bars = s.bars.flatMap((b) => (b.time <= cutoff ? [b] : [b, immutable(Object.assign({}, b, { time: b.time + 12 * 3_600_000 }))]));
        return Object.assign({}, s, { bars, barMs: inferBarMs(bars)! });
      });
    const files = [{ file: ORCL, symbol: 'ORCL' }];
    const span = { from: '2004-01-01', to: '2007-06-01' };
    const real = await backtest(files, span, ready);
    let poisonedBarMs = 0;
    const poisoned = await backtest(files, span, ready, (series) => {
      const edited = respaced(series);
      poisonedBarMs = edited[0]!.barMs;
      return edited;
    });
    expect(poisonedBarMs).toBe(12 * 3_600_000);
    const upTo = <T extends { time: number }>(rows: T[]) => rows.filter((r) => r.time <= cutoff);
    expect(upTo(real.record.signals).length).toBeGreaterThan(100);
    expect(upTo(real.record.fills).length).toBeGreaterThan(5);
    expect(upTo(poisoned.record.signals)).toEqual(upTo(real.record.signals));
    expect(upTo(poisoned.record.fills)).toEqual(upTo(real.record.fills));
    expect(upTo(poisoned.record.equity)).toEqual(upTo(real.record.equity));
  }, 120_000);
});
