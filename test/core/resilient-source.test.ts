import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { TransientError } from '../../src/core/errors.js';
import { ResilientSource } from '../../src/core/resilient-source.js';
import { CircuitOpenError } from '../../src/core/circuit-breaker.js';
import { runAnswered } from '../helpers/kernel-harness.js';
import { startLoopback } from '../helpers/loopback-server.js';

describe('ResilientSource', () => {
  it('times out each attempt, retries, and reports stats', async () => {
    const clock = new VirtualClock();
    const src = new ResilientSource('slow', clock, { timeoutMs: 100, retry: { retries: 2, baseDelayMs: 10, random: () => 0 } });
    let calls = 0;
    const p = src.call('fetch', async () => {
      calls++;
      if (calls < 3) return new Promise<never>(() => {});
      return 'late ok';
    });
    await clock.advance(1000);
    await expect(p).resolves.toBe('late ok');
    expect(src.stats()).toMatchObject({ state: 'closed', successes: 1, failures: 0, retries: 2, timeouts: 2 });
  });

  it('opens the breaker after consecutive failed calls and fails fast', async () => {
    const clock = new VirtualClock();
    const src = new ResilientSource('dead', clock, { timeoutMs: 50, retry: { retries: 0 }, breaker: { failureThreshold: 2, cooldownMs: 5000 } });
    const down = () => Promise.reject(new TransientError('HTTP 500'));
    await expect(src.call('fetch', down)).rejects.toThrow('HTTP 500');
    await expect(src.call('fetch', down)).rejects.toThrow('HTTP 500');
    await expect(src.call('fetch', down)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(src.stats()).toMatchObject({ state: 'open', failures: 2, consecutiveFailures: 2, shortCircuited: 1, lastError: 'HTTP 500' });
    await clock.advance(5000);
    expect(src.state).toBe('half-open');
    await expect(src.call('fetch', async () => 'back')).resolves.toBe('back');
    expect(src.stats().state).toBe('closed');
  });

  it('a hung source does not stall another one', async () => {
    const clock = new VirtualClock();
    const hung = new ResilientSource('hung', clock, { timeoutMs: 1000, retry: { retries: 0 } });
    const fine = new ResilientSource('fine', clock, { timeoutMs: 1000 });
    const h = hung.call('fetch', () => new Promise<never>(() => {}));
    const hRejected = expect(h).rejects.toThrow(/timed out/);
    await expect(fine.call('fetch', async () => 'fast')).resolves.toBe('fast');
    await clock.advance(1000);
    await hRejected;
  });

  it('rate-limits calls on the clock', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const src = new ResilientSource('api', clock, { rateLimit: { perSecond: 10, burst: 1 } });
    const times: number[] = [];
    const calls = [0, 1, 2].map(() => src.call('x', async () => times.push(clock.now() - t0)));
    await clock.advance(1000);
    await Promise.all(calls);
    expect(times).toEqual([0, 100, 200]);
  });

  it('a caller abort is not counted against the source', async () => {
    const clock = new VirtualClock();
    const src = new ResilientSource('x', clock, { breaker: { failureThreshold: 1 } });
    const c = new AbortController();
    const p = src.call('x', () => new Promise<never>(() => {}), c.signal);
    c.abort();
    await expect(p).rejects.toThrow();
    expect(src.stats()).toMatchObject({ state: 'closed', failures: 0 });
  });
});

describe('a source’s calls on the virtual clock, driven by runAnswered', () => {
  it('hold the clock while an attempt waits for its answer over loopback, and let its retries’ sleeps move it', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const arrivals: number[] = [];
    // Each answer takes 30 ms of real time; the first two are 503s.
    const server = await startLoopback((_req, res) => {
      arrivals.push(clock.now() - t0);
      setTimeout(() => res.writeHead(arrivals.length < 3 ? 503 : 200).end('ok'), 30);
    });
    try {
      const src = new ResilientSource('loopback', clock, { timeoutMs: 5_000, retry: { retries: 3, baseDelayMs: 1_000, random: () => 1 } });
      const answer = src.call('get', async (signal) => {
        const res = await fetch(server.url, { signal });
        if (res.status === 503) throw new TransientError('HTTP 503');
        return res.text();
      });
      await runAnswered(clock, 10_000);
      // Asked at 0, again 1 s after the first 503 came, and 2 s after the second: the clock stood still for each answer.
      expect(arrivals).toEqual([0, 1_000, 3_000]);
      await expect(answer).resolves.toBe('ok');
      expect(clock.outsideInFlight).toBe(0);
    } finally {
      await server.close();
    }
  });
});
