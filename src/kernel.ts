import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { Agent } from './agents/agent-port.js';
import { Chief, resolveChiefOptions, type ChiefOptions } from './agents/chief.js';
import { AdaptiveWeights } from './agents/adaptive-weights.js';
import { createDefaultAgents, type DefaultAgentsOptions } from './agents/default-agents.js';
import { AsyncQueue } from './bus/async-queue.js';
import { EventBus } from './bus/event-bus.js';
import { OpportunityConsumer } from './consumer/opportunity-consumer.js';
import type { BreakerChange } from './core/circuit-breaker.js';
import { LiveClock, type Clock } from './core/clock.js';
import type { Config } from './config/config.js';
import { InvariantError, OperationalError, errorMessage } from './core/errors.js';
import { FatalAlarm } from './core/fatal-alarm.js';
import { createLogger, type Logger } from './core/logger.js';
import { Loop, type LoopStats } from './core/loop.js';
import { hashSeed, seededRandom } from './core/random.js';
import { buildMarket, buildNews, mergeSourceStats } from './kernel-sources.js';
import { buildLiveBroker } from './trading/live-broker.js';
import { HealthMonitor } from './health/health-loop.js';
import { staleLoops } from './health/staleness.js';
import { MarketProgress } from './health/market-progress.js';
import { SystemdWatchdog, systemdNotify, watchdogIntervalMs, type Notify } from './health/systemd-watchdog.js';
import type { MarketData } from './market/market-port.js';
import { ResilientMarketData } from './market/resilient-market.js';
import { SimMarket } from './market/sim-market.js';
import type { NewsSource } from './news/news-port.js';
import { SimNews } from './news/sim-news.js';
import { SymbolMapper, type SymbolAlias } from './news/symbol-map.js';
import { ModelScanner } from './scanners/model-scanner.js';
import { NewsBook } from './scanners/news-book.js';
import { NewsScanner } from './scanners/news-scanner.js';
import { newsWindow } from './scanners/news-window.js';
import type { Opportunity } from './scanners/opportunity.js';
import { Notifier } from './notify/notifier.js';
import type { VerdictEvent } from './bus/events.js';
import { HttpServer } from './server/http-server.js';
import { Dashboard } from './server/dashboard/dashboard-routes.js';
import { CockpitRepository } from './store/cockpit-repository.js';
import { KernelMetrics } from './server/metrics.js';
import { createdMarkerOf, openDatabase } from './store/database.js';
import { WalCheckpointer } from './store/wal-checkpointer.js';
import { Retention } from './store/retention.js';
import { storageFailureAction } from './store/storage-failure.js';
import { StoreGuard } from './store/store-guard.js';
import { lockFileOf } from './store/store-lock.js';
import { Store } from './store/store.js';
import type { Broker } from './trading/broker-port.js';
import { accountSummary } from './trading/account-summary.js';
import { KillSwitch } from './trading/kill-switch.js';
import { PaperBroker } from './trading/paper-broker.js';
import { adoptPaperOrders, paperFills } from './trading/paper-fills.js';
import { dayIn, MarketTime } from './market/market-time.js';
import { BarsTap } from './market/bars-tap.js';
import { PositionMonitor } from './trading/position-monitor.js';
import { Trader } from './trading/trader.js';
import { ForwardTracker } from './scorecard/forward-tracker.js';
import { withChanges } from './core/with-changes.js';

/** Fakes and replacements for tests and replay; anything not given is built from the configuration. */
export interface KernelOverrides {
  clock?: Clock;
  logger?: Logger;
  logDestination?: DestinationStream;
  market?: MarketData;
  news?: NewsSource;
  broker?: Broker;
  agents?: Agent[];
  /** Seed of the paper broker's partial fills (defaults to simSeed). */
  random?: () => number;
  /** What the outside sources tell the health line (set by Kernel.create). */
  sourceStats?: () => Record<string, unknown>;
  /** The market already has its own timeouts (set by Kernel.create for the configured adapters). */
  marketIsGuarded?: boolean;
  /** sd_notify (tests); by default systemd's, when the process runs under a Type=notify unit. */
  sdNotify?: Notify | null;
  /** Replaces the kill switch's reading for entries (a backtest has no HALT file to read at every decision). */
  halted?: () => boolean;
  /** Replaces the trader as what acts on verdicts (a backtest applies a step's verdicts in publication order). */
  act?: (event: VerdictEvent) => Promise<void>;
  /** The market's time, whose day the daily loss limit rolls over on (a backtest: its latest bar). */
  marketNow?: () => number;
}

const INJECTED_SOURCE_TIMEOUT_MS = 10_000;
/** Retention prunes hourly (and once at start); each pass works in small batches. */
const RETENTION_INTERVAL_MS = 3_600_000;

export const storeFile = (config: Config): string => join(config.dataDir, `conclave-${config.mode}.db`);
/** The kill switch's file: `conclave halt` from another process and `touch data/HALT` both work through it. */
export const haltFile = (config: Config): string => join(config.dataDir, 'HALT');
/** The universe as the news mapper reads it: each ticker with its company name and aliases. */
export const symbolAliases = (config: Config): SymbolAlias[] =>
  config.universe.map((u) => ({ symbol: u.symbol, names: [u.name, ...(u.aliases ?? [])] }));

/**
 * The composition root: the one place that constructs and wires every part. Parts talk through the bus or small
 * interfaces; only the kernel knows them all. start() brings them up in dependency order, stop() in reverse.
 */
export class Kernel {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly store: Store;
  readonly queue: AsyncQueue<Opportunity>;
  readonly market: MarketData;
  readonly news: NewsSource;
  readonly trader: Trader;
  readonly broker: Broker;
  readonly consumer: OpportunityConsumer;
  readonly killSwitch: KillSwitch;
  readonly loops: Record<'modelScanner' | 'newsScanner' | 'positionMonitor' | 'health', Loop>;
  readonly health: HealthMonitor;
  readonly server: HttpServer | null;
  /** The equity curve and the operator's actions, for the cockpit. */
  readonly cockpit: CockpitRepository;
  /** Whether market data still advances (fed by the model scanner). */
  readonly marketProgress = new MarketProgress();
  /** The market's time (its newest bar), whose day the daily loss limit rolls over on. */
  readonly marketTime: MarketTime;
  private readonly watchdog: SystemdWatchdog | null;
  readonly metrics: KernelMetrics;
  /** Null when no notification channel is configured. */
  readonly notifier: Notifier | null;
  /** Raised when the daemon must not go on (its store deleted, a write failed): entries halt, the process stops, exit 1. */
  readonly fatal = new FatalAlarm();
  readonly retention: Retention;
  /** Writes the forward returns of discussed bars as they become known (the scorecards). */
  readonly forwardReturns: ForwardTracker;
  /** Hourly, so not among the health line's loops (whose freshness is judged in seconds); its `store` section shows it. */
  private readonly retentionLoop: Loop;
  private readonly guard: StoreGuard;
  /** The loops' parts, for a composition that drives them itself (the backtest runs them on each bar close). */
  readonly modelScanner: ModelScanner;
  readonly newsScanner: NewsScanner;
  readonly monitor: PositionMonitor;
  private started = false;
  /** Null with `storeCheckpoint: inline`: SQLite then checkpoints inside commits, as by default. */
  private readonly checkpointer: WalCheckpointer | null;
  private stopping: Promise<void> | null = null;

  /** Builds the kernel with the configured outside sources (replay files, an exchange, news feeds), which load asynchronously. */
  static async create(config: Config, overrides: KernelOverrides = {}): Promise<Kernel> {
    const clock = overrides.clock ?? new LiveClock();
    const logger = overrides.logger ?? createLogger({ level: config.logLevel, clock, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) });
    // The sources are built before the kernel and its bus: their breakers' changes reach the bus through this late link.
    let kernel: Kernel | undefined;
    const onBreaker = (change: BreakerChange) => kernel?.bus.emit('source.breaker', change);
    const market = overrides.market ? null : await buildMarket(config, clock, logger, onBreaker);
    const news = overrides.news ? null : await buildNews(config, clock, logger, onBreaker);
    const broker = overrides.broker ?? (config.mode === 'live' ? await buildLiveBroker(config, clock, logger.child({ component: 'broker' })) : undefined);
    return (kernel = new Kernel(
      config,
      withChanges(overrides, {
        clock,
        logger,
        ...(market ? { market: market.source, marketIsGuarded: true } : {}),
        ...(news ? { news: news.source } : {}),
        ...(broker ? { broker } : {}),
        sourceStats: () => mergeSourceStats(market?.stats(), news?.stats(), overrides.sourceStats?.()),
      }),
    ));
  }

  constructor(
    readonly config: Config,
    overrides: KernelOverrides = {},
  ) {
    const clock = (this.clock = overrides.clock ?? new LiveClock());
    const logger = (this.logger = overrides.logger ?? createLogger({ level: config.logLevel, clock, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) }));
    this.marketTime = new MarketTime(clock);
    this.bus = new EventBus((event, error) => logger.error({ event, err: error }, 'an event listener failed; the others still ran'));
    const file = storeFile(config);
    const db = openDatabase(file, config.storeSync);
    this.store = new Store(db, {
      onStorageFailure: (error) => this.fatal.raise({ reason: `a write to the store ${file} failed: ${errorMessage(error)}`, action: storageFailureAction(error), error }),
    });
    this.guard = new StoreGuard({
      clock,
      files: [file, `${file}-wal`, lockFileOf(file)],
      nonEmpty: [file],
      intervalMs: Math.min(5_000, config.positionCheckIntervalMs, config.healthIntervalMs),
      onLost: (reason) =>
        this.fatal.raise({
          reason,
          action: `restore the store from a backup, then start again (without it conclave refuses to start; to begin a new account on purpose, delete ${createdMarkerOf(file)})`,
        }),
    });
    const chiefOptions = resolveChiefOptions(config.chief as Partial<ChiefOptions>);
    const adaptive = chiefOptions.adaptive ? new AdaptiveWeights(chiefOptions.weights) : undefined;
    this.forwardReturns = new ForwardTracker(this.store, logger.child({ component: 'scorecards' }), undefined, undefined, adaptive);
    this.bus.on('verdict', (event) => this.forwardReturns.onVerdict(event));
    this.retention = new Retention({
      store: this.store,
      clock,
      logger: logger.child({ component: 'retention' }),
      file,
      retentionDays: config.retentionDays,
      maxMb: config.retentionMaxMb,
    });
    this.cockpit = new CockpitRepository(db);
    this.checkpointer =
      config.storeCheckpoint === 'background'
        ? new WalCheckpointer({ file, db, sync: config.storeSync, logger: logger.child({ component: 'store' }), clock })
        : null;
    const symbols = config.universe.map((u) => u.symbol);

    const contextBars = Math.max(config.scanBars, 250);
    // The simulation keeps only the history anyone asks for: a day of bars for 500 symbols would hold ~90 MB.
    const sim = new SimMarket({ clock, seed: config.simSeed, symbols, barMs: config.simBarMs, maxBars: contextBars });
    // An injected adapter may hang; every call to it gets a deadline, so no loop or shutdown waits on it forever.
    // (The built-in adapters are local, or already behind their own timeouts.)
    const market =
      overrides.market && !overrides.marketIsGuarded
        ? new ResilientMarketData(overrides.market, clock, { timeoutMs: INJECTED_SOURCE_TIMEOUT_MS, retry: { retries: 0 }, breaker: { failureThreshold: Number.MAX_SAFE_INTEGER } })
        : (overrides.market ?? sim);
    // The market's time comes from the bars read, unless given (a backtest knows its calendar's).
    const tap = new BarsTap(market, overrides.marketNow ? undefined : (symbol, bars) => this.marketTime.observe(bars, market.barMs?.(symbol)));
    this.market = tap;
    this.news = overrides.news ?? new SimNews({ clock, seed: config.simSeed, market: sim, universe: config.universe, perHour: config.simNewsPerHour });

    this.queue = new AsyncQueue<Opportunity>({
      capacity: config.queueCapacity,
      overflow: config.queueOverflow,
      onDrop: (opportunity) => {
        this.store.setOpportunityStatus(opportunity.id, 'dropped');
        this.bus.emit('opportunity.dropped', { opportunity, reason: 'queue full (drop-oldest)' });
      },
    });
    const publish = async (opportunity: Opportunity, signal: AbortSignal) => {
      this.store.insertOpportunity(opportunity);
      this.bus.emit('opportunity', opportunity);
      try {
        await this.queue.put(opportunity, signal);
      } catch (error) {
        // It never entered the queue (the daemon is stopping): expired, like the ones still queued at shutdown.
        this.store.setOpportunityStatus(opportunity.id, 'expired');
        throw error;
      }
    };

    this.killSwitch = new KillSwitch({ file: haltFile(config), clock });
    const broker = (this.broker =
      overrides.broker ??
      new PaperBroker({
        clock,
        logger: logger.child({ component: 'paper-broker' }),
        fillTimeoutMs: config.paperFillTimeoutMs,
        newestBar: (symbol) => tap.newest(symbol),
        slippageBps: config.slippageBps,
        feeBps: config.feeBps,
        ...(config.partialFillProbability > 0 ? { partialFill: { probability: config.partialFillProbability, minFraction: 0.3 } } : {}),
        random: overrides.random ?? seededRandom(hashSeed(config.simSeed, 'paper-broker')),
        // Recent ids are enough for its idempotency (a partial fill is cancelled at once); the store's unique
        // client_order_id guards the rest.
        maxRemembered: 1_000,
      }));
    this.trader = new Trader({
      clock,
      logger: logger.child({ component: 'trader' }),
      store: this.store,
      bus: this.bus,
      broker,
      market: this.market,
      limits: {
        maxOpenPositions: config.maxOpenPositions,
        maxPositionFraction: config.positionFraction,
        maxGrossExposure: config.maxGrossExposure,
        symbolCooldownMs: config.symbolCooldownMs,
        dailyLossLimit: config.dailyLossLimit,
        maxDrawdown: config.maxDrawdown,
      },
      riskPerTrade: config.riskPerTrade,
      lotStep: config.lotStep,
      halted: overrides.halted ?? (() => this.fatal.raised !== null || this.killSwitch.isHalted()),
      symbolCooldownBars: config.symbolCooldownBars,
      marketNow: overrides.marketNow ?? (() => this.marketTime.now()),
      dayOf: dayIn(config.marketTimezone),
      recentBars: (symbol, limit) => tap.recent(symbol, limit),
    });

    const newsLookback = newsWindow(config.newsLookbackMs, config.newsLookbackBars, () => this.marketProgress.state().barMs);
    const book = new NewsBook(500, newsLookback);
    this.consumer = new OpportunityConsumer({
      clock,
      logger: logger.child({ component: 'consumer' }),
      queue: this.queue,
      agents:
        overrides.agents ??
        createDefaultAgents({
          // Shapes are checked by the agents themselves, which name the offending key (agents.<role>.<option>).
          ...(config.agents as DefaultAgentsOptions),
          ...(config.llmRoles.length > 0
            ? {
                llm: {
                  roles: config.llmRoles,
                  url: config.llmUrl,
                  model: config.llmModel,
                  ...(config.llmApiKey ? { apiKey: config.llmApiKey } : {}),
                  clock,
                  maxConcurrent: config.llmMaxConcurrent,
                  timeoutMs: config.llmTimeoutMs,
                  maxBytes: config.llmMaxBytes,
                },
              }
            : {}),
        }),
      chief: new Chief(config.chief as Partial<ChiefOptions>, undefined, { feeBps: config.feeBps, slippageBps: config.slippageBps, ...(adaptive ? { weights: () => adaptive.weights() } : {}) }),
      deadlineMs: config.agentDeadlineMs,
      concurrency: config.consumerConcurrency,
      market: this.market,
      book,
      contextBars,
      bus: this.bus,
      store: this.store,
      portfolio: () => this.trader.portfolio(),
      position: (symbol) => this.trader.positionView(symbol),
      act: overrides.act ?? ((event) => this.trader.onVerdict(event)),
    });

    const modelScanner = (this.modelScanner = new ModelScanner({
      clock,
      logger: logger.child({ component: 'model-scanner' }),
      market: this.market,
      concurrency: config.scanConcurrency,
      bars: config.scanBars,
      threshold: config.modelThreshold,
      cooldownMs: config.opportunityCooldownMs,
      cooldownBars: config.opportunityCooldownBars,
      reviewEveryBars: config.reviewEveryBars,
      held: (symbol) => this.trader.positionView(symbol) !== null,
      publish,
      observe: (series, symbol) => {
        this.marketProgress.observe(series, clock.now());
        this.forwardReturns.observe(symbol, series, clock.now());
      },
    }));
    const newsScanner = (this.newsScanner = new NewsScanner({
      clock,
      logger: logger.child({ component: 'news-scanner' }),
      source: this.news,
      mapper: new SymbolMapper(symbolAliases(config)),
      seen: this.store,
      book,
      lookbackMs: newsLookback,
      minSentiment: config.newsMinSentiment,
      cooldownMs: config.opportunityCooldownMs,
      priceOf: (symbol, signal) => this.market.price(symbol, signal),
      publish,
    }));
    const monitor = (this.monitor = new PositionMonitor({
      clock,
      logger: logger.child({ component: 'position-monitor' }),
      store: this.store,
      market: this.market,
      trader: this.trader,
      killSwitch: this.killSwitch,
      rules: {
        stopLossPct: config.stopLossPct,
        takeProfitPct: config.takeProfitPct,
        ...(config.trailingStopPct > 0 ? { trailingStopPct: config.trailingStopPct, trailingActivationPct: config.trailingActivationPct } : {}),
        ...(config.atrStopMultiple > 0 ? { atrStopMultiple: config.atrStopMultiple } : {}),
        ...(config.maxHoldMs > 0 ? { maxHoldMs: config.maxHoldMs } : {}),
      },
      maxHoldBars: config.maxHoldBars,
      ...(broker instanceof PaperBroker ? { settleInFlight: paperFills(broker, this.trader) } : {}),
    }));

    this.notifier = Notifier.fromConfig(config, { clock, logger: logger.child({ component: 'notify' }), bus: this.bus, haltReason: () => this.killSwitch.state().reason });
    this.health = new HealthMonitor(clock, logger.child({ component: 'health' }), this.bus, {
      queue: () => this.queue.stats(),
      loops: () => this.loopStats(),
      discussions: () => this.consumer.stats(),
      openPositions: () => this.store.openPositionCount,
      equity: () => this.trader.equity(),
      extra: () => ({
        mode: config.mode,
        halted: this.fatal.raised !== null || this.killSwitch.isHalted(),
        ledger: this.trader.ledger(),
        ws: this.server?.wsStats() ?? null,
        stalled: this.stalled(),
        market: this.marketProgress.state(),
        checkpointer: this.checkpointer?.stats() ?? null,
        notify: this.notifier?.stats() ?? null,
        store: this.retention.stats(),
        ...overrides.sourceStats?.(),
      }),
    });

    const loop = (name: string, intervalMs: number, task: (signal: AbortSignal) => Promise<unknown>) =>
      new Loop({ name, intervalMs, clock, logger: logger.child({ component: name }), task: async (signal) => void (await task(signal)) });
    this.loops = {
      modelScanner: loop('modelScanner', config.modelScanIntervalMs, (s) => modelScanner.scan(s)),
      newsScanner: loop('newsScanner', config.newsScanIntervalMs, (s) => newsScanner.scan(s)),
      // After a fatal alarm no order is sent that the store may not record; the daemon is stopping anyway.
      positionMonitor: loop('positionMonitor', config.positionCheckIntervalMs, (s) => (this.fatal.raised ? Promise.resolve() : monitor.check(s))),
      health: loop('health', config.healthIntervalMs, async () => {
        await this.health.tick();
        this.recordEquity();
      }),
    };
    this.retentionLoop = loop('retention', RETENTION_INTERVAL_MS, (s) => this.retention.run(s));

    this.metrics = new KernelMetrics(this.bus, {
      queue: () => this.queue.stats(),
      loops: () => this.loopStats(),
      sources: () => (overrides.sourceStats?.().sources ?? {}) as Record<string, unknown>,
      openPositions: () => this.store.openPositionCount,
      equity: () => this.trader.equity(),
      health: () => this.health.last(),
      notify: () => this.notifier?.stats() ?? null,
    }, { defaultMetrics: config.httpPort > 0 });
    this.server =
      config.httpPort > 0
        ? new HttpServer({
            host: config.httpHost,
            port: config.httpPort,
            ...(config.httpToken ? { token: config.httpToken } : {}),
            clock,
            logger: logger.child({ component: 'http' }),
            bus: this.bus,
            maxBufferedBytes: config.wsMaxBufferedBytes,
            heartbeatMs: config.wsHeartbeatMs,
            health: () => this.liveness(),
            status: () => this.status(),
            metrics: () => this.metrics.render(),
            dashboard: new Dashboard({
              clock,
              logger: logger.child({ component: 'dashboard' }),
              store: this.store,
              cockpit: this.cockpit,
              market: this.market,
              killSwitch: this.killSwitch,
              status: () => this.status(),
              backtestsDir: join(config.dataDir, 'backtests'),
            }),
          })
        : null;

    const sdNotify = overrides.sdNotify === undefined ? systemdNotify(process.env) : overrides.sdNotify;
    this.watchdog = sdNotify
      ? new SystemdWatchdog({ clock, logger: logger.child({ component: 'watchdog' }), notify: sdNotify, intervalMs: watchdogIntervalMs(process.env), working: () => this.liveness() })
      : null;
  }

  /** Brings everything up in dependency order: store state, server, consumer, monitor, scanners, health. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.notifier?.start();
    const { logger, config } = this;
    this.trader.init(config.startingCash);
    const ledger = this.trader.ledger();
    if (!ledger.ok) {
      throw new InvariantError(
        `The ledger does not hold in ${storeFile(config)} (difference ${ledger.diff}): cash plus cost of open positions must equal starting cash plus realised profit minus fees. Inspect the store before trading again.`,
      );
    }
    const expired = this.store.expireQueuedOpportunities();
    if (this.broker instanceof PaperBroker) adoptPaperOrders(this.broker, this.store);
    await this.trader.reconcileInFlight();
    await this.reconcileLive();
    logger.info(
      { mode: config.mode, store: storeFile(config), market: this.market.name, news: this.news.name, positions: this.store.openPositionCount, expired },
      'conclave starting',
    );
    this.checkpointer?.start();
    await this.server?.start();
    this.consumer.start();
    this.loops.positionMonitor.start();
    this.loops.modelScanner.start();
    this.loops.newsScanner.start();
    this.loops.health.start();
    this.retentionLoop.start();
    this.guard.start();
    this.watchdog?.start();
  }

  /**
   * Stops in reverse: scanners, then the consumer drains (in-flight discussions settle, queued ones expire), then the
   * monitor and health loops, the server, and last the store. Idempotent.
   */
  stop(): Promise<void> {
    if (!this.started) {
      this.health.close();
      this.store.close();
      return Promise.resolve();
    }
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const { logger } = this;
    logger.info('conclave stopping');
    this.watchdog?.stop();
    this.guard.stop();
    await Promise.all([this.loops.modelScanner.stop(), this.loops.newsScanner.stop(), this.retentionLoop.stop()]);
    // Discussions normally settle within the agent deadline; past 5 s they are aborted so shutdown stays bounded.
    const cancel = this.clock.setTimer(5_000, () => this.consumer.abort());
    await this.consumer.stop();
    cancel();
    await this.loops.positionMonitor.stop();
    await this.loops.health.stop();
    await this.server?.stop();
    this.health.close();
    this.metrics.close();
    await this.checkpointer?.stop();
    await this.notifier?.stop();
    const ledger = this.trader.ledger();
    logger.info({ ledger, positions: this.store.openPositionCount, equity: this.trader.equity() }, 'conclave stopped; store closed');
    this.store.close();
  }

  /** A point of the equity curve (at most one a minute), for the cockpit. */
  private recordEquity(): void {
    const equity = this.trader.equity();
    const cash = this.store.account().cash;
    this.cockpit.recordEquity({ time: this.clock.now(), equity, cash, exposure: equity - cash });
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

  /** 'market': data has not advanced for three bar lengths (or its longest usual pause); 'consumer': work waits, nothing finishes. */
  stalled(stale = staleLoops(this.loopStats(), this.clock.now())): string[] {
    const stalled: string[] = [];
    if (this.marketProgress.stall()) stalled.push('market');
    if (stale.includes('consumer') && this.queue.depth > 0) stalled.push('consumer');
    return stalled;
  }

  status(): Record<string, unknown> {
    return {
      mode: this.config.mode,
      halted: this.killSwitch.isHalted(),
      ...accountSummary(this.store, this.trader.markPrices()),
      health: this.health.last(),
    };
  }

  /** Live only: the exchange's open orders and balances must match the store, or conclave refuses to trade. */
  private async reconcileLive(): Promise<void> {
    if (!this.broker.reconcile) return;
    const balances: Record<string, number> = {};
    for (const p of this.store.positions()) {
      const base = p.symbol.split('/')[0]!;
      balances[base] = (balances[base] ?? 0) + p.qty;
    }
    const openOrders = this.store.inFlightOrders().map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol }));
    const mismatches = await this.broker.reconcile({ openOrders, balances }, { clientOrderIdPrefix: 'co-' });
    const unexplained = mismatches.filter((m) => !m.explained);
    for (const m of mismatches) this.logger.warn({ mismatch: m }, `reconciliation: ${m.explanation}`);
    if (unexplained.length > 0) {
      throw new OperationalError(
        `Refusing to start live trading: ${unexplained.length} difference(s) between the store and the exchange cannot be explained: ${unexplained.map((m) => m.explanation).join('; ')}. Resolve them on the exchange or in the store, then start again.`,
      );
    }
  }
}
