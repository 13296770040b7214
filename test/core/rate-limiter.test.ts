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

  it('serves a waiting caller before a scan’s bulk reads, keeping to the rate', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const rl = new RateLimiter('exchange', clock, { perSecond: 5, burst: 5 });
    // A scan: 8 reads at once, each asking again as soon as it got its token, for 10 s.
    const taken: number[] = [];
    const stop = new AbortController();
    const worker = async () => {
      for (;;) {
        await rl.acquire(stop.signal, true);
        taken.push(clock.now() - t0);
      }
    };
    const workers = Array.from({ length: 8 }, () => worker().catch(() => undefined));
    await clock.advance(1_000);
    // A discussion's read arrives: it waits for the next token, not behind the 8 reads waiting (1.6 s at 5 a second).
    let servedAt = -1;
    const urgent = rl.acquire().then(() => (servedAt = clock.now() - t0));
    await clock.advance(9_000);
    await urgent;
    stop.abort();
    await Promise.all(workers);
    expect(servedAt - 1_000).toBeLessThanOrEqual(200);
    // The rate holds: the burst of 5, then 5 a second, the discussion’s token among them.
    expect(taken.length + 1).toBeLessThanOrEqual(5 + 50);
    expect(taken.length + 1).toBeGreaterThanOrEqual(5 + 49);
    expect(taken.filter((t) => t <= 1_000)).toHaveLength(10);
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RateLimiter('x', new VirtualClock(), { perSecond: 0 })).toThrow(/perSecond must be > 0/);
  });
});
