import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CircuitBreaker, CircuitOpenError, type BreakerChange } from '../../src/core/circuit-breaker.js';

const fail = () => Promise.reject(new Error('boom'));
const ok = () => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast', async () => {
    const clock = new VirtualClock();
    const b = new CircuitBreaker('feed', clock, { failureThreshold: 3, cooldownMs: 60_000 });
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('open');
    let called = false;
    await expect(b.run(async () => (called = true))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(b.stats()).toMatchObject({ state: 'open', failures: 3, successes: 0, consecutiveFailures: 3, shortCircuited: 1, lastError: 'boom' });
  });

  it('a success resets the consecutive count', async () => {
    const b = new CircuitBreaker('x', new VirtualClock(), { failureThreshold: 2 });
    await expect(b.run(fail)).rejects.toThrow();
    await b.run(ok);
    await expect(b.run(fail)).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('probes half-open after the cool-down: one probe, success closes', async () => {
    const clock = new VirtualClock();
    const b = new CircuitBreaker('x', clock, { failureThreshold: 1, cooldownMs: 1000 });
    await expect(b.run(fail)).rejects.toThrow();
    await clock.advance(999);
    expect(b.state).toBe('open');
    await clock.advance(1);
    expect(b.state).toBe('half-open');
    let release!: () => void;
    const probe = b.run(() => new Promise<string>((r) => (release = () => r('ok'))));
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError); // only one probe at a time
    release();
    await expect(probe).resolves.toBe('ok');
    expect(b.state).toBe('closed');
    expect(b.stats().consecutiveFailures).toBe(0);
  });

  it('a failed probe re-opens for another cool-down', async () => {
    const clock = new VirtualClock();
    const b = new CircuitBreaker('x', clock, { failureThreshold: 2, cooldownMs: 1000 });
    await expect(b.run(fail)).rejects.toThrow();
    await expect(b.run(fail)).rejects.toThrow();
    await clock.advance(1000);
    await expect(b.run(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('open');
    await clock.advance(500);
    expect(b.state).toBe('open');
    await clock.advance(500);
    expect(b.state).toBe('half-open');
  });

  it('tells each opening and closing once: a failed probe re-opens from half-open, a good one closes', async () => {
    const clock = new VirtualClock();
    const changes: BreakerChange[] = [];
    const b = new CircuitBreaker('feed', clock, { failureThreshold: 2, cooldownMs: 1000, onStateChange: (c) => changes.push(c) });
    await expect(b.run(fail)).rejects.toThrow();
    expect(changes).toHaveLength(0);
    await expect(b.run(fail)).rejects.toThrow();
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    await clock.advance(1000);
    await expect(b.run(fail)).rejects.toThrow();
    await clock.advance(1000);
    await b.run(ok);
    await b.run(ok);
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual(['closed>open', 'half-open>open', 'half-open>closed']);
    expect(changes[0]).toMatchObject({ source: 'feed', consecutiveFailures: 2, lastError: 'boom', at: clock.now() - 2000 });
  });
});
