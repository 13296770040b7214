/**
 * How far this machine's clock stands from an exchange's, read from the `Date` header of the exchange's answers (no
 * request of its own). A candle is taken as closed by the clock's now: a clock a few seconds ahead took the candle
 * still forming for a closed one (a decision on part of a bar, said nowhere), and a clock behind reads bars late and,
 * past the exchange's window (Binance: 1 s ahead, 10 s behind), has its orders refused.
 *
 * Each answer bounds the offset (this clock minus the exchange's): the header is the exchange's time truncated to the
 * second, taken between the request's send and its answer, so the offset lies in (sent − date − 1 s, received − date].
 * The bounds of the answers of the last minutes are intersected (a few answers narrow it to about the round trip);
 * two answers in a row that do not fit them, but fit each other, mean a clock was set, and start them anew.
 */
import type { Logger } from '../core/logger.js';

/** Answers older than this no longer bound the offset (a clock drifts; NTP slews it). */
const WINDOW_MS = 10 * 60_000;
/** Beyond this, surely (whatever the bounds' width), the clocks are said to disagree; estimated within REARM_MS, they agree again. */
export const CLOCK_WARN_MS = 2000;
const REARM_MS = 1000;

export interface ClockOffset {
  /** The offset's best estimate, ms: positive when this machine's clock is ahead of the exchange's. */
  offsetMs: number;
  /** How far it can be from the estimate either way, ms. */
  uncertaintyMs: number;
}

export class ExchangeClockSkew {
  private samples: { at: number; lo: number; hi: number }[] = [];
  /** An answer that did not fit the bounds, held until the next one says whether a clock was set or it was an outlier. */
  private misfit: { at: number; lo: number; hi: number } | null = null;
  private said: 'ahead' | 'behind' | null = null;

  constructor(
    private readonly exchange: string,
    private readonly logger?: Logger,
  ) {}

  /** One answer: sent and received on this machine's clock, with its `Date` header (absent or unreadable: ignored). */
  observe(sentAt: number, receivedAt: number, date: string | null | undefined, age?: string | null): void {
    // A cached answer (an Age header) carries the time it was first made, not the time it was sent.
    if (!date || (age !== null && age !== undefined && Number(age) > 0)) return;
    const server = Date.parse(date);
    if (!Number.isFinite(server) || !(receivedAt >= sentAt)) return;
    const sample = { at: receivedAt, lo: sentAt - server - 1000, hi: receivedAt - server };
    const kept = this.samples.filter((s) => s.at > receivedAt - WINDOW_MS && s.at <= receivedAt);
    const misfit = this.misfit;
    this.misfit = null;
    if (fits(sample, kept)) {
      this.samples = [...kept.slice(-49), sample];
    } else if (kept.length > 0 && !(misfit && fits(sample, [misfit]))) {
      // One answer alone does not move the bounds: an old Date (a cache that sends no Age) would read as a clock a
      // minute ahead. A second that agrees with it does: a clock was set.
      this.misfit = sample;
      return;
    } else {
      this.samples = misfit ? [misfit, sample] : [sample];
    }
    this.say();
  }

  /**
   * How much to take off this clock's now to be sure not to be past the exchange's: the offset's upper bound when
   * this clock may be ahead, else 0 (a clock behind only reads bars later; nothing is moved forward on a guess).
   */
  aheadAtMost(): number {
    if (this.samples.length === 0) return 0;
    return Math.max(0, bounds(this.samples).hi);
  }

  /** The offset as measured, or undefined before any answer with a date. */
  offset(): ClockOffset | undefined {
    if (this.samples.length === 0) return undefined;
    const { lo, hi } = bounds(this.samples);
    return { offsetMs: Math.round((lo + hi) / 2), uncertaintyMs: Math.round((hi - lo) / 2) };
  }

  private say(): void {
    const { lo, hi } = bounds(this.samples);
    const estimate = Math.round((lo + hi) / 2);
    const fields = { exchange: this.exchange, offsetMs: estimate, uncertaintyMs: Math.round((hi - lo) / 2) };
    const fix = "sync it (timedatectl set-ntp true, or chrony; in Docker, the host's clock)";
    if (lo > CLOCK_WARN_MS && this.said !== 'ahead') {
      this.said = 'ahead';
      this.logger?.warn(
        fields,
        `this machine's clock is at least ${seconds(lo)} ahead of ${this.exchange}'s: candles are judged closed by ${this.exchange}'s time meanwhile, and ${this.exchange} may refuse signed requests (orders) from a clock ahead of its own; ${fix}`,
      );
    } else if (hi < -CLOCK_WARN_MS && this.said !== 'behind') {
      this.said = 'behind';
      this.logger?.warn(
        fields,
        `this machine's clock is at least ${seconds(-hi)} behind ${this.exchange}'s: closed candles are read that much late, and ${this.exchange} refuses signed requests (orders) from a clock too far behind its own; ${fix}`,
      );
    } else if (this.said !== null && Math.abs(estimate) < REARM_MS) {
      this.said = null;
      this.logger?.info(fields, `this machine's clock agrees with ${this.exchange}'s again`);
    }
  }
}

/** Whether `sample`'s bounds meet those of `samples` (an offset can be what they all say). */
function fits(sample: { lo: number; hi: number }, samples: readonly { lo: number; hi: number }[]): boolean {
  const { lo, hi } = bounds(samples);
  return !(sample.lo > hi || sample.hi < lo);
}

function bounds(samples: readonly { lo: number; hi: number }[]): { lo: number; hi: number } {
  let lo = -Infinity;
  let hi = Infinity;
  for (const s of samples) {
    if (s.lo > lo) lo = s.lo;
    if (s.hi < hi) hi = s.hi;
  }
  return { lo, hi };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
