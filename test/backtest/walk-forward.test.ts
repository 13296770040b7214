import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeries, type LoadedSeries } from '../../src/backtest/load-series.js';
import { parseWalkForwardArgument, splitFolds } from '../../src/backtest/walk-forward/folds.js';
import { chooseParameters, parameterGrid } from '../../src/backtest/walk-forward/choose-parameters.js';
import { buildReport } from '../../src/backtest/report/build-report.js';
import type { BacktestRecord } from '../../src/backtest/backtest-record.js';
import { loadSymbols, syntheticRecord } from './synthetic-record.js';
import { chooseForFold, runWalkForward } from '../../src/backtest/walk-forward/run-walk-forward.js';
import { configError } from '../helpers/config-error.js';
import { defaultConfig, GOOG, iso, ORCL, tempDir } from './helpers.js';

const files = [{ file: GOOG, symbol: 'GOOG' }];
const load = () => loadSeries(files, { from: iso('2005-01-01'), to: iso('2009-12-31') });

/** Every bar at or after `from` replaced by a wild one (a crash then a tenfold rally): a look at any of them shows. */
function poisonFrom(series: LoadedSeries[], from: number): LoadedSeries[] {
  return series.map((s) =>
    Object.assign({}, s, {
      bars: s.bars.map((b, i) => {
        if (b.time < from) return b;
        const p = i % 2 === 0 ? 1 : 1000;
        return { time: b.time, open: p, high: p * 1.5, low: p * 0.5, close: p, volume: 1 };
      }),
    }),
  );
}

describe('walk-forward folds', () => {
  it('takes K from 2 to 50 and names --walk-forward otherwise', () => {
    expect(parseWalkForwardArgument('3')).toBe(3);
    expect(parseWalkForwardArgument(undefined)).toBeUndefined();
    for (const bad of ['1', '0', '51', 'x', '2.5']) expect(configError(() => parseWalkForwardArgument(bad)).message).toMatch(/--walk-forward/);
  });

  it('cuts the span by time into contiguous folds of nearly equal steps, and refuses folds too short', async () => {
    const series = await load();
    const folds = splitFolds(series, 4);
    expect(folds.map((f) => f.index)).toEqual([1, 2, 3, 4]);
    expect(folds[0]!.first[0]).toBe(series[0]!.first);
    expect(folds[3]!.end[0]).toBe(series[0]!.end);
    for (let k = 1; k < 4; k++) {
      expect(folds[k]!.first[0]).toBe(folds[k - 1]!.end[0]);
      expect(folds[k]!.from).toBeGreaterThan(folds[k - 1]!.to);
      expect(Math.abs(folds[k]!.steps - folds[0]!.steps)).toBeLessThanOrEqual(1);
    }
    const short = await loadSeries(files, { from: iso('2005-01-03'), to: iso('2005-01-12') });
    expect(configError(() => splitFolds(short, 5)).message).toMatch(/--walk-forward 5 .*too short/);
  });
});

describe('walk-forward tuning', () => {
  it("chooses a fold's parameters from the folds before it alone: poisoning every bar from the fold on changes nothing", async () => {
    const series = await load();
    const config = defaultConfig();
    const folds = splitFolds(series, 3);
    for (const fold of folds.slice(1)) {
      const options = { config, files, outDir: tempDir() };
      const clean = await chooseForFold(series, fold, options);
      const poisoned = await chooseForFold(poisonFrom(series, series[0]!.bars[fold.first[0]!]!.time), fold, options);
      expect(clean.tried).toHaveLength(parameterGrid(config).length);
      expect(clean.tried.some((t) => t.sharpe !== null), 'the grid points trade in training').toBe(true);
      expect(poisoned).toEqual(clean);
    }
  }, 240_000);

  it('ranks a point that never traded in training (Sharpe 0) above one that lost, and one that won above both', async () => {
    const symbols = await loadSymbols([{ symbol: 'ORCL', file: 'backtrader__orcl-1995-2014.txt', last: 400 }]);
    const bySharpe = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => syntheticRecord('s', symbols, seed)).map((r) => ({ r, sharpe: buildReport(r).summary.sharpe! }));
    const losing = bySharpe.find((x) => x.sharpe < 0)!;
    const winning = bySharpe.find((x) => x.sharpe > 0)!;
    expect(losing, 'a seed of the synthetic trader loses').toBeDefined();
    expect(winning, 'a seed of the synthetic trader wins').toBeDefined();
    const flat: BacktestRecord = Object.assign({}, losing.r, { fills: [], openPositions: [], equity: losing.r.equity.map((e) => ({ time: e.time, equity: 100_000, cash: 100_000, exposure: 0 })) });
    const config = defaultConfig();
    const grid = parameterGrid(config);
    const pick = (records: BacktestRecord[]) => chooseParameters([], config, (_series, _config, label) => Promise.resolve(records[Number(label.slice(6)) - 1]!));
    // The configured point loses, the second never trades, the rest lose: the flat one is chosen, at Sharpe 0.
    const flatWins = await pick(grid.map((_, i) => (i === 1 ? flat : losing.r)));
    expect(flatWins.parameters).toEqual(grid[1]);
    expect(flatWins.trainingSharpe).toBe(0);
    expect(flatWins.tried[0]!.sharpe).toBeCloseTo(losing.sharpe, 12);
    // A point that made money is preferred to the flat one.
    const gainWins = await pick(grid.map((_, i) => (i === 1 ? flat : i === 2 ? winning.r : losing.r)));
    expect(gainWins.parameters).toEqual(grid[2]);
    expect(gainWins.trainingSharpe).toBeCloseTo(winning.sharpe, 12);
  });

  it("sells what is open at a fold's end as a market order would, slippage and fee paid, in that fold's last row and figures", async () => {
    const orcl = [{ file: ORCL, symbol: 'ORCL' }];
    const series = await loadSeries(orcl, {});
    const config = defaultConfig();
    const run = await runWalkForward(series, { config, files: orcl, outDir: tempDir() }, { folds: 4, seeds: 0 });
    const ends = run.record.fills.filter((f) => f.reason === 'end');
    expect(ends.length, 'a fold of ORCL ends holding a position').toBeGreaterThan(0);
    const bars = new Map(run.record.symbols[0]!.bars.map((b) => [b.time, b]));
    const equity = run.record.equity;
    const barMs = run.record.symbols[0]!.barMs;
    for (const fill of ends) {
      const { close: lastClose, low } = bars.get(fill.time)!;
      expect(fill.price).toBeCloseTo(Math.max(lastClose * (1 - config.slippageBps / 10_000), low), 9);
      expect(fill.fee).toBeCloseTo((fill.qty * fill.price * config.feeBps) / 10_000, 9);
      // The sale is at the last bar's close: the fold's last row (at that close) already holds what it left, nothing
      // held, as any fill dated at a bar shows in the row at that bar's close; the next fold starts from that cash.
      const at = equity.findIndex((e) => e.time === fill.time + barMs);
      const last = equity[at]!;
      const before = equity[at - 1]!;
      expect(last.exposure).toBe(0);
      expect(last.equity).toBe(last.cash);
      expect(last.cash).toBeCloseTo(before.cash + fill.qty * fill.price - fill.fee, 6);
    }
    const report = buildReport(run.record);
    const closed = report.symbols[0]!.pnl + report.symbols[0]!.unrealizedPnl;
    expect(closed).toBeCloseTo(report.summary.endEquity - report.summary.startEquity, 6);
    // Each fold's own figures count its fold-end sale: the folds' returns compound to the whole, their fees and round
    // trips add up to the whole's (they left the sale out: fold 2 of ORCL showed 1 round trip of its 2).
    const folds = run.walkForward.outOfSample;
    expect(folds.reduce((g, f) => g * (1 + f.totalReturn), 1) - 1).toBeCloseTo(report.summary.totalReturn, 9);
    expect(folds.reduce((n, f) => n + f.fees, 0)).toBeCloseTo(report.summary.fees, 6);
    expect(folds.reduce((n, f) => n + f.trades, 0)).toBe(report.summary.trades);
  }, 240_000);

  it('is deterministic: the same inputs give the same stitched record, folds and baseline', async () => {
    const series = await load();
    const run = () => runWalkForward(series, { config: defaultConfig(), files, outDir: tempDir() }, { folds: 3, seeds: 2 });
    const [a, b] = [await run(), await run()];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.walkForward.outOfSample.map((f) => f.fold)).toEqual([2, 3]);
    expect(a.record.equity[0]!.time).toBe(iso(a.walkForward.outOfSample[0]!.from));
    expect(a.baseline?.seeds).toBe(2);
  }, 240_000);
});

describe('conclave backtest --walk-forward (the real process)', () => {
  const conclave = (args: string[]) =>
    spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });

  it('exits 78 naming --walk-forward for K < 2 and for folds too short to hold bars', () => {
    for (const [args, message] of [
      [['--walk-forward', '1', ORCL], /--walk-forward "1" is not allowed/],
      [['--walk-forward', '5', '--from', '2012-01-03', '--to', '2012-01-10', '--out', tempDir(), ORCL], /--walk-forward 5 cuts .* too short/],
    ] as [string[], RegExp][]) {
      const r = conclave(args);
      expect(r.status, args.join(' ')).toBe(78);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);

  it('writes out-of-sample figures only, byte-identical from run to run', () => {
    const [a, b] = [tempDir(), tempDir()];
    const args = ['--from', '2006-01-01', '--to', '2009-12-31', '--walk-forward', '3', '--baseline-seeds', '2', `GOOG=${GOOG}`];
    const first = conclave([...args, '--out', a]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/walk-forward, 3 folds/);
    expect(conclave([...args, '--out', b]).status).toBe(0);
    for (const file of ['report.json', 'fills.csv', 'trades.csv', 'equity.csv', 'report.html']) {
      expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
    }
    const report = JSON.parse(readFileSync(join(a, 'report.json'), 'utf8')) as { span: { from: string }; walkForward: { trainingOnly: { to: string }; outOfSample: { from: string }[] }; baseline: { seeds: number } };
    expect(report.span.from).toBe(report.walkForward.outOfSample[0]!.from);
    expect(report.span.from > report.walkForward.trainingOnly.to).toBe(true);
    expect(report.baseline.seeds).toBe(2);
    expect(readFileSync(join(a, 'report.html'), 'utf8')).toMatch(/Walk-forward/);
  }, 120_000);
});
