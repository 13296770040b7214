import { describe, expect, it } from 'vitest';
import { VirtualClock, AbortError } from '../../src/core/clock.js';
import { TransientError, ConfigError } from '../../src/core/errors.js';
import { backoffDelay, retry } from '../../src/core/retry.js';
import { isTransient, parseRetryAfter, TimeoutError } from '../../src/core/transient.js';
import { CircuitBreaker, CircuitOpenError } from '../../src/core/circuit-breaker.js';
import { withTimeout } from '../../src/core/timeout.js';

describe('backoffDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling] and is capped', () => {
    const lo = { baseDelayMs: 100, random: () => 0 };
    const hi = { baseDelayMs: 100, random: () => 1 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, lo))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, hi))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 1 })).toBe(5000);
  });
});

describe('retry', () => {
  it('retries transient errors with backoff on the clock, then succeeds', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const attempts: number[] = [];
    const p = retry(
      clock,
      async (attempt) => {
        attempts.push(clock.now() - start);
        if (attempt < 2) throw new TransientError('flaky');
        return 'ok';
      },
      { baseDelayMs: 100, random: () => 1 },
    );
    await clock.advance(1000);
    await expect(p).resolves.toBe('ok');
    expect(attempts).toEqual([0, 100, 300]);
  });

  it('does not retry permanent errors', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    await expect(
      retry(clock, async () => {
        calls++;
        throw new ConfigError('bad key', 'x');
      }),
    ).rejects.toThrow('bad key');
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const p = retry(clock, async () => {
      calls++;
      throw new TransientError(`fail ${calls}`);
    }, { retries: 2, baseDelayMs: 10 });
    const settled = expect(p).rejects.toThrow('fail 3');
    await clock.advance(1000);
    await settled;
    expect(calls).toBe(3);
  });

  it('honours Retry-After hints and the abort signal', async () => {
    const clock = new VirtualClock();
    const hinted = Object.assign(new TransientError('429'), { retryAfterMs: 700 });
    const times: number[] = [];
    const t0 = clock.now();
    const p = retry(clock, async (a) => {
      times.push(clock.now() - t0);
      if (a === 0) throw hinted;
      return 1;
    }, { baseDelayMs: 10 });
    await clock.advance(1000);
    await p;
    expect(times).toEqual([0, 700]);

    const controller = new AbortController();
    const q = retry(clock, async () => {
      throw new TransientError('down');
    }, { baseDelayMs: 1000 }, controller.signal);
    const rejected = expect(q).rejects.toMatchObject({ name: 'AbortError' });
    await clock.advance(10);
    controller.abort();
    await rejected;
  });
});

describe('a Retry-After longer than a call may wait', () => {
  it('is not retried within the call, and keeps the breaker open for as long as it asks', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const banned = Object.assign(new TransientError('429 Too Many Requests'), { retryAfterMs: 3_600_000 });
    const breaker = new CircuitBreaker('exchange', clock, { failureThreshold: 5, cooldownMs: 60_000 });
    const call = () => retry(clock, () => breaker.run(async () => (calls++, Promise.reject(banned))), { maxDelayMs: 10_000 });
    await expect(call()).rejects.toBe(banned);
    expect(calls).toBe(1);
    expect(breaker.state).toBe('open');
    await clock.advance(3_000_000);
    await expect(call()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(1);
    await clock.advance(600_000);
    expect(breaker.state).toBe('half-open');
  });

  it('within the retries’ cap, one hint neither skips the retry nor holds the breaker past it', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker('feed', clock, { failureThreshold: 5, cooldownMs: 60_000 });
    let calls = 0;
    const p = retry(clock, () => breaker.run(async () => (++calls === 1 ? Promise.reject(Object.assign(new TransientError('503'), { retryAfterMs: 2_000 })) : 'ok')), { maxDelayMs: 10_000 });
    await clock.advance(2_000);
    expect(await p).toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 30_000)).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe('isTransient', () => {
  it('classifies network failures and our errors', () => {
    expect(isTransient(new TransientError('x'))).toBe(true);
    expect(isTransient(new TimeoutError('feed', 10))).toBe(true);
    expect(isTransient(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isTransient(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new Error('parse error'))).toBe(false);
    expect(isTransient(new AbortError())).toBe(false);
  });
});

describe('withTimeout', () => {
  it('settles at the deadline even when the work ignores its signal', async () => {
    const clock = new VirtualClock();
    let aborted = false;
    const p = withTimeout(clock, 500, 'slow source', (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => {});
    });
    const rejected = expect(p).rejects.toThrow('slow source timed out after 500 ms');
    await clock.advance(500);
    await rejected;
    expect(aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('passes results through and clears its timer', async () => {
    const clock = new VirtualClock();
    await expect(withTimeout(clock, 500, 'x', async () => 42)).resolves.toBe(42);
    expect(clock.pending).toBe(0);
  });

  it('rejects when the parent aborts', async () => {
    const clock = new VirtualClock();
    const c = new AbortController();
    const p = withTimeout(clock, 500, 'x', () => new Promise<never>(() => {}), c.signal);
    c.abort();
    await expect(p).rejects.toBeInstanceOf(Error);
    expect(clock.pending).toBe(0);
  });

  it('hands the work the signal of a controller it is given, untouched on success and aborted on timeout', async () => {
    const clock = new VirtualClock();
    const shared = new AbortController();
    let seen: AbortSignal | undefined;
    await expect(withTimeout(clock, 500, 'x', async (signal) => ((seen = signal), 1), undefined, shared)).resolves.toBe(1);
    expect(seen).toBe(shared.signal);
    expect(shared.signal.aborted).toBe(false);
    const slow = withTimeout(clock, 500, 'slow', () => new Promise<never>(() => {}), undefined, shared);
    const rejected = expect(slow).rejects.toThrow('slow timed out after 500 ms');
    await clock.advance(500);
    await rejected;
    expect(shared.signal.aborted).toBe(true);
  });
});
