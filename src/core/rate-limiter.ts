import { AbortError, type Clock } from './clock.js';
import { TransientError } from './errors.js';

/**
 * A token bucket per source, on the injected clock: `burst` requests at once, refilled at `perSecond`.
 * Callers reserve a token and sleep until it is due, so waiters are served in arrival order. A bulk caller (one read
 * of a scan over the whole universe) reserves nothing: it takes a token only when none is owed to the others, so a
 * discussion's or a position check's read is not queued behind a scan's (it waited up to 2 s there, the agents' whole
 * deadline, with 400 symbols at 5 a second, and discussions failed). The number of waiters is bounded: past
 * `maxWaiting` a caller is refused at once rather than queued without limit.
 */
export interface RateLimiterOptions {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed back to back. Default 1. */
  burst?: number;
  /** Callers allowed to wait for a token. Default 100. */
  maxWaiting?: number;
}

export class RateLimitQueueFullError extends TransientError {}

export class RateLimiter {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxWaiting: number;
  /** May go negative: each waiter holds a reservation. */
  private tokens: number;
  private updatedAt: number;
  private waitingCount = 0;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    options: RateLimiterOptions,
  ) {
    if (!(options.perSecond > 0)) throw new RangeError(`rate limiter ${name}: perSecond must be > 0, got ${options.perSecond}`);
    this.perMs = options.perSecond / 1000;
    this.burst = Math.max(1, options.burst ?? 1);
    this.maxWaiting = Math.max(0, options.maxWaiting ?? 100);
    this.tokens = this.burst;
    this.updatedAt = clock.now();
  }

  get waiting(): number {
    return this.waitingCount;
  }

  private refill(): void {
    const now = this.clock.now();
    // A wall clock stepped back (NTP, a VM restored from a snapshot) gives negative elapsed time: counted, it took an
    // hour's tokens for an hour's step, and every call to the source waited out the step.
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }

  /** Resolves when the caller may make one request; a `bulk` one once no other caller is owed the token. */
  async acquire(signal?: AbortSignal, bulk = false): Promise<void> {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    if (this.waitingCount >= this.maxWaiting) {
      throw new RateLimitQueueFullError(`rate limiter ${this.name}: ${this.waitingCount} requests already waiting; try again later or raise the rate limit`);
    }
    this.waitingCount++;
    try {
      if (bulk) await this.afterOthers(signal);
      else await this.reserve(signal);
    } finally {
      this.waitingCount--;
    }
  }

  private async reserve(signal?: AbortSignal): Promise<void> {
    this.tokens -= 1;
    try {
      await this.clock.sleep(Math.ceil(-this.tokens / this.perMs), signal);
    } catch (error) {
      this.tokens += 1; // give the reservation back
      throw error;
    }
  }

  /** Waits until a whole token is free, the reservations of the callers before and after it paid. */
  private async afterOthers(signal?: AbortSignal): Promise<void> {
    for (;;) {
      await this.clock.sleep(Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)), signal);
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
    }
  }
}
