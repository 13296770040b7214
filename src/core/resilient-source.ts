import { toldOutside, type Clock } from './clock.js';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { errorMessage, RefusedRequestError } from './errors.js';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { retry, type RetryOptions } from './retry.js';
import { withTimeout } from './timeout.js';
import { withChanges } from './with-changes.js';

/**
 * One outside source behind a timeout per attempt, retries with backoff (transient errors only), a circuit breaker
 * and a rate limit. Every call has its own deadline, so a dead or slow source never stalls the others.
 */
export interface ResilienceOptions {
  /** Deadline of one attempt, ms. Default 10000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  breaker?: CircuitBreakerOptions;
  /** Omit for no rate limit. */
  rateLimit?: RateLimiterOptions;
  /** Told about each retry (for logging). */
  onRetry?: (info: { source: string; attempt: number; delayMs: number; error: string }) => void;
}

/** What the health line shows per source. */
export interface SourceStats {
  state: BreakerState;
  /** Calls that failed after their retries (a short-circuited call is not a failure). */
  failures: number;
  successes: number;
  consecutiveFailures: number;
  retries: number;
  timeouts: number;
  /** Calls refused because the circuit was open. */
  shortCircuited: number;
  lastError?: string;
  lastErrorAt?: number;
  lastOkAt?: number;
}

export class ResilientSource {
  private readonly breaker: CircuitBreaker;
  private readonly limiter: RateLimiter | undefined;
  private readonly timeoutMs: number;
  private readonly retryOptions: RetryOptions;
  private retries = 0;
  private timeouts = 0;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly options: ResilienceOptions = {},
  ) {
    this.breaker = new CircuitBreaker(name, clock, options.breaker);
    this.limiter = options.rateLimit ? new RateLimiter(name, clock, options.rateLimit) : undefined;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryOptions = withChanges(options.retry ?? {}, {
      onRetry: (info: { attempt: number; delayMs: number; error: unknown }) => {
        this.retries++;
        options.retry?.onRetry?.(info);
        options.onRetry?.({ source: name, attempt: info.attempt, delayMs: info.delayMs, error: errorMessage(info.error) });
      },
    });
  }

  /**
   * Calls `fn` (given a per-attempt signal) under the source's policies. Throws CircuitOpenError at once while the
   * circuit is open, otherwise the last attempt's error. A `bulk` call (one of a scan's) waits for the rate limit's
   * tokens the other calls are not owed.
   */
  async call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, bulk = false): Promise<T> {
    this.breaker.admit();
    try {
      const value = await retry(
        this.clock,
        async () => {
          await this.limiter?.acquire(signal, bulk);
          try {
            // The attempt alone waits on the outside: the retries' and the rate limit's sleeps wait on the clock.
            return await withTimeout(this.clock, this.timeoutMs, `${this.name}: ${what}`, (s) => toldOutside(this.clock, fn(s)), signal);
          } catch (error) {
            if (error instanceof Error && error.name === 'TimeoutError') this.timeouts++;
            throw error;
          }
        },
        this.retryOptions,
        signal,
      );
      this.breaker.recordSuccess();
      return value;
    } catch (error) {
      // The caller giving up (shutdown) says nothing about the source's health, nor does a refusal of this request
      // alone (a delisted symbol): counted, a batch of delisted symbols opened the circuit for every symbol held.
      if (signal?.aborted || error instanceof RefusedRequestError) this.breaker.release();
      else this.breaker.recordFailure(error);
      throw error;
    }
  }

  get state(): BreakerState {
    return this.breaker.state;
  }

  stats(): SourceStats {
    return withChanges(this.breaker.stats(), { retries: this.retries, timeouts: this.timeouts });
  }
}
