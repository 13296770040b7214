import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { HealthMonitor } from '../../src/health/health-loop.js';

function monitor(): HealthMonitor {
  const clock = new VirtualClock(0);
  const discussions = { total: 0, p50Ms: 0, p95Ms: 0, agentFailures: 0, lastHour: { discussions: 0, agentFailures: 0 }, inFlight: 0, failed: 0, actions: { BUY: 0, SELL: 0, HOLD: 0 } };
  return new HealthMonitor(clock, createLogger({ level: 'silent', clock }), new EventBus(() => {}), {
    queue: () => ({ depth: 0, capacity: 1, published: 0, consumed: 0, dropped: 0, waitingProducers: 0, closed: false }),
    loops: () => ({}),
    discussions: () => discussions,
    openPositions: () => 0,
    equity: () => 0,
  });
}

/** Holds the event loop, as a task longer than the health interval does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('event-loop delay on the health line', () => {
  it('reports a loop blocked for the whole window as blocked, not as an empty histogram reading 0', async () => {
    const health = monitor();
    health.start();
    await health.tick();
    block(300);
    const { eventLoopDelayMs } = health.snapshot();
    health.close();
    expect(eventLoopDelayMs.max).toBeGreaterThanOrEqual(250);
    expect(eventLoopDelayMs.p50).toBe(eventLoopDelayMs.max);
  });

  it('reads nothing before it is started', () => {
    const health = monitor();
    block(50);
    expect(health.snapshot().eventLoopDelayMs).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
