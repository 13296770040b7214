import { AbortError, type Clock } from './clock.js';
import { isTransient, retryAfterOf } from './transient.js';

/** Exponential backoff with jitter, for transient errors only; sleeps on the injected clock. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Delay before the first retry, ms. Default 250. */
  baseDelayMs?: number;
  /** Upper bound for any delay, ms. Default 10000. */
  maxDelayMs?: number;
  /** Growth per retry. Default 2. */
  factor?: number;
  /** Which errors are worth another attempt. Default: `isTransient`. */
  isRetryable?: (error: unknown) => boolean;
  /** Source of randomness for jitter, injectable for deterministic tests. Default Math.random. */
  random?: () => number;
  /** Called before each sleep, e.g. to count and log retries. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * The delay before retry number `attempt` (1-based): "equal jitter", half fixed and half random, so retries from
 * many callers spread out but never collapse to zero.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(cap, base * factor ** (attempt - 1));
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export async function retry<T>(
  clock: Clock,
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const retries = options.retries ?? 3;
  const retryable = options.isRetryable ?? isTransient;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortError();
    try {
      return await fn(attempt);
    } catch (error) {
      const hinted = retryAfterOf(error);
      const cap = options.maxDelayMs ?? 10_000;
      // A server that asks for more time than this call may wait is not asked again now (the breaker waits for it).
      if (attempt >= retries || signal?.aborted || !retryable(error) || (hinted ?? 0) > cap) throw error;
      const delayMs = Math.min(cap, Math.max(backoffDelay(attempt + 1, options), hinted ?? 0));
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await clock.sleep(delayMs, signal);
    }
  }
}
