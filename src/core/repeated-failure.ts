import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface RepeatedFailureStats {
  failures: number;
  lastError: string | null;
}

/**
 * Something that may fail again and again while it retries on its own (a background pass, a polled look-up):
 * every failure is counted, the first is logged, and then at most one warning per `everyMs` on the clock, saying how
 * many failed since the last one. Without a clock, the 10th, 100th, 1000th… failure is logged instead.
 */
export class RepeatedFailure {
  private failures = 0;
  private lastError: string | null = null;
  private warnedAt = -Infinity;
  private warnedFailures = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
    private readonly options: { clock?: Clock; everyMs?: number; level?: 'warn' | 'error' } = {},
  ) {}

  record(error: string, fields: Record<string, unknown> = {}): void {
    this.failures++;
    this.lastError = error;
    const now = this.options.clock?.now();
    const due =
      this.failures === 1 ||
      // A warning dated after now was given before the wall clock stepped back: due again, not after the step.
      (now !== undefined ? now - this.warnedAt >= (this.options.everyMs ?? 60_000) || now < this.warnedAt : Number.isInteger(Math.log10(this.failures)));
    if (!due) return;
    this.logger[this.options.level ?? 'warn'](
      Object.assign({ err: error, failures: this.failures, sinceLastWarning: this.failures - this.warnedFailures }, fields),
      this.message,
    );
    if (now !== undefined) this.warnedAt = now;
    this.warnedFailures = this.failures;
  }

  stats(): RepeatedFailureStats {
    return { failures: this.failures, lastError: this.lastError };
  }
}
