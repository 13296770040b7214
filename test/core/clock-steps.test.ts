import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.js';
import { Loop } from '../../src/core/loop.js';
import { createLogger } from '../../src/core/logger.js';
import { CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { staleLoops } from '../../src/health/staleness.js';
import { RepeatedFailure } from '../../src/core/repeated-failure.js';
import { Cooldown } from '../../src/scanners/cooldown.js';
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

  it('a loop keeps its interval when the wall clock steps back, and skips the ticks a forward step passed', async () => {
    const clock = new SteppingClock();
    const logger = createLogger({ level: 'silent', clock });
    const runs: number[] = [];
    const loop = new Loop({ name: 'positions', intervalMs: 60_000, clock, logger, task: async () => void runs.push(clock.timers.now()) });
    const t = clock.timers.now();
    loop.start();
    await clock.advance(90_000);
    clock.step(-HOUR);
    await clock.advance(120_000);
    clock.step(5 * HOUR);
    await clock.advance(120_000);
    await loop.stop();
    // Monotonic times of the runs: one a minute throughout, neither an hour's silence nor a burst of missed ticks.
    expect(runs.map((r) => (r - t) / 60_000)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('an open circuit probes after its cool-down though the wall clock stepped back meanwhile', async () => {
    const clock = new SteppingClock();
    const breaker = new CircuitBreaker('exchange', clock, { failureThreshold: 1, cooldownMs: 60_000 });
    await expect(breaker.run(() => Promise.reject(new Error('HTTP 502')))).rejects.toThrow('HTTP 502');
    await clock.advance(30_000);
    clock.step(-HOUR);
    expect(breaker.state).toBe('open');
    await clock.advance(60_000);
    // At most the cool-down again from the step: not the hour the step took back plus the rest of it.
    expect(breaker.state).toBe('half-open');
    await expect(breaker.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('a loop that stops succeeding after the wall clock stepped back is judged stale within three intervals', async () => {
    const clock = new SteppingClock();
    const logger = createLogger({ level: 'silent', clock });
    let up = true;
    const loop = new Loop({ name: 'positionMonitor', intervalMs: 60_000, clock, logger, task: () => (up ? Promise.resolve() : Promise.reject(new Error('no price'))) });
    loop.start();
    await clock.advance(120_000);
    clock.step(-HOUR);
    up = false;
    expect(staleLoops({ positionMonitor: loop.stats() }, clock.now())).toEqual([]);
    await clock.advance(4 * 60_000);
    // Measured from a success dated an hour ahead of now, it looked fresh for the hour.
    expect(staleLoops({ positionMonitor: loop.stats() }, clock.now())).toEqual(['positionMonitor']);
    await loop.stop();
  });

  it('a scanner’s cooldown, a repeated failure’s warning and a loop’s repeated error are not held for a backward step', async () => {
    const clock = new SteppingClock();
    const cooldown = new Cooldown(60_000);
    expect(cooldown.tryAcquire('ORCL', clock.now())).toBe(true);
    clock.step(-HOUR);
    expect(cooldown.tryAcquire('ORCL', clock.now())).toBe(false);
    await clock.advance(60_000);
    // Held for its minute from the step, not for the hour the step took back as well.
    expect(cooldown.tryAcquire('ORCL', clock.now())).toBe(true);

    const lines: { msg: string }[] = [];
    const logger = createLogger({ level: 'warn', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
    const failure = new RepeatedFailure(logger, 'feed failing', { clock, everyMs: 60_000 });
    failure.record('503');
    clock.step(-HOUR);
    await clock.advance(61_000);
    failure.record('503');
    expect(lines.filter((l) => l.msg === 'feed failing')).toHaveLength(2);

    const loop = new Loop({ name: 'newsScanner', intervalMs: 10_000, clock, logger, task: () => Promise.reject(new Error('feed down')) });
    loop.start();
    await clock.advance(1);
    clock.step(-HOUR);
    await clock.advance(65_000);
    await loop.stop();
    // Once at the start, and again within the minute after the step, not an hour later.
    expect(lines.filter((l) => l.msg === 'newsScanner iteration failed; the loop goes on')).toHaveLength(2);
  });
});
