import { describe, expect, it } from 'vitest';
import { calendar } from '../../src/backtest/calendar.js';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import { sliceSeries, splitFolds } from '../../src/backtest/walk-forward/folds.js';
import { runFolds } from '../../src/backtest/walk-forward/run-folds.js';
import { settleFoldEnd, stitchRecords } from '../../src/backtest/walk-forward/stitch.js';
import type { BacktestFill, BacktestRecord, OpenPositionRow } from '../../src/backtest/backtest-record.js';
import { seededRandom } from '../../src/core/random.js';
import type { Bar } from '../../src/market/market-port.js';
import { defaultConfig, tempDir } from './helpers.js';

const DAY = 86_400_000;

/** A random walk of bars opening at `times`. */
function walk(times: number[], seed: number): Bar[] {
  const r = seededRandom(seed);
  let close = 100;
  return times.map((time) => {
    const open = close;
    close = open * Math.exp((r() - 0.5) * 0.04);
    return { time, open, high: Math.max(open, close) * 1.005, low: Math.min(open, close) * 0.995, close, volume: 1_000_000 };
  });
}

function series(symbol: string, barMs: number, bars: Bar[], from: number): LoadedSeries {
  const first = bars.findIndex((b) => b.time >= from);
  return { symbol, file: `${symbol}.csv`, barMs, bars, first, end: bars.length, rejected: 0, quarantined: 0 };
}

/** 2006 as history, 2007 as the span: monthly bars on the 1st (the file's bar length 31 days) beside daily bars. */
function monthlyBesideDaily(): LoadedSeries[] {
  const months = Array.from({ length: 24 }, (_, m) => Date.UTC(2006, m, 1));
  const days = Array.from({ length: 730 }, (_, d) => Date.UTC(2006, 0, 1) + d * DAY);
  const from = Date.UTC(2007, 0, 1);
  return [series('M', 31 * DAY, walk(months, 1), from), series('D', DAY, walk(days, 2), from)];
}

const times = (s: LoadedSeries[]) => [...calendar(s)].map((step) => step.time);

describe('walk-forward folds of files with different bar lengths', () => {
  it('close each bar of a fold’s run, and of its training run, when the whole span’s calendar closes it', () => {
    const all = monthlyBesideDaily();
    const whole = times(all);
    for (const k of [3, 4, 6]) {
      for (const fold of splitFolds(all, k)) {
        const start = whole.indexOf(fold.from);
        expect(times(sliceSeries(all, fold.first, fold.end)), `fold ${fold.index} of ${k}`).toEqual(whole.slice(start, start + fold.steps));
        // The training run of the next fold: every step before this fold's end.
        expect(times(sliceSeries(all, all.map((s) => s.first), fold.end)), `training to fold ${fold.index} of ${k}`).toEqual(whole.slice(0, start + fold.steps));
      }
    }
  });

  it('stitch their out-of-sample folds into equity rows that only go forward in time', async () => {
    const all = monthlyBesideDaily();
    const folds = splitFolds(all, 4).slice(1);
    const config = defaultConfig();
    const records = await runFolds(all, folds, folds.map(() => config), { config, files: [], outDir: tempDir() }, (f) => `${tempDir()}/fold-${f.index}`, () => ({}));
    const equity = stitchRecords('wf', records).equity;
    expect(equity.length).toBeGreaterThan(250);
    for (let i = 1; i < equity.length; i++) expect(equity[i]!.time, `row ${i}`).toBeGreaterThan(equity[i - 1]!.time);
  }, 60_000);
});

describe('a walk-forward’s stitched fills', () => {
  it('are in the time order of their bars, a fold-end sale of a longer bar among the shorter bars’ fills', () => {
    const day = (d: number) => Date.UTC(2007, 2, d);
    const bar = (time: number, close: number): Bar => ({ time, open: close, high: close, low: close, close, volume: 1 });
    const fill = (time: number, symbol: string, side: 'buy' | 'sell'): BacktestFill => ({ time, symbol, side, qty: 1, price: 10, fee: 0, reason: side === 'buy' ? 'entry' : 'signal', clientOrderId: `${symbol}-${time}`, verdictId: null });
    const fold = (from: number, fills: BacktestFill[], open: OpenPositionRow[]): BacktestRecord => ({
      name: 'f', startingCash: 1000, feeBps: 0, slippageBps: 0, scorecardHorizonBars: 5, maxDrawdownLimit: 0.2,
      symbols: [
        { symbol: 'M', file: 'M.csv', barMs: 31 * DAY, bars: [bar(day(from), 10)], rejected: 0, quarantined: 0 },
        { symbol: 'D', file: 'D.csv', barMs: DAY, bars: [bar(day(from + 10), 10), bar(day(from + 20), 10)], rejected: 0, quarantined: 0 },
      ],
      equity: [{ time: day(from + 21), equity: 1000, cash: 990, exposure: 10 }],
      fills, signals: [], openPositions: open,
    });
    // Fold 1 holds M, bought before, at its end; its D round trip is later in the month than M's last bar opened.
    const held: OpenPositionRow = { symbol: 'M', qty: 1, avgPrice: 10, openedAt: day(1), lastClose: 10, lastCloseAt: day(1) + 31 * DAY, unrealizedPnl: 0 };
    const first = settleFoldEnd(fold(1, [fill(day(1), 'M', 'buy'), fill(day(11), 'D', 'buy'), fill(day(21), 'D', 'sell')], [held]));
    const stitched = stitchRecords('wf', [first, fold(32, [fill(day(42), 'D', 'buy')], [])]);
    expect(stitched.fills.map((f) => `${f.symbol} ${f.reason}`)).toEqual(['M entry', 'M end', 'D entry', 'D signal', 'D entry']);
    const times = stitched.fills.map((f) => f.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
