import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { RateLimiter, RateLimitQueueFullError } from '../../src/core/rate-limiter.js';

describe('RateLimiter', () => {
  it('allows a burst, then paces callers in arrival order', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const rl = new RateLimiter('x', clock, { perSecond: 2, burst: 2 });
    const times: Array<[number, number]> = [];
    const all = [0, 1, 2, 3].map((i) => rl.acquire().then(() => times.push([i, clock.now() - t0])));
    await clock.advance(2000);
    await Promise.all(all);
    expect(times).toEqual([[0, 0], [1, 0], [2, 500], [3, 1000]]);
  });

  it('refills over time up to the burst', async () => {
    const clock = new VirtualClock();
    const rl = new RateLimiter('x', clock, { perSecond: 1, burst: 3 });
    for (let i = 0; i < 3; i++) await rl.acquire();
    await clock.advance(10_000);
    const t = clock.now();
    for (let i = 0; i < 3; i++) await rl.acquire();
    expect(clock.now()).toBe(t);
  });

  it('bounds the waiters and releases reservations on abort', async () => {
    const clock = new VirtualClock();
    const rl = new RateLimiter('x', clock, { perSecond: 1, maxWaiting: 1 });
    await rl.acquire();
    const c = new AbortController();
    const waiting = rl.acquire(c.signal);
    await expect(rl.acquire()).rejects.toBeInstanceOf(RateLimitQueueFullError);
    c.abort();
    await expect(waiting).rejects.toThrow();
    expect(rl.waiting).toBe(0);
    await clock.advance(1000);
    const t = clock.now();
    await rl.acquire(); // the aborted reservation was given back
    expect(clock.now()).toBe(t);
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RateLimiter('x', new VirtualClock(), { perSecond: 0 })).toThrow(/perSecond must be > 0/);
  });
});
