import { setMaxListeners } from 'node:events';
import { AbortError, type Clock } from './clock.js';
import { ConclaveError, errorMessage } from './errors.js';
import type { Service } from './lifecycle.js';
import type { Logger } from './logger.js';

const REPEAT_LOG_MS = 60_000;
/** A loop slower than its interval is said at once, then at most this often while it stays so. */
const OVERRUN_LOG_MS = 3_600_000;

export interface LoopStats {
  intervalMs: number;
  runs: number;
  errors: number;
  /** Epoch ms of the last iteration that succeeded, or null. */
  lastOkAt: number | null;
  lastError: string | null;
  lastDurationMs: number;
  startedAt: number | null;
  /** Iterations that took longer than the interval (the next one then started late, ticks skipped). */
  overruns?: number;
}

export interface LoopOptions {
  name: string;
  intervalMs: number;
  clock: Clock;
  logger: Logger;
  /** One iteration. It should honour the signal, which aborts when the loop stops. */
  task: (signal: AbortSignal) => Promise<void>;
  /** What to do about an iteration longer than the interval, told in its warning (e.g. the scan's rate limit). */
  overrunHint?: () => string;
}

/**
 * Runs a task at a fixed rate, starting at once. Iterations never overlap: a slow one delays the next,
 * and missed ticks are skipped rather than bunched. A failing iteration is logged and counted; the loop goes on.
 */
export class Loop implements Service {
  readonly name: string;
  private readonly controller = new AbortController();
  private running: Promise<void> | null = null;
  private lastLoggedAt = -Infinity;
  private repeats = 0;
  private overrunSaidAt = -Infinity;
  private overrunsSaid = 0;
  private readonly s: LoopStats;

  constructor(private readonly options: LoopOptions) {
    this.name = options.name;
    // One iteration may hand the signal to many concurrent requests (a scan's fetches); that is not a leak.
    setMaxListeners(1024, this.controller.signal);
    this.s = { intervalMs: options.intervalMs, runs: 0, errors: 0, lastOkAt: null, lastError: null, lastDurationMs: 0, startedAt: null, overruns: 0 };
  }

  stats(): LoopStats {
    this.anchor(this.options.clock.now());
    return { ...this.s };
  }

  /**
   * A success (or start) dated after now was dated before the wall clock stepped back: judged from it, a loop that then
   * stopped succeeding looked fresh until the clock caught up again (an hour's step, an hour). It counts from now.
   */
  private anchor(now: number): void {
    if (this.s.lastOkAt !== null && this.s.lastOkAt > now) this.s.lastOkAt = now;
    if (this.s.startedAt !== null && this.s.startedAt > now) this.s.startedAt = now;
  }

  start(): void {
    if (this.running || this.controller.signal.aborted) return;
    this.s.startedAt = this.options.clock.now();
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort(new AbortError(`${this.name} stopped`));
    await this.running;
  }

  private async run(): Promise<void> {
    const { clock, intervalMs } = this.options;
    const signal = this.controller.signal;
    let next = clock.now();
    while (!signal.aborted) {
      await this.iterate();
      next += intervalMs;
      const now = clock.now();
      if (next <= now) next += Math.ceil((now - next + 1) / intervalMs) * intervalMs;
      // The wall clock stepped back (NTP, a VM restored from a snapshot): waiting for `next` would wait out the step,
      // the position checks silent for as long. The rate starts again from now.
      else if (next - now > intervalMs) next = now + intervalMs;
      try {
        await clock.sleep(next - now, signal);
      } catch {
        return; // aborted: the loop is stopping
      }
    }
  }

  private async iterate(): Promise<void> {
    const { clock, logger, task } = this.options;
    const started = clock.now();
    this.anchor(started);
    this.s.runs++;
    try {
      await task(this.controller.signal);
      this.s.lastOkAt = clock.now();
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.s.errors++;
      const message = errorMessage(error);
      const now = clock.now();
      // The same failure every few seconds would drown the log: repeat it at most once a minute, with a count.
      // (A last log dated after now was before the wall clock stepped back: due, not silent for the step.)
      if (message !== this.s.lastError || now - this.lastLoggedAt >= REPEAT_LOG_MS || now < this.lastLoggedAt) {
        logger.error(
          // A known condition (a source down, a replay file at its end) is told by its message; an unexpected error keeps its stack.
          { loop: this.name, err: error instanceof ConclaveError && error.kind !== 'invariant' ? message : error, run: this.s.runs, errors: this.s.errors, ...(this.repeats > 0 ? { repeatedSinceLastLog: this.repeats } : {}) },
          `${this.name} iteration failed; the loop goes on`,
        );
        this.lastLoggedAt = now;
        this.repeats = 0;
      } else {
        this.repeats++;
      }
      this.s.lastError = message;
    } finally {
      this.s.lastDurationMs = clock.now() - started;
      if (this.s.lastDurationMs > this.options.intervalMs && !this.controller.signal.aborted) this.overran(this.s.lastDurationMs);
    }
  }

  /**
   * An iteration longer than the interval: the next starts late and the ticks between are skipped (a model scan
   * misses the bars that closed meanwhile). Said at once and then hourly, with the count: before, only the health
   * line's run count, read against the clock, showed it.
   */
  private overran(durationMs: number): void {
    const { clock, logger, intervalMs, overrunHint } = this.options;
    const overruns = (this.s.overruns = (this.s.overruns ?? 0) + 1);
    const now = clock.now();
    if (now - this.overrunSaidAt < OVERRUN_LOG_MS && now >= this.overrunSaidAt) return;
    const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    // The next run waits for the first tick after this one ended (ticks missed are skipped, not bunched).
    const everyMs = Math.ceil(durationMs / intervalMs) * intervalMs;
    logger.warn(
      { loop: this.name, durationMs, intervalMs, overruns, sinceLastWarning: overruns - this.overrunsSaid },
      `${this.name}: a run took ${seconds(durationMs)}, longer than its interval of ${seconds(intervalMs)}, so it runs every ${seconds(everyMs)}, not every ${seconds(intervalMs)}${overrunHint ? `: ${overrunHint()}` : ''} (said again at most hourly)`,
    );
    this.overrunSaidAt = now;
    this.overrunsSaid = overruns;
  }
}
