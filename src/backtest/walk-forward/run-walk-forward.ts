/**
 * `conclave backtest --walk-forward K`: the span cut into K folds by time; for each fold from the second on, the
 * parameters are chosen on the folds before it (choose-parameters.ts), then the fold runs with them, its earlier bars
 * visible as history. The folds' runs are stitched into one out-of-sample record; the coin-flip baseline runs the same
 * folds with the same parameters, so panel, coin flips and buy-and-hold cover the same out-of-sample span.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDefaultAgents, type DefaultAgentsOptions } from '../../agents/default-agents.js';
import type { Config } from '../../config/config.js';
import { withChanges } from '../../core/with-changes.js';
import type { BacktestRecord } from '../backtest-record.js';
import { percentileOf, percentiles } from '../baseline.js';
import { comparableSharpe } from '../seed-job.js';
import { coinFlipPanel } from '../coin-flip-agents.js';
import type { LoadedSeries } from '../load-series.js';
import { buildReport } from '../report/build-report.js';
import { isoTime, reportFinite, reportNullable } from '../report/report-number.js';
import type { BaselineReport, WalkForwardFold, WalkForwardReport } from '../report/report-types.js';
import { runLoadedBacktest, type BacktestOptions } from '../run-backtest.js';
import { chooseParameters, parameterGrid, withParameters, type Choice } from './choose-parameters.js';
import { sliceSeries, splitFolds, type Fold } from './folds.js';
import { stitchRecords } from './stitch.js';

export interface WalkForwardOptions {
  folds: number;
  /** Coin-flip seeds over the out-of-sample folds (0 = none). */
  seeds: number;
  /** Called after each run (training points, folds, seeds) with runs done and the total. */
  onRun?: (done: number, total: number) => void;
}

export interface WalkForwardRun {
  /** The out-of-sample folds stitched into one record. */
  record: BacktestRecord;
  walkForward: WalkForwardReport;
  baseline?: BaselineReport;
  bars: number;
  steps: number;
}

/** The folds' first bars as history: from the span's first bar (as --from gave it) to the fold's first bar. */
const trainingSeries = (series: LoadedSeries[], fold: Fold) => sliceSeries(series, series.map((s) => s.first), fold.first);
const foldSeries = (series: LoadedSeries[], fold: Fold) => sliceSeries(series, fold.first, fold.end);

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

function runOptions(options: BacktestOptions, config: Config, outDir: string, name: string, extra: Partial<BacktestOptions> = {}): BacktestOptions {
  return Object.assign(
    { config, files: options.files, outDir, name },
    options.news ? { news: options.news } : {},
    options.logDestination ? { logDestination: options.logDestination } : {},
    extra,
  );
}

/** Runs the out-of-sample folds one after another, each starting flat with the equity the previous one ended with. */
async function runFolds(series: LoadedSeries[], folds: readonly Fold[], configs: readonly Config[], options: BacktestOptions, dirOf: (fold: Fold) => string, extra: (fold: Fold) => Partial<BacktestOptions>, after?: () => void) {
  const records: BacktestRecord[] = [];
  let cash = options.config.startingCash;
  for (const [i, fold] of folds.entries()) {
    const config = withChanges(configs[i]!, { startingCash: cash });
    const run = await runLoadedBacktest(foldSeries(series, fold), runOptions(options, config, dirOf(fold), `fold-${fold.index}`, extra(fold)));
    records.push(run.record);
    cash = run.record.equity.at(-1)?.equity ?? cash;
    after?.();
  }
  return records;
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
  const records = await runFolds(series, outOfSample, configs, options, (f) => join(options.outDir, 'folds', `fold-${f.index}`), () => ({}), tick);
  const record = stitchRecords(name, records);

  let baseline: BaselineReport | undefined;
  if (walk.seeds > 0) {
    const rules = createDefaultAgents(options.config.agents as DefaultAgentsOptions);
    const sharpes: number[] = [];
    const returns: number[] = [];
    const dir = join(options.outDir, 'baseline');
    try {
      for (let seed = 1; seed <= walk.seeds; seed++) {
        const seedRecords = await runFolds(series, outOfSample, configs, options, (f) => join(dir, `seed-${seed}-fold-${f.index}`), () => ({ agents: coinFlipPanel(rules, seed) }), tick);
        const summary = buildReport(stitchRecords(`baseline-${seed}`, seedRecords)).summary;
        const sharpe = comparableSharpe(summary);
        if (sharpe !== null) sharpes.push(sharpe);
        returns.push(summary.totalReturn);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const panelSharpe = comparableSharpe(buildReport(record).summary);
    baseline = { seeds: walk.seeds, sharpe: percentiles(sharpes), totalReturn: percentiles(returns), panelPercentile: panelSharpe === null ? null : percentileOf(sharpes, panelSharpe) };
  }

  const walkForward: WalkForwardReport = {
    folds: walk.folds,
    grid: {
      buyThreshold: [...new Set(parameterGrid(options.config).map((p) => p.buyThreshold))],
      costMultiple: [...new Set(parameterGrid(options.config).map((p) => p.costMultiple))],
      criterion: 'sharpe',
    },
    trainingOnly: { from: isoTime(folds[0]!.from), to: isoTime(folds[0]!.to), steps: folds[0]!.steps },
    outOfSample: outOfSample.map((fold, i): WalkForwardFold => {
      const s = buildReport(records[i]!).summary;
      return {
        fold: fold.index,
        from: isoTime(fold.from),
        to: isoTime(fold.to),
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
  return Object.assign({ record, walkForward, bars, steps }, baseline ? { baseline } : {});
}

