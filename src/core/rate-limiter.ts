import { AbortError, type Clock } from './clock.js';
import { TransientError } from './errors.js';

/**
 * A token bucket per source, on the injected clock: `burst` requests at once, refilled at `perSecond`.
 * Callers reserve a token and sleep until it is due, so waiters are served in arrival order. The number of waiters
 * is bounded: past `maxWaiting` a caller is refused at once rather than queued without limit.
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

  /** Resolves when the caller may make one request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    if (this.waitingCount >= this.maxWaiting) {
      throw new RateLimitQueueFullError(`rate limiter ${this.name}: ${this.waitingCount} requests already waiting; try again later or raise the rate limit`);
    }
    this.tokens -= 1;
    const waitMs = Math.ceil(-this.tokens / this.perMs);
    this.waitingCount++;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1; // give the reservation back
      throw error;
    } finally {
      this.waitingCount--;
    }
  }
}
