/**
 * The honest baseline: the same pipeline over the same bars, with the directional agents replaced by seeded coin
 * flips (coin-flip-agents.ts), once per seed. Where the real panel's Sharpe falls among the seeds' says whether its
 * decisions can be told from chance. The runs are independent, each in its own folder (removed once its figures are
 * read): one after the other in this thread, or spread over worker threads (`jobs`), each holding one run at a time.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedSeries, Span } from './load-series.js';
import type { BaselineReport, Percentiles } from './report/report-types.js';
import type { BacktestOptions } from './run-backtest.js';
import { seedRunner, type SeedFigures, type SeedJob } from './seed-job.js';
import { runSeedsInWorkers, seedWorkerScript, type SeedBars } from './seed-pool.js';

export interface BaselineOptions {
  seeds: number;
  /** The panel's Sharpe, placed in the seeds' distribution (null: no percentile). */
  panelSharpe: number | null;
  /** Called after each seed's run with seeds done, the total and that seed's figures. */
  onSeed?: (done: number, total: number, figures: SeedFigures) => void;
  /** Called as each seed's run goes, with its bars revealed and their total (a plain run's seeds only). */
  onSeedBars?: SeedBars;
  /**
   * Worker threads to run seeds on at once (default 1: one after the other, in this thread), and the span the series
   * were loaded with (a worker loads the same files again). More than one only where the compiled worker exists.
   */
  jobs?: number;
  span?: Span;
  /** Recorded news by path, for the workers (they cannot receive the command's functions). */
  newsPath?: string;
  logFile?: string;
  /** A walk-forward's seeds: its fold count and the configurations chosen for its out-of-sample folds. */
  walkForward?: SeedJob['walkForward'];
  /**
   * Aborted by a stop: the workers are terminated and the seeds that ended answered once they have exited; in this
   * thread, the seed under way is left to the process's exit and no other starts.
   */
  signal?: AbortSignal;
}

/** The first seed; seed k of a run is FIRST_SEED + k, so N seeds are always the same N. */
const FIRST_SEED = 1;

export async function runBaseline(series: LoadedSeries[], options: BacktestOptions, baseline: BaselineOptions): Promise<BaselineReport> {
  const seeds = Array.from({ length: baseline.seeds }, (_, k) => FIRST_SEED + k);
  const job: SeedJob = {
    files: [...options.files],
    ...(baseline.span ? { span: baseline.span } : {}),
    config: options.config,
    outDir: options.outDir,
    ...(baseline.newsPath !== undefined ? { newsPath: baseline.newsPath } : {}),
    ...(baseline.logFile !== undefined ? { logFile: baseline.logFile } : {}),
    ...(baseline.walkForward ? { walkForward: baseline.walkForward } : {}),
  };
  const script = (baseline.jobs ?? 1) > 1 && seeds.length > 1 ? seedWorkerScript() : null;
  let figures: SeedFigures[];
  if (script) {
    figures = await runSeedsInWorkers(script, job, seeds, baseline.jobs!, baseline.onSeed, baseline.onSeedBars, baseline.signal);
  } else {
    // In this thread, one seed after the other, each in its own folder: memory stays that of one run.
    const runner = seedRunner(series, job, { ...(options.news ? { news: options.news } : {}), ...(options.logDestination ? { logDestination: options.logDestination } : {}) });
    figures = [];
    const signal = baseline.signal;
    const stopped = new Promise<null>((resolve) => signal?.addEventListener('abort', () => resolve(null), { once: true }));
    for (const seed of seeds) {
      const bars = baseline.onSeedBars;
      const ended = await Promise.race([runner.run(seed, bars ? (done, total) => bars(seed, done, total) : undefined), stopped]);
      if (!ended || signal?.aborted) break;
      figures.push(ended);
      baseline.onSeed?.(figures.length, seeds.length, ended);
    }
  }
  rmSync(join(options.outDir, 'baseline'), { recursive: true, force: true });
  return baselineOf(figures, baseline.panelSharpe);
}

/**
 * The seeds 1..k of `figures` that ended, k as large as it goes without a gap: what `--baseline-seeds k` gives, the
 * figures of a baseline stopped part-way (a seed that ended before an earlier one is left out with it).
 */
export function seedPrefix(figures: readonly SeedFigures[]): SeedFigures[] {
  const sorted = [...figures].sort((a, b) => a.seed - b.seed);
  const prefix: SeedFigures[] = [];
  for (const f of sorted) {
    if (f.seed !== FIRST_SEED + prefix.length) break;
    prefix.push(f);
  }
  return prefix;
}

/** The baseline's report from its seeds' figures (in seed order) and the panel's Sharpe. */
export function baselineOf(figures: readonly SeedFigures[], panelSharpe: number | null): BaselineReport {
  const sharpes = figures.flatMap((f) => (f.sharpe === null ? [] : [f.sharpe]));
  return {
    seeds: figures.length,
    sharpe: percentiles(sharpes),
    totalReturn: percentiles(figures.map((f) => f.totalReturn)),
    panelPercentile: panelSharpe === null ? null : percentileOf(sharpes, panelSharpe),
    runs: figures.map((f) => ({ seed: f.seed, sharpe: f.sharpe, totalReturn: f.totalReturn })),
  };
}

/** p10, p50 and p90 by linear interpolation between order statistics; nulls with no value. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number | null => {
    if (sorted.length === 0) return null;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** The share of `values` below `x`, ties counting half: 1 means above every seed. Null with no values. */
export function percentileOf(values: readonly number[], x: number): number | null {
  if (values.length === 0) return null;
  let below = 0;
  for (const v of values) below += v < x ? 1 : v === x ? 0.5 : 0;
  return below / values.length;
}
