/**
 * `conclave backtest --walk-forward K`: the span cut into K folds by time; for each fold from the second on, the
 * parameters are chosen on the folds before it (choose-parameters.ts), then the fold runs with them, its earlier bars
 * visible as history. The folds' runs are stitched into one out-of-sample record; the coin-flip baseline runs the same
 * folds with the same parameters, so panel, coin flips and buy-and-hold cover the same out-of-sample span.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestRecord } from '../backtest-record.js';
import { runBaseline, type BaselineOptions } from '../baseline.js';
import { comparableSharpe, type SeedFigures } from '../seed-job.js';
import type { LoadedSeries } from '../load-series.js';
import { summaryOf } from '../report/build-report.js';
import { isoTime, reportFinite, reportNullable } from '../report/report-number.js';
import type { BaselineReport, WalkForwardFold, WalkForwardReport } from '../report/report-types.js';
import { addNewsCounts, runLoadedBacktest, type BacktestOptions, type BacktestRun, type NewsCounts } from '../run-backtest.js';
import { runFolds, runOptions } from './run-folds.js';
import { chooseParameters, parameterGrid, withParameters, type Choice } from './choose-parameters.js';
import { foldBars, sliceSeries, splitFolds, type Fold } from './folds.js';
import { stitchRecords } from './stitch.js';

export interface WalkForwardOptions {
  folds: number;
  /** Coin-flip seeds over the out-of-sample folds (0 = none). */
  seeds: number;
  /** Called after each run (training points, folds, seeds' folds) with runs done and the total. */
  onRun?: (done: number, total: number) => void;
  /** Worker threads for the seeds and what they need to load the same files (baseline.ts); none: in this thread. */
  workers?: Pick<BaselineOptions, 'jobs' | 'span' | 'newsPath' | 'logFile'>;
  /** Runs the seeds once the folds are complete (the command: threads sized then, a stop taken); absent: at once. */
  runSeeds?: RunSeeds;
}

/**
 * Runs a walk-forward's coin-flip seeds, given how to start them (on `jobs` threads, `onSeed` called as each ends) and
 * the panel's out-of-sample Sharpe; answers their baseline, or undefined when none is to be reported.
 */
export type RunSeeds = (
  start: (jobs: number | undefined, onSeed?: BaselineOptions['onSeed'], signal?: AbortSignal) => Promise<BaselineReport>,
  panelSharpe: number | null,
) => Promise<BaselineReport | undefined>;

export interface WalkForwardRun {
  /** The out-of-sample folds stitched into one record. */
  record: BacktestRecord;
  walkForward: WalkForwardReport;
  baseline?: BaselineReport;
  bars: number;
  steps: number;
  /** The out-of-sample folds' news counts and cancelled orders, summed, as BacktestRun has them for one run. */
  news?: NewsCounts;
  expiredOrders: number;
}

/** A fold's bars' open times, ISO 8601, for the report (folds.ts: foldBars). */
function barTimes(series: readonly LoadedSeries[], fold: Fold): { firstBar: string; lastBar: string } {
  const { firstBar, lastBar } = foldBars(series, fold);
  return { firstBar: isoTime(firstBar), lastBar: isoTime(lastBar) };
}

/** The folds' first bars as history: from the span's first bar (as --from gave it) to the fold's first bar. */
const trainingSeries = (series: LoadedSeries[], fold: Fold) => sliceSeries(series, series.map((s) => s.first), fold.first);

/** The parameters for `fold` (index >= 2), chosen from the folds before it only. */
export async function chooseForFold(series: LoadedSeries[], fold: Fold, options: BacktestOptions, after?: () => void): Promise<Choice> {
  const dir = join(options.outDir, 'walk-forward-training');
  try {
    return await chooseParameters(trainingSeries(series, fold), options.config, async (training, config, label) => {
      const run = await runLoadedBacktest(training, runOptions(options, config, join(dir, `fold-${fold.index}-${label}`), `training-${fold.index}-${label}`));
      rmSync(join(dir, `fold-${fold.index}-${label}`), { recursive: true, force: true });
      after?.();
      return run.record;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runWalkForward(series: LoadedSeries[], options: BacktestOptions, walk: WalkForwardOptions): Promise<WalkForwardRun> {
  const folds = splitFolds(series, walk.folds);
  const outOfSample = folds.slice(1);
  const gridSize = parameterGrid(options.config).length;
  const total = (gridSize + 1 + walk.seeds) * outOfSample.length;
  let done = 0;
  const tick = () => walk.onRun?.(++done, total);

  const choices: Choice[] = [];
  for (const fold of outOfSample) choices.push(await chooseForFold(series, fold, options, tick));
  const configs = choices.map((c) => withParameters(options.config, c.parameters));
  const name = options.name ?? 'walk-forward';
  let expiredOrders = 0;
  let news: NewsCounts | undefined;
  const counted = (run: BacktestRun) => {
    expiredOrders += run.expiredOrders ?? 0;
    if (run.news) news = addNewsCounts(news, run.news);
    tick();
  };
  const records = await runFolds(series, outOfSample, configs, options, (f) => join(options.outDir, 'folds', `fold-${f.index}`), () => ({}), counted);
  const record = stitchRecords(name, records);

  // The coin flips run the same folds with the same parameters (in this thread, or spread over worker threads).
  const panelSharpe = comparableSharpe(summaryOf(record));
  const start: Parameters<RunSeeds>[0] = (jobs, onSeed, signal) =>
    runBaseline(series, options, Object.assign({ seeds: walk.seeds, panelSharpe, walkForward: { folds: walk.folds, configs } }, walk.workers ?? {}, jobs !== undefined ? { jobs } : {}, signal ? { signal } : {}, {
      onSeed: (done: number, total: number, figures: SeedFigures) => {
        outOfSample.forEach(tick);
        onSeed?.(done, total, figures);
      },
    }));
  const baseline = walk.seeds > 0 ? await (walk.runSeeds ? walk.runSeeds(start, panelSharpe) : start(undefined)) : undefined;

  const walkForward: WalkForwardReport = {
    folds: walk.folds,
    grid: {
      buyThreshold: [...new Set(parameterGrid(options.config).map((p) => p.buyThreshold))],
      costMultiple: [...new Set(parameterGrid(options.config).map((p) => p.costMultiple))],
      criterion: 'sharpe',
    },
    trainingOnly: { from: isoTime(folds[0]!.from), to: isoTime(folds[0]!.to), steps: folds[0]!.steps, ...barTimes(series, folds[0]!) },
    outOfSample: outOfSample.map((fold, i): WalkForwardFold => {
      const s = summaryOf(records[i]!);
      return {
        fold: fold.index,
        from: isoTime(fold.from),
        to: isoTime(fold.to),
        ...barTimes(series, fold),
        steps: fold.steps,
        trainedFrom: isoTime(folds[0]!.from),
        trainedTo: isoTime(folds[i]!.to),
        parameters: choices[i]!.parameters,
        trainingSharpe: reportNullable(choices[i]!.trainingSharpe),
        totalReturn: reportFinite(s.totalReturn),
        sharpe: reportNullable(s.sharpe),
        maxDrawdown: reportFinite(s.maxDrawdown),
        trades: s.trades,
        fees: reportFinite(s.fees),
      };
    }),
  };
  const steps = outOfSample.reduce((n, f) => n + f.steps, 0);
  const bars = outOfSample.reduce((n, f) => n + f.end.reduce((m, e, i) => m + e - f.first[i]!, 0), 0);
  return Object.assign({ record, walkForward, bars, steps, expiredOrders }, baseline ? { baseline } : {}, news ? { news } : {});
}

