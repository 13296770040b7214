import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueStats } from '../bus/async-queue.js';
import type { EventBus } from '../bus/event-bus.js';
import type { LoopStats } from '../core/loop.js';
import type { HealthSnapshot } from '../health/health-loop.js';
import { slippageBps, Totals } from './metrics-read.js';
import { healthGauges } from './metrics-health.js';
import { alertMetrics, type AlertProviders } from './metrics-alerts.js';

/** What the metrics read at scrape time: in-memory counters of the parts, never the store's tables. */
export interface MetricsProviders {
  queue: () => QueueStats;
  loops: () => Record<string, LoopStats>;
  /** Per source: what ResilientSource.stats() says (state, successes, failures, retries, timeouts, shortCircuited). */
  sources: () => Record<string, unknown>;
  openPositions: () => number;
  equity: () => number;
  /** The latest health snapshot (event-loop delay, store size), or null before the first tick. */
  health: () => HealthSnapshot | null;
  /** Notification channels' counts of notices (sent, failed, dropped), when any channel is configured. */
  notify?: () => { channels: Record<string, { sent: number; failed: number; dropped: number; queued: number }> } | null;
  /** What an operator alerts on (halt, stale loops, unprotected positions, the ledger...); the daemon's, not a test's. */
  alerts?: AlertProviders;
}

export interface MetricsOptions {
  /** The process's default metrics (CPU, memory, GC, handles, event-loop lag). Default true. */
  defaultMetrics?: boolean;
  /** Orders remembered for slippage until their fills arrive. Default 1000. */
  maxPendingOrders?: number;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
const BPS = [-50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100];
const BREAKER_VALUE: Record<string, number> = { closed: 0, 'half-open': 1, open: 2 };

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The daemon's Prometheus metrics: one registry per kernel (not prom-client's global one, so several kernels in one
 * process never collide). Decisions are counted from bus events as they happen; totals kept by other parts (queue,
 * loops, sources) are read at scrape time.
 */
export class KernelMetrics {
  readonly registry = new Registry();
  private readonly offs: (() => void)[] = [];
  /** Reference price per order in flight, until its fills are seen; bounded (oldest forgotten first). */
  private readonly refPrices = new Map<string, number>();
  private readonly maxPending: number;
  private readonly finished: string[] = [];
  private readonly defaultMetrics: boolean;

  constructor(bus: EventBus, providers: MetricsProviders, options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.maxPending = options.maxPendingOrders ?? 1000;
    this.defaultMetrics = options.defaultMetrics !== false;
    const totals = new Totals();
    const read = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch {
        return fallback; // a part already closed (shutdown): keep the last values rather than fail the scrape
      }
    };

    const opportunities = (name: string, help: string, key: 'published' | 'consumed' | 'dropped') =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          const q = read(providers.queue, null);
          if (q) this.inc(totals.delta(`queue.${key}`, q[key]));
        },
      });
    opportunities('conclave_opportunities_published_total', 'Opportunities put on the queue by the scanners.', 'published');
    opportunities('conclave_opportunities_consumed_total', 'Opportunities taken off the queue for a discussion.', 'consumed');
    opportunities('conclave_opportunities_dropped_total', 'Opportunities dropped by a full queue (drop-oldest).', 'dropped');
    new Gauge({
      name: 'conclave_queue_depth',
      help: 'Opportunities waiting for a discussion.',
      registers,
      collect() {
        const q = read(providers.queue, null);
        if (q) this.set(q.depth);
      },
    });
    new Gauge({
      name: 'conclave_queue_capacity',
      help: 'Capacity of the opportunity queue.',
      registers,
      collect() {
        const q = read(providers.queue, null);
        if (q) this.set(q.capacity);
      },
    });

    const loopCounter = (name: string, help: string, key: 'runs' | 'errors') =>
      new Counter({
        name,
        help,
        labelNames: ['loop'],
        registers,
        collect() {
          for (const [loop, s] of Object.entries(read(providers.loops, {}))) this.inc({ loop }, totals.delta(`loop.${loop}.${key}`, s[key]));
        },
      });
    loopCounter('conclave_loop_runs_total', 'Iterations per loop (the consumer counts discussions).', 'runs');
    loopCounter('conclave_loop_errors_total', 'Failed iterations per loop.', 'errors');
    new Gauge({
      name: 'conclave_loop_last_ok_timestamp_seconds',
      help: 'When each loop last succeeded (Unix seconds; 0 = never).',
      labelNames: ['loop'],
      registers,
      collect() {
        for (const [loop, s] of Object.entries(read(providers.loops, {}))) this.set({ loop }, (s.lastOkAt ?? 0) / 1000);
      },
    });

    const verdicts = new Counter({ name: 'conclave_verdicts_total', help: "The chief's verdicts by action and the chief's rule that decided (why nothing trades).", labelNames: ['action', 'rule'], registers });
    const outcomes = new Counter({
      name: 'conclave_agent_outcomes_total',
      help: "Agents' answers by role and status (ok, timeout, error, invalid).",
      labelNames: ['role', 'status'],
      registers,
    });
    const agentLatency = new Histogram({ name: 'conclave_agent_latency_seconds', help: "Each agent's time to answer in seconds, by role.", labelNames: ['role'], buckets: SECONDS, registers });
    const discussionLatency = new Histogram({
      name: 'conclave_discussion_duration_seconds',
      help: 'Time in seconds from taking an opportunity to the verdict (bars, agents, chief).',
      buckets: SECONDS,
      registers,
    });
    const risk = new Counter({ name: 'conclave_risk_decisions_total', help: "The risk gate's decisions by outcome and rule.", labelNames: ['outcome', 'rule'], registers });
    const orders = new Counter({ name: 'conclave_orders_total', help: 'Order status changes by status and side.', labelNames: ['status', 'side'], registers });
    const fills = new Counter({ name: 'conclave_fills_total', help: 'Fills by side.', labelNames: ['side'], registers });
    const fees = new Counter({ name: 'conclave_fees_total', help: 'Fees paid, in the quote currency.', registers });
    const feesUnknown = new Counter({
      name: 'conclave_fills_fee_unknown_total',
      help: 'Fills recorded with fee 0 because the exchange did not report the fee or charged it in a third asset (conclave_fees_total reads low).',
      labelNames: ['side'],
      registers,
    });
    const slippage = new Histogram({
      name: 'conclave_slippage_bps',
      help: 'Fill price against the price the order was decided at, in basis points (positive = worse than decided).',
      labelNames: ['side'],
      buckets: BPS,
      registers,
    });

    const sourceCounter = (name: string, help: string, fields: Record<string, string>) =>
      new Counter({
        name,
        help,
        labelNames: ['source', 'outcome'],
        registers,
        collect() {
          for (const [source, raw] of Object.entries(read(providers.sources, {}))) {
            const s = (raw ?? {}) as Record<string, unknown>;
            for (const [field, outcome] of Object.entries(fields)) this.inc({ source, outcome }, totals.delta(`source.${source}.${field}`, num(s[field])));
          }
        },
      });
    sourceCounter('conclave_source_requests_total', 'Calls to each outside source by outcome (ok, error after retries, short_circuited while open).', {
      successes: 'ok',
      failures: 'error',
      shortCircuited: 'short_circuited',
    });
    sourceCounter('conclave_source_attempt_failures_total', 'Failed attempts inside calls (timeout, or retried transient error).', { timeouts: 'timeout', retries: 'retried' });
    new Gauge({
      name: 'conclave_source_breaker_state',
      help: "Each source's circuit breaker: 0 closed, 1 half-open, 2 open.",
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const [source, raw] of Object.entries(read(providers.sources, {}))) {
          const state = (raw as { state?: unknown } | null)?.state;
          if (typeof state === 'string' && state in BREAKER_VALUE) this.set({ source }, BREAKER_VALUE[state]!);
        }
      },
    });

    new Gauge({
      name: 'conclave_event_loop_delay_seconds',
      help: 'Event-loop delay in seconds over the last health interval (stat: p50, p99, max).',
      labelNames: ['stat'],
      registers,
      collect() {
        const d = read(providers.health, null)?.eventLoopDelayMs;
        if (!d) return;
        for (const stat of ['p50', 'p99', 'max'] as const) this.set({ stat }, num(d[stat]) / 1000);
      },
    });
    new Gauge({
      name: 'conclave_positions_open',
      help: 'Open positions.',
      registers,
      collect() {
        this.set(read(providers.openPositions, 0));
      },
    });
    new Gauge({
      name: 'conclave_equity',
      help: 'Account equity in the quote currency: cash plus open positions at their latest marks (absent while it cannot be valued).',
      registers,
      collect() {
        // Absent, not the last value (nor reset()'s 0), when equity cannot be valued now: an alert must not read either.
        this.remove();
        const equity = read(providers.equity, NaN);
        if (Number.isFinite(equity)) this.set(equity);
      },
    });
    healthGauges(registers, () => read(providers.health, null));
    if (providers.alerts) alertMetrics(registers, providers.alerts, read);

    new Counter({
      name: 'conclave_notifications_total',
      help: 'Notices per notification channel by outcome (sent, failed, dropped by a full queue).',
      labelNames: ['channel', 'outcome'],
      registers,
      collect() {
        const channels = read(() => providers.notify?.() ?? null, null)?.channels ?? {};
        for (const [channel, s] of Object.entries(channels)) {
          for (const outcome of ['sent', 'failed', 'dropped'] as const) this.inc({ channel, outcome }, totals.delta(`notify.${channel}.${outcome}`, s[outcome]));
        }
      },
    });

    this.offs.push(
      bus.on('verdict', (e) => {
        verdicts.inc({ action: e.verdict.action, rule: e.verdict.rule ?? 'none' });
        if (e.durationMs !== undefined) discussionLatency.observe(e.durationMs / 1000);
        for (const o of e.outcomes) {
          outcomes.inc({ role: o.role, status: o.status });
          agentLatency.observe({ role: o.role }, o.latencyMs / 1000);
        }
      }),
      bus.on('risk', (e) => risk.inc({ outcome: e.outcome, rule: e.rule ?? 'none' })),
      bus.on('order', (e) => {
        orders.inc({ status: e.status, side: e.side });
        if (e.refPrice !== undefined && e.status === 'submitted') this.remember(e.clientOrderId, e.refPrice);
        else if (e.status !== 'submitted' && e.status !== 'partially_filled') this.forgetLater(e.clientOrderId);
      }),
      bus.on('fill', (f) => {
        fills.inc({ side: f.side });
        if (f.fee > 0) fees.inc(f.fee);
        if (f.feeUnknown) feesUnknown.inc({ side: f.side });
        const ref = this.refPrices.get(f.clientOrderId);
        const bps = ref === undefined ? null : slippageBps(f.side, ref, f.price);
        if (bps !== null) slippage.observe({ side: f.side }, bps);
      }),
    );
  }

  /** Prometheus text exposition and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Node's process metrics start here, not in the constructor: they switch on an event-loop delay monitor. */
  start(): void {
    if (this.defaultMetrics && this.registry.getSingleMetric('process_cpu_user_seconds_total') === undefined) collectDefaultMetrics({ register: this.registry });
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private remember(clientOrderId: string, price: number): void {
    this.refPrices.set(clientOrderId, price);
    if (this.refPrices.size > this.maxPending) this.refPrices.delete(this.refPrices.keys().next().value!);
  }

  /**
   * The order's final status is emitted before its fills (same tick), so its reference price is dropped one order
   * later rather than at once: the next order's arrival, at the earliest, lets it go.
   */
  private forgetLater(clientOrderId: string): void {
    this.finished.push(clientOrderId);
    while (this.finished.length > 8) this.refPrices.delete(this.finished.shift()!);
  }
}
