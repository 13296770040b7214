import { EventBus } from '../bus/event-bus.js';
import { runMode } from '../config/run-mode.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { FatalAlarm } from '../core/fatal-alarm.js';
import { service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { Broker } from '../trading/broker-port.js';
import { Notifier } from '../notify/notifier.js';
import { buildHealth } from './build-health.js';
import { buildLoops } from './build-loops.js';
import { buildPipeline } from './build-pipeline.js';
import { buildServer } from './build-server.js';
import { buildSources, type Sources } from './build-sources.js';
import { buildStorage, type Storage } from './build-storage.js';
import { buildBroker, buildTrading } from './build-trading.js';
import type { Kernel, KernelOverrides, KernelParts } from './kernel.js';
import { KillSwitchLog } from '../trading/kill-switch-log.js';
import { haltSummary } from '../trading/status-text.js';
import { damagedWhileRunningAdvice } from '../store/restore-advice.js';
import { resumeScorecards } from '../scorecard/resume-scorecards.js';
import { logConfigWarnings } from './config-warnings.js';
import { MarketStallNote } from '../health/market-stall-note.js';

export interface DaemonDeps {
  clock: Clock;
  logger: Logger;
  overrides: KernelOverrides;
  /** The kernel, once built: what /healthz, /status and the health line read. */
  self: () => Kernel;
}

/**
 * The daemon's composition root: every part, from the builders, wired to the others; and its services in start order.
 * The backtest composes the same builders (src/backtest/backtest-kernel.ts) without the loops, server and health.
 */
export async function composeDaemon(config: Config, { clock, logger, overrides, self }: DaemonDeps): Promise<KernelParts> {
  const bus = new EventBus((event, error) => logger.error({ event, err: error }, 'an event listener failed; the others still ran'));
  const fatal = new FatalAlarm();
  const sources = await buildSources(config, {
    clock,
    logger,
    onBreaker: (change) => bus.emit('source.breaker', change),
    ...(overrides.market ? { market: overrides.market } : {}),
    ...(overrides.news ? { news: overrides.news } : {}),
  });
  const broker =
    overrides.broker ??
    (await buildBroker(config, { clock, logger, newestBar: (symbol) => sources.market.newest(symbol), symbolTime: (symbol) => sources.market.marketNow(symbol), ...(overrides.random ? { random: overrides.random } : {}) }));
  const storage = buildStorage(config, { clock, logger, fatal, onStoreDamage: (found) => bus.emit('store.damaged', found) });
  try {
    return await composeOnStorage(config, { clock, logger, overrides, self }, { bus, fatal, sources, storage, broker });
  } catch (error) {
    storage.close();
    throw error;
  }
}

async function composeOnStorage(
  config: Config,
  { clock, logger, overrides, self }: DaemonDeps,
  { bus, fatal, sources, storage, broker }: { bus: EventBus; fatal: FatalAlarm; sources: Sources; storage: Storage; broker: Broker },
): Promise<KernelParts> {
  const { store, cockpit, retention, checkpointer, storeCheck } = storage;
  // Not lifted by `conclave resume`: only a restart on a sound (restored) store trades again.
  const storeDamage = () => (storeCheck?.damage ? { advice: damagedWhileRunningAdvice(storage.file) } : null);
  const { market, news } = sources;
  // Aborted when the daemon stops: a start still waiting (for an exchange in maintenance) gives up at once.
  const stopping = new AbortController();
  const trading = await buildTrading(config, {
    stopping: stopping.signal,
    clock,
    logger,
    bus,
    store,
    market,
    fatal,
    broker,
    storeDamage,
    marketNow: () => sources.marketTime.now(),
    recentBars: (symbol, limit) => market.recent(symbol, limit),
  });
  const { trader, killSwitch, monitor, entryHalt } = trading;
  const { decision, scanners } = buildPipeline(config, {
    clock,
    logger,
    bus,
    store,
    market,
    news,
    trader,
    act: (event) => trader.onVerdict(event),
    ...(overrides.agents ? { agents: overrides.agents } : {}),
  });
  const stallNote = new MarketStallNote(logger.child({ component: 'market' }), scanners.marketProgress, market.name);
  const killSwitchLog = new KillSwitchLog(killSwitch, logger.child({ component: 'kill-switch' }));
  const notifier = Notifier.fromConfig(config, {
    clock,
    logger: logger.child({ component: 'notify' }),
    bus,
    haltReason: () => killSwitch.state().reason,
  });
  const health = buildHealth(config, {
    clock,
    logger,
    bus,
    queue: () => decision.queue.stats(),
    loops: () => self().loopStats(),
    discussions: () => decision.consumer.stats(),
    openPositions: () => store.openPositionCount,
    unpricedPositions: () => monitor.unpriced.symbols(),
    unprotectedPositions: () => [...(trader.protective?.unprotected().keys() ?? [])],
    equity: () => trader.equity(),
    extra: () => {
      // Read once per health line, which logs the kill switch's changes made from outside (`conclave halt`).
      const halt = entryHalt(killSwitchLog.observeState());
      return {
        mode: runMode(config),
        halted: halt.halted,
        // What halts entries (entry-halt.ts), and whether the kill switch is on whatever the cause: `conclave health` and
        // the notices tell a fatal condition or a damaged store from the switch, which `conclave resume` lifts.
        haltCause: halt.cause,
        killSwitch: halt.killSwitch.halted,
        // Where a halt --flatten stands ('under way', 'done', null), for whoever tails the log or watches the cockpit.
        flatten: haltSummary(halt.killSwitch)?.flatten ?? null,
        ledger: trader.ledger(),
        limit: trader.limitTripped(),
        llm: decision.llmBudget?.stats() ?? null,
        ws: server.server?.wsStats() ?? null,
        stalled: stallNote.check(self().stalled(), clock.now()),
        market: scanners.marketProgress.state(),
        checkpointer: checkpointer?.stats() ?? null,
        storeCheck: storeCheck?.stats() ?? null,
        notify: notifier?.stats() ?? null,
        store: retention.stats(),
        ...sources.stats(),
      };
    },
    sources: () => (sources.stats().sources ?? {}) as Record<string, unknown>,
    notify: () => notifier?.stats() ?? null,
    // For /metrics: read at each scrape, so each is now's (a HALT file, a stop the exchange dropped) and cheap.
    alerts: {
      halted: () => entryHalt().halted,
      ledgerOk: () => trader.ledger().ok,
      ...(trader.protective ? { unprotected: () => trader.protective?.unprotected().size ?? 0 } : {}),
      ...(checkpointer ? { checkpointFailures: () => checkpointer.stats().failures } : {}),
    },
    liveness: () => self().liveness(),
    // Its circuit open, or its last call failed: with one call a check, the breaker opens later than a loop turns stale.
    marketDown: () => {
      const source = (sources.stats().sources as Record<string, { state?: string; consecutiveFailures?: number }> | undefined)?.[market.name];
      return source !== undefined && (source.state !== 'closed' || (source.consecutiveFailures ?? 0) > 0);
    },
    ...(overrides.sdNotify !== undefined ? { sdNotify: overrides.sdNotify } : {}),
    fatal,
  });
  const server = buildServer(config, {
    clock,
    logger,
    bus,
    store,
    cockpit,
    market,
    killSwitch,
    entryHalt,
    liveness: () => self().liveness(),
    status: () => self().status(),
    metrics: () => health.metrics.render(),
  });
  const loops = buildLoops(config, {
    clock,
    logger,
    tasks: {
      // Then the discussed bars that left the scan's window before their returns were known are read back and scored.
      modelScanner: async (s) => {
        await scanners.modelScanner.scan(s);
        await decision.forwardReturns.catchUp(market, clock.now(), s);
      },
      newsScanner: (s) => scanners.newsScanner.scan(s),
      // After a fatal alarm no order is sent that the store may not record; the daemon is stopping anyway.
      positionMonitor: (s) => (fatal.raised ? Promise.resolve() : monitor.check(s)),
      health: async () => {
        await health.health.tick();
        // A point of the equity curve (at most one a minute), for the cockpit.
        const equity = trader.equity();
        const cash = store.account().cash;
        cockpit.recordEquity({ time: clock.now(), equity, cash, exposure: equity - cash });
      },
      retention: (s) => retention.run(s),
    },
  });
  const announce = service('start-up', () => {
    const expired = store.expireQueuedOpportunities();
    scanners.modelScanner.rememberDiscussed(store.lastDiscussedBars());
    const published = store.lastPublished();
    const of = (source: string) => new Map(published.filter((p) => p.source === source).map((p) => [p.symbol, p.createdAt]));
    scanners.modelScanner.rememberPublished(of('model'));
    scanners.newsScanner.rememberPublished(of('news'));
    resumeScorecards(store, decision.forwardReturns, logger.child({ component: 'scorecards' }), clock.now());
    logger.info({ mode: runMode(config), store: storage.file, market: market.name, news: news.name, positions: store.openPositionCount, expired }, 'conclave starting');
    logConfigWarnings(config, market, sources.maxBars, logger);
  });
  return {
    bus,
    fatal,
    store,
    cockpit,
    retention,
    market,
    news,
    queue: decision.queue,
    consumer: decision.consumer,
    forwardReturns: decision.forwardReturns,
    trader,
    broker: trading.broker,
    killSwitch,
    entryHalt: () => entryHalt(),
    monitor,
    modelScanner: scanners.modelScanner,
    newsScanner: scanners.newsScanner,
    marketProgress: scanners.marketProgress,
    loops: loops.loops,
    health: health.health,
    metrics: health.metrics,
    server: server.server,
    notifier,
    services: [
      ...sources.services,
      trading.account,
      ...(notifier ? [service('notifier', () => notifier.start(), () => notifier.stop())] : []),
      trading.reconciliation,
      announce,
      ...storage.services,
      ...health.services,
      ...server.services,
      ...decision.services,
      ...loops.services,
      ...health.watchdogs,
    ],
    close: storage.close,
    abortStart: () => stopping.abort(),
  };
}
