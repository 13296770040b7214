import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { isoTime } from '../core/iso-time.js';
import { duration } from '../market/live-bar-time.js';

/** A step smaller than this is left unsaid: NTP slews a few ms a minute, and the two clocks are read a moment apart. */
const TOLERANCE_MS = 5_000;

/**
 * Tells the operator when the wall clock jumps: its progress since the last check against the monotonic clock's (which
 * timers run on, and which stands still while the machine sleeps). Backwards: NTP correcting a clock that ran fast, a VM
 * restored from a snapshot, the date set by hand. Forwards: the machine or VM suspended and resumed, or the clock
 * corrected. Either leaves marks in the logs and the store (times out of order, a gap) that are otherwise unexplained.
 * A virtual clock is never judged: it moves by hand, not with real time.
 */
export class ClockStepWatch {
  private last: { wall: number; monotonic: number } | null = null;
  steps = 0;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** Compares the clocks' progress since the last call; logs a step past the tolerance and returns it (ms, < 0: back), else 0. */
  check(): number {
    if (!this.clock.live) return 0;
    const now = { wall: this.clock.now(), monotonic: this.monotonic() };
    const last = this.last;
    this.last = now;
    if (!last) return 0;
    const step = Math.round(now.wall - last.wall - (now.monotonic - last.monotonic));
    if (Math.abs(step) < TOLERANCE_MS) return 0;
    this.steps++;
    const fields = { stepMs: step, now: isoTime(now.wall), expected: isoTime(now.wall - step) };
    if (step < 0) {
      this.logger.warn(
        fields,
        `the wall clock stepped back by ${duration(-step)} (NTP correcting it, a VM restored from a snapshot, or the date set by hand): ` +
          'rows and log lines written from now on are dated before some written earlier; check the machine\'s time sync (timedatectl)',
      );
    } else {
      this.logger.warn(
        fields,
        `the wall clock jumped forward by ${duration(step)} more than this process ran (the machine or VM was suspended, or the clock was corrected): ` +
          'prices and bars read before it are that old; each loop reads fresh ones at its next run',
      );
    }
    return step;
  }
}
