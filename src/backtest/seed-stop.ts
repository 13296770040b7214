import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { baselineOf, seedPrefix } from './baseline.js';
import type { CliIo } from './backtest-command.js';
import type { BaselineReport } from './report/report-types.js';
import type { SeedFigures } from './seed-job.js';
import { freeMemory, seedThreads } from './seed-threads.js';

/** What the seeds' worker threads are sized by: the memory free, and what the panel's run took (this process's). */
export const measuredMemory = (): { free: number; perRun: number } => ({ free: freeMemory(), perRun: process.memoryUsage().rss });

/**
 * The seeds' worker threads, once the panel's run (a plain run's, or a walk-forward's folds) is complete: `jobs` (from
 * --jobs or the cores) no more than the free memory holds, at what the panel's run took each (seed-threads.ts); the
 * note on stderr when memory lowered it or will not hold a --jobs given.
 */
export function seedJobs(io: CliIo, jobs: number, seeds: number, given: boolean): number {
  const threads = seedThreads(jobs, seeds, (io.memory ?? measuredMemory)(), given ? jobs : undefined);
  if (threads.note) io.err(`conclave backtest: note: ${threads.note}`);
  return threads.jobs;
}

/**
 * A stop (SIGINT, SIGTERM) during the coin-flip seeds, the panel's run complete: the command takes it and ends with
 * the panel's report among the seeds 1..k that ended, as --baseline-seeds k gives (a 50-symbol run's panel, minutes of
 * work, was lost with nothing reported). A plain run's seeds and a walk-forward's go through here alike.
 */
export class SeedStop {
  private readonly ended: SeedFigures[] = [];
  private signal: NodeJS.Signals | null = null;
  private endedAtStop = 0;
  private kept = 0;

  constructor(
    private readonly io: CliIo,
    private readonly seeds: number,
  ) {}

  /** The signal that stopped the seeds, or null. */
  get stopped(): NodeJS.Signals | null {
    return this.signal;
  }

  /**
   * Runs the seeds (`start`, given what to call as each ends and the signal a stop aborts); a stop meanwhile ends them
   * (baseline.ts: the workers terminated, the seed under way in this thread left to the process's exit), with the
   * baseline of the seeds 1..k that ended (none: undefined).
   */
  async run(panelSharpe: number | null, start: (onSeed: (done: number, total: number, figures: SeedFigures) => void, signal: AbortSignal) => Promise<BaselineReport>): Promise<BaselineReport | undefined> {
    if (this.seeds === 0) return undefined;
    const stop = new AbortController();
    const stops = this.io.stops;
    if (stops) {
      stops.take = (signal) => {
        this.signal = signal;
        stop.abort();
        return true;
      };
    }
    let baseline: BaselineReport | undefined;
    try {
      baseline = await start((_done, _total, figures) => void this.ended.push(figures), stop.signal);
    } finally {
      if (stops) stops.take = null;
    }
    if (!this.signal) return baseline;
    this.endedAtStop = this.ended.length;
    const kept = seedPrefix(this.ended);
    this.kept = kept.length;
    return kept.length > 0 ? baselineOf(kept, panelSharpe) : undefined;
  }

  /**
   * After the report of a stopped run: removes the seeds' folders (their runs are given up), says what the report
   * holds, and returns the exit code (130 for SIGINT, 143 for SIGTERM).
   */
  finishStopped(outDir: string, what: string): number {
    rmSync(join(outDir, 'baseline'), { recursive: true, force: true });
    const among = this.kept === 1 ? 'seed 1' : `seeds 1 to ${this.kept}`;
    const placed = this.kept > 0 ? `places the panel among ${among}, as --baseline-seeds ${this.kept} would` : 'has no coin-flip baseline, as --baseline-seeds 0 would';
    this.io.err(`conclave backtest: stopped by ${this.signal} during the coin-flip baseline, ${this.endedAtStop} of ${this.seeds} seeds ended: ${what} complete, and its report ${placed}`);
    return this.signal === 'SIGINT' ? 130 : 143;
  }
}
