/**
 * Running the walk-forward's folds: each fold's run sees the bars before it as history and starts flat with the
 * equity the previous fold ended with. The panel's folds and every coin-flip seed's folds (in this thread or on a
 * worker) run through here, so they cover the same out-of-sample span the same way.
 */
import type { Config } from '../../config/config.js';
import { withChanges } from '../../core/with-changes.js';
import type { BacktestRecord } from '../backtest-record.js';
import type { LoadedSeries } from '../load-series.js';
import { runLoadedBacktest, type BacktestOptions, type BacktestRun } from '../run-backtest.js';
import { sliceSeries, type Fold } from './folds.js';
import { settleFoldEnd } from './stitch.js';

/** A fold's run: its bars, and every bar before them from the span's first (as --from gave it) as history. */
export const foldSeries = (series: LoadedSeries[], fold: Fold) => sliceSeries(series, fold.first, fold.end);

/**
 * One run's options: the command's files, news and log, with this run's configuration, folder and name; its log lines
 * carry the name (under a coin flip's: `baseline-3/fold-2`).
 */
export function runOptions(options: BacktestOptions, config: Config, outDir: string, name: string, extra: Partial<BacktestOptions> = {}): BacktestOptions {
  return Object.assign(
    { config, files: options.files, outDir, name, logRun: options.logRun ? `${options.logRun}/${name}` : name },
    options.news ? { news: options.news } : {},
    options.logDestination ? { logDestination: options.logDestination } : {},
    extra,
  );
}

/**
 * Runs the out-of-sample folds one after another, each starting flat with the cash the previous one ended with once
 * its open positions were sold at their last close (slippage and fee paid). Returns the folds' records as they count:
 * every fold but the last settled at its end (settleFoldEnd), the last with what it still holds.
 */
export async function runFolds(
  series: LoadedSeries[],
  folds: readonly Fold[],
  configs: readonly Config[],
  options: BacktestOptions,
  dirOf: (fold: Fold) => string,
  extra: (fold: Fold) => Partial<BacktestOptions>,
  after?: (run: BacktestRun) => void,
): Promise<BacktestRecord[]> {
  const records: BacktestRecord[] = [];
  let cash = options.config.startingCash;
  for (const [i, fold] of folds.entries()) {
    const config = withChanges(configs[i]!, { startingCash: cash });
    // The news before the fold counts as seen: its previous fold's run saw it (a run over the whole span would too).
    const run = await runLoadedBacktest(foldSeries(series, fold), runOptions(options, config, dirOf(fold), `fold-${fold.index}`, Object.assign({ historyNewsSeen: true }, extra(fold))));
    const record = i < folds.length - 1 ? settleFoldEnd(run.record) : run.record;
    records.push(record);
    cash = record.equity.at(-1)?.equity ?? cash;
    after?.(run);
  }
  return records;
}
