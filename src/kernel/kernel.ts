import type { DestinationStream } from 'pino';
import { exchangeStopOn, runMode } from '../config/run-mode.js';
import type { Agent } from '../agents/agent-port.js';
import type { AsyncQueue } from '../bus/async-queue.js';
import { EventBus } from '../bus/event-bus.js';
import type { OpportunityConsumer } from '../consumer/opportunity-consumer.js';
import { LiveClock, type Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { errorMessage } from '../core/errors.js';
import type { FatalAlarm } from '../core/fatal-alarm.js';
import { Lifecycle, type Service } from '../core/lifecycle.js';
import { createLogger, type Logger } from '../core/logger.js';
import type { Loop, LoopStats } from '../core/loop.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { HealthMonitor } from '../health/health-loop.js';
import type { MarketProgress } from '../health/market-progress.js';
import { stalledParts, staleLoops } from '../health/staleness.js';
import type { Notify } from '../health/systemd-watchdog.js';
import type { MarketData } from '../market/market-port.js';
import type { NewsSource } from '../news/news-port.js';
import type { Notifier } from '../notify/notifier.js';
import type { ModelScanner } from '../scanners/model-scanner.js';
import type { NewsScanner } from '../scanners/news-scanner.js';
import type { ForwardTracker } from '../scorecard/forward-tracker.js';
import type { HttpServer } from '../server/http-server.js';
import type { KernelMetrics } from '../server/metrics.js';
import type { CockpitRepository } from '../store/cockpit-repository.js';
import type { Retention } from '../store/retention.js';
import type { Store } from '../store/store.js';
import { accountSummary } from '../trading/account-summary.js';
import { exitRulesOf } from '../trading/exit-rules.js';
import { haltStatus, type EntryHalt } from '../trading/entry-halt.js';
import type { Broker } from '../trading/broker-port.js';
import type { KillSwitch } from '../trading/kill-switch.js';
import type { PositionMonitor } from '../trading/position-monitor.js';
import type { Trader } from '../trading/trader.js';
import { composeDaemon } from './compose-daemon.js';

export { haltFile, otherModeStoreFile, storeFile, symbolAliases } from './kernel-paths.js';

/** Fakes and replacements for tests; anything not given is built from the configuration. */
export interface KernelOverrides {
  clock?: Clock;
  logger?: Logger;
  logDestination?: DestinationStream;
  /** A market instead of the configured one; every call to it gets a deadline (it may hang). */
  market?: MarketData;
  news?: NewsSource;
  broker?: Broker;
  agents?: Agent[];
  /** Seed of the paper broker's partial fills (defaults to simSeed). */
  random?: () => number;
  /** sd_notify (tests); by default systemd's, when the process runs under a Type=notify unit. */
  sdNotify?: Notify | null;
}

/** Everything the kernel holds, as the daemon's composition built it. */
export interface KernelParts {
  bus: EventBus;
  fatal: FatalAlarm;
  store: Store;
  cockpit: CockpitRepository;
  retention: Retention;
  market: MarketData;
  news: NewsSource;
  queue: AsyncQueue<Opportunity>;
  consumer: OpportunityConsumer;
  forwardReturns: ForwardTracker;
  trader: Trader;
  broker: Broker;
  killSwitch: KillSwitch;
  entryHalt: () => EntryHalt;
  monitor: PositionMonitor;
  modelScanner: ModelScanner;
  newsScanner: NewsScanner;
  marketProgress: MarketProgress;
  loops: Record<'modelScanner' | 'newsScanner' | 'positionMonitor' | 'health', Loop>;
  health: HealthMonitor;
  metrics: KernelMetrics;
  server: HttpServer | null;
  notifier: Notifier | null;
  /** In start order; stopped in reverse. */
  services: Service[];
  /** Closes the store: after the services stop, whether or not they started. */
  close: () => void;
  /** Ends a wait still under way in the start (for an exchange in maintenance) when the daemon stops. */
  abortStart?: () => void;
}

/**
 * The daemon: its parts, built by the composition root (compose-daemon.ts) from the builders, and one lifecycle that
 * starts them in dependency order and stops them in reverse. Built only by Kernel.create.
 */
export class Kernel {
  readonly bus: EventBus;
  /** Raised when the daemon must not go on (its store deleted, a write failed): entries halt, the process stops, exit 1. */
  readonly fatal: FatalAlarm;
  readonly store: Store;
  /** The equity curve and the operator's actions, for the cockpit. */
  readonly cockpit: CockpitRepository;
  readonly retention: Retention;
  readonly market: MarketData;
  readonly news: NewsSource;
  readonly queue: AsyncQueue<Opportunity>;
  readonly consumer: OpportunityConsumer;
  /** Writes the forward returns of discussed bars as they become known (the scorecards). */
  readonly forwardReturns: ForwardTracker;
  readonly trader: Trader;
  readonly broker: Broker;
  readonly killSwitch: KillSwitch;
  /** Whether new entries are halted, by what and why: the one answer /status, the health line and /metrics give. */
  readonly entryHalt: () => EntryHalt;
  /** The loops' parts, for a test that drives them itself. */
  readonly monitor: PositionMonitor;
  readonly modelScanner: ModelScanner;
  readonly newsScanner: NewsScanner;
  /** Whether market data still advances (fed by the model scanner). */
  readonly marketProgress: MarketProgress;
  readonly loops: KernelParts['loops'];
  readonly health: HealthMonitor;
  readonly metrics: KernelMetrics;
  readonly server: HttpServer | null;
  /** Null when no notification channel is configured. */
  readonly notifier: Notifier | null;
  private readonly lifecycle: Lifecycle;
  private readonly close: () => void;
  private readonly abortStart: (() => void) | undefined;
  private stopping: Promise<void> | null = null;
  /** The error a service failed to start with, once logged (the daemon then does not log it again). */
  startFailure: { error: unknown } | null = null;

  /** Builds the daemon from the configuration (opening its store, loading its sources); `overrides` replace parts in tests. */
  static async create(config: Config, overrides: KernelOverrides = {}): Promise<Kernel> {
    const clock = overrides.clock ?? new LiveClock();
    const logger = overrides.logger ?? createLogger({ level: config.logLevel, clock, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) });
    let kernel: Kernel | undefined;
    // The parts' closures (health providers, /healthz, /status) read the kernel, which exists once they are all built.
    const self = () => kernel!;
    return (kernel = new Kernel(config, clock, logger, await composeDaemon(config, { clock, logger, overrides, self })));
  }

  private constructor(
    readonly config: Config,
    readonly clock: Clock,
    readonly logger: Logger,
    parts: KernelParts,
  ) {
    this.bus = parts.bus;
    this.fatal = parts.fatal;
    this.store = parts.store;
    this.cockpit = parts.cockpit;
    this.retention = parts.retention;
    this.market = parts.market;
    this.news = parts.news;
    this.queue = parts.queue;
    this.consumer = parts.consumer;
    this.forwardReturns = parts.forwardReturns;
    this.trader = parts.trader;
    this.broker = parts.broker;
    this.killSwitch = parts.killSwitch;
    this.entryHalt = parts.entryHalt;
    this.monitor = parts.monitor;
    this.modelScanner = parts.modelScanner;
    this.newsScanner = parts.newsScanner;
    this.marketProgress = parts.marketProgress;
    this.loops = parts.loops;
    this.health = parts.health;
    this.metrics = parts.metrics;
    this.server = parts.server;
    this.notifier = parts.notifier;
    this.close = parts.close;
    this.abortStart = parts.abortStart;
    this.lifecycle = new Lifecycle(parts.services, {
      // Told before what started is stopped, while the notifier still runs: the daemon exits on it.
      // The log says why first, then what stopped (it read "stopped; store closed" before the reason).
      onStartFailure: (_s, error) => {
        this.startFailure = { error };
        logger.fatal({ err: error }, `conclave cannot start: ${errorMessage(error)}`);
        this.bus.emit('fatal', { reason: 'start failed', error: errorMessage(error) });
      },
      onStopFailure: (s, error) => logger.error({ service: s.name, err: error }, `${s.name} failed to stop; the others still stop`),
    });
  }

  /**
   * Brings the services up in order: the account and its ledger, notifications, start-up reconciliation, the store's
   * checkpointer and guard, health measurement, the server, the consumer, the loops, and last systemd's READY.
   * A service that fails to start emits `fatal` on the bus, stops those already up, and the error is rethrown.
   */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /**
   * Stops in reverse (the scanners, then the consumer drains: in-flight discussions settle, queued ones expire; then
   * the server and the account's closing line), and last closes the store. Idempotent; before start() it only closes
   * the store.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    // After a failed start what had started is stopped already; only the store is left to close.
    if (!this.startFailure) this.logger.info('conclave stopping');
    this.trader.stopEntries();
    this.abortStart?.();
    try {
      await this.lifecycle.stop();
    } finally {
      this.close();
    }
  }

  /** Every loop's counters, the consumer's included: what the health line shows and /healthz judges. */
  loopStats(): Record<string, LoopStats> {
    const stats: Record<string, LoopStats> = {};
    for (const [name, loop] of Object.entries(this.loops)) stats[name] = loop.stats();
    stats.consumer = this.consumer.loopStats();
    return stats;
  }

  /**
   * /healthz and the watchdog: ok while every loop has succeeded within three of its intervals and nothing is
   * stalled. Alive is not enough: a daemon whose loops run but whose market data stopped, or whose queue holds work
   * no discussion finishes, is not working.
   */
  liveness(): { ok: boolean; stale: string[]; stalled: string[]; snapshot: unknown } {
    const stale = staleLoops(this.loopStats(), this.clock.now());
    const stalled = this.stalled(stale);
    return { ok: stale.length === 0 && stalled.length === 0, stale, stalled, snapshot: this.health.last() };
  }

  /**
   * 'market': data has not advanced for three bar lengths (or its longest usual pause), unless the market has ended (a
   * replay holding its files' last bars: a watchdog restarting it would replay them from the start); 'consumer': work
   * waits, nothing finishes.
   */
  stalled(stale = staleLoops(this.loopStats(), this.clock.now())): string[] {
    return stalledParts(stale, this.marketProgress.stall() !== null && this.market.ended?.() !== true, this.queue.depth);
  }

  status(): Record<string, unknown> {
    const halt = this.entryHalt();
    return {
      mode: runMode(this.config),
      halted: halt.halted,
      // As `conclave status --json` has it: why, since when, and where a halt --flatten stands.
      halt: haltStatus(halt),
      exchangeStop: exchangeStopOn(this.config),
      ...accountSummary(this.store, exitRulesOf(this.config), this.trader.markPrices()),
      health: this.health.last(),
      // The page judges the snapshot's loops at this time, as the health line does: measured from later, an idle
      // consumer (ok as of the snapshot) looked stale until the next line.
      healthAt: this.health.lastAt(),
    };
  }
}
