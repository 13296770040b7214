import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Agent } from '../agents/agent-port.js';
import { createDefaultAgents, type DefaultAgentsOptions } from '../agents/default-agents.js';
import type { Config } from '../config/config.js';
import type { VirtualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { loadRecordedNews } from '../news/recorded-news.js';
import { coinFlipPanel } from './coin-flip-agents.js';
import { StrengthMemo } from './strength-memo.js';
import type { LoadedSeries, SeriesSpec, Span } from './load-series.js';
import { summaryOf } from './report/build-report.js';
import { runLoadedBacktest, type BacktestOptions } from './run-backtest.js';
import { splitFolds } from './walk-forward/folds.js';
import { runFolds } from './walk-forward/run-folds.js';
import { stitchRecords } from './walk-forward/stitch.js';

/**
 * One coin-flip run, described by plain data only, so a worker thread can run it from the same files: the command's
 * files and span (loaded again where it runs, the same bars), its configuration, recorded news and log file by path.
 */
export interface SeedJob {
  files: SeriesSpec[];
  /** The span the files are loaded over, as the command's were. */
  span?: Span;
  config: Config;
  /** The seeds' folders go under it (each removed once its figures are read). */
  outDir: string;
  newsPath?: string;
  /** The parts' log lines are appended here (the command's backtest.log). */
  logFile?: string;
  /**
   * A walk-forward's seed: the span cut into `folds` as the panel's was, and the out-of-sample folds run one after
   * another, each with the configuration chosen for it (`configs`, from the second fold on), then stitched.
   */
  walkForward?: { folds: number; configs: Config[] };
}

export interface SeedFigures {
  seed: number;
  sharpe: number | null;
  totalReturn: number;
}

/**
 * The Sharpe ratio a run is placed by among the coin flips: a run whose equity never moved (it never traded) earned
 * nothing at no risk and counts as 0, so flat seeds stay in the distribution (they were left out, while `seeds` still
 * counted them) and a panel that never trades is placed among seeds that did. Null only with no figure at all.
 */
export function comparableSharpe(summary: { sharpe: number | null; volatility: number | null }): number | null {
  return summary.sharpe ?? (summary.volatility === 0 ? 0 : null);
}

/** Runs seeds of one job, each in its own folder (removed once its figures are read). */
export interface SeedRunner {
  /** `onProgress`: the seed's bars revealed of its total, after each calendar step (not for a walk-forward's folds). */
  run(seed: number, onProgress?: (done: number, total: number) => void): Promise<SeedFigures>;
}

/** Runs seeds of `job` over `series` (already loaded) in this thread. */
export function seedRunner(series: LoadedSeries[], job: SeedJob, parts: Pick<BacktestOptions, 'news' | 'logDestination'> = {}): SeedRunner {
  const rules: Agent[] = createDefaultAgents(job.config.agents as DefaultAgentsOptions);
  // Its seeds share what the bar-reading agents answered (the same rules over the same files).
  const memo = new StrengthMemo();
  const walk = job.walkForward;
  const outOfSample = walk ? splitFolds(series, walk.folds).slice(1) : [];
  return {
    async run(seed, onProgress) {
      const outDir = join(job.outDir, 'baseline', `seed-${seed}`);
      try {
        const options = Object.assign({ config: job.config, files: job.files, outDir, logRun: `baseline-${seed}` }, parts);
        const agents = coinFlipPanel(rules, seed, memo);
        const record = walk
          ? stitchRecords(`baseline-${seed}`, await runFolds(series, outOfSample, walk.configs, options, (f) => join(outDir, `fold-${f.index}`), () => ({ agents })))
          : (await runLoadedBacktest(series, Object.assign({ name: `baseline-${seed}`, agents }, options, onProgress ? { onProgress } : {}))).record;
        const summary = summaryOf(record);
        return { seed, sharpe: comparableSharpe(summary), totalReturn: summary.totalReturn };
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
  };
}

/** The job's news and log, built where the job runs (a worker cannot receive the command's functions). */
export function jobParts(job: SeedJob): Pick<BacktestOptions, 'news' | 'logDestination'> {
  const log = job.logFile ? pino.destination({ dest: job.logFile, sync: true, append: true }) : undefined;
  const newsPath = job.newsPath;
  const news = newsPath === undefined
    ? undefined
    // The panel's run logged the file's rejected items already: a coin flip's copy of them (unlabelled) doubled them.
    : (clock: VirtualClock, lookbackMs: number) => loadRecordedNews(newsPath, clock, createLogger({ level: 'error', clock, ...(log ? { destination: log } : {}) }), { lookbackMs });
  return { ...(news ? { news } : {}), ...(log ? { logDestination: log } : {}) };
}
