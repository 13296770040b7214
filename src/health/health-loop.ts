import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { EventBus } from '../bus/event-bus.js';
import type { QueueStats } from '../bus/async-queue.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { LoopStats } from '../core/loop.js';
import { round } from '../core/stats.js';
import type { DiscussionStats } from '../consumer/opportunity-consumer.js';
import { staleLoops, type LoopHealth } from './staleness.js';
import { ClockStepWatch } from './clock-step.js';

const RESOLUTION_MS = 10;

export interface HealthProviders {
  queue: () => QueueStats;
  loops: () => Record<string, LoopStats>;
  discussions: () => DiscussionStats;
  openPositions: () => number;
  /** Open positions the market refuses to price for good (a delisted symbol): listed as `positions.unpriced`. */
  unpricedPositions?: () => string[];
  /** exchangeStop: open positions with no protective stop resting on the exchange: listed as `positions.unprotected`. */
  unprotectedPositions?: () => string[];
  equity: () => number;
  /** Extra sections (source states, rejections, halt state...). */
  extra?: () => Record<string, unknown>;
}

export interface HealthSnapshot {
  uptimeS: number;
  queue: { depth: number; capacity: number; published: number; consumed: number; dropped: number };
  loops: Record<string, LoopHealth>;
  /** The loops stale at the snapshot's time (staleLoops): the dashboard shows this judgement, not one of its own. */
  stale: string[];
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: { rssMb: number; heapUsedMb: number };
  discussions: { total: number; p50Ms: number; p95Ms: number; agentFailures: number; lastHour: { discussions: number; agentFailures: number }; inFlight: number; failed: number };
  /** `unpriced`: only when some open position cannot be priced for good (UnpricedPositions). */
  positions: { open: number; unpriced?: string[]; unprotected?: string[] };
  equity: number;
  [extra: string]: unknown;
}

/** Builds the health snapshot the health loop logs (msg "health"), broadcasts, and /healthz reads. */
export class HealthMonitor {
  private readonly delay: IntervalHistogram;
  private readonly startedAt: number;
  private latest: HealthSnapshot | null = null;
  private latestAt: number | null = null;
  /** Real time (not the clock's) of the last histogram reset: the delay is the real loop's, even on a virtual clock. */
  private windowStart = performance.now();
  private measuring = false;
  private readonly clockSteps: ClockStepWatch;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly bus: EventBus,
    private readonly providers: HealthProviders,
  ) {
    this.startedAt = clock.now();
    this.delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.clockSteps = new ClockStepWatch(clock, logger);
  }

  /** Starts measuring the event loop's delay (the health line's `eventLoopDelayMs`). */
  start(): void {
    this.delay.enable();
    this.measuring = true;
    this.windowStart = performance.now();
    this.clockSteps.check();
  }

  snapshot(): HealthSnapshot {
    const q = this.providers.queue();
    const d = this.providers.discussions();
    const mem = process.memoryUsage();
    // The histogram records whole timer periods; the delay is what exceeds the sampling resolution.
    const ms = (ns: number) => round(Math.max(0, (Number.isFinite(ns) ? ns : 0) / 1e6 - RESOLUTION_MS));
    const loops: Record<string, LoopHealth> = {};
    for (const [name, s] of Object.entries(this.providers.loops())) {
      loops[name] = { runs: s.runs, errors: s.errors, lastOkAt: s.lastOkAt, intervalMs: s.intervalMs, startedAt: s.startedAt, lastDurationMs: s.lastDurationMs };
    }
    return {
      uptimeS: Math.round((this.clock.now() - this.startedAt) / 1000),
      queue: { depth: q.depth, capacity: q.capacity, published: q.published, consumed: q.consumed, dropped: q.dropped },
      loops,
      stale: staleLoops(loops, this.clock.now()),
      eventLoopDelayMs: this.loopDelay(ms),
      memory: { rssMb: round(mem.rss / 1048576, 1), heapUsedMb: round(mem.heapUsed / 1048576, 1) },
      discussions: { total: d.total, p50Ms: d.p50Ms, p95Ms: d.p95Ms, agentFailures: d.agentFailures, lastHour: d.lastHour, inFlight: d.inFlight, failed: d.failed },
      positions: this.positions(),
      equity: round(this.providers.equity(), 2),
      ...this.providers.extra?.(),
    };
  }

  private positions(): HealthSnapshot['positions'] {
    const unpriced = this.providers.unpricedPositions?.() ?? [];
    const unprotected = this.providers.unprotectedPositions?.() ?? [];
    const positions: HealthSnapshot['positions'] = unpriced.length > 0 ? { open: this.providers.openPositions(), unpriced } : { open: this.providers.openPositions() };
    return unprotected.length > 0 ? Object.assign(positions, { unprotected }) : positions;
  }

  /**
   * A window in which the histogram's timer never fired held no free turn of the loop: a task longer than the health
   * interval blocked it from the reset on, and the histogram, being empty, would read 0 when the loop is at its worst.
   */
  private loopDelay(ms: (ns: number) => number): HealthSnapshot['eventLoopDelayMs'] {
    const blockedMs = performance.now() - this.windowStart - RESOLUTION_MS;
    if (this.measuring && this.delay.count === 0 && blockedMs > RESOLUTION_MS) {
      const all = round(blockedMs);
      return { p50: all, p99: all, max: all };
    }
    return { p50: ms(this.delay.percentile(50)), p99: ms(this.delay.percentile(99)), max: ms(this.delay.max) };
  }

  /** One health tick: log the line, broadcast it, and start a fresh event-loop-delay window. */
  async tick(): Promise<void> {
    // Said before the line whose times the step affects.
    this.clockSteps.check();
    const snapshot = this.snapshot();
    this.delay.reset();
    this.windowStart = performance.now();
    this.latest = snapshot;
    this.latestAt = this.clock.now();
    this.logger.info(snapshot, 'health');
    this.bus.emit('health', snapshot);
  }

  last(): HealthSnapshot | null {
    return this.latest;
  }

  /** When the last snapshot was taken (the daemon's clock): what its loops' ages are measured from. */
  lastAt(): number | null {
    return this.latestAt;
  }

  close(): void {
    this.delay.disable();
    this.measuring = false;
  }
}
