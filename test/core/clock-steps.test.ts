import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { SteppingClock } from '../helpers/stepping-clock.js';

const HOUR = 3_600_000;

describe('wall clock steps', () => {
  it('a rate limiter does not make callers wait out a backward step of the wall clock', async () => {
    const clock = new SteppingClock();
    const rl = new RateLimiter('exchange', clock, { perSecond: 5, burst: 5 });
    await rl.acquire();
    clock.step(-HOUR);
    const t = clock.timers.now();
    const waited: number[] = [];
    // Four tokens were left; the fifth and sixth wait for the refill (200 ms each at 5 per second).
    const all = [0, 1, 2, 3, 4, 5].map(() => rl.acquire().then(() => waited.push(clock.timers.now() - t)));
    await clock.advance(2 * HOUR);
    await Promise.all(all);
    expect(waited).toEqual([0, 0, 0, 0, 200, 400]);
  });
});
