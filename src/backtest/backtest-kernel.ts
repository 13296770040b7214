import type { Agent } from '../agents/agent-port.js';
import type { AsyncQueue } from '../bus/async-queue.js';
import { EventBus } from '../bus/event-bus.js';
import type { OpportunityConsumer } from '../consumer/opportunity-consumer.js';
import { LiveClock, type Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { FatalAlarm } from '../core/fatal-alarm.js';
import type { Logger } from '../core/logger.js';
import type { VerdictEvent } from '../domain/events.js';
import type { Opportunity } from '../domain/opportunity.js';
import { buildPipeline } from '../kernel/build-pipeline.js';
import { buildStorage } from '../kernel/build-storage.js';
import { buildTrading } from '../kernel/build-trading.js';
import type { MarketData } from '../market/market-port.js';
import type { NewsSource } from '../news/news-port.js';
import type { ModelScanner } from '../scanners/model-scanner.js';
import type { NewsScanner } from '../scanners/news-scanner.js';
import type { Store } from '../store/store.js';
import type { Broker } from '../trading/broker-port.js';
import type { PositionMonitor } from '../trading/position-monitor.js';
import type { Trader } from '../trading/trader.js';

export interface BacktestKernelDeps {
  clock: Clock;
  logger: Logger;
  /** The recorded bars, revealed as the calendar reaches them: used as given (local, it never hangs). */
  market: MarketData;
  news: NewsSource;
  broker: Broker;
  /** What acts on a verdict: the run collects a step's verdicts and applies them in publication order. */
  act: (event: VerdictEvent) => Promise<void>;
  /** The market's time, whose day the daily loss limit rolls over on (the latest bar's). */
  marketNow: () => number;
  /** The panel, instead of the configured agents (the coin-flip baseline). */
  agents?: Agent[];
  /** The files' shortest bar length at the start: the news window's bars from the first step on (build-pipeline.ts). */
  barMs?: number;
}

/** The daemon's parts a backtest drives itself, on each bar close of its calendar. */
export interface BacktestKernel {
  bus: EventBus;
  store: Store;
  queue: AsyncQueue<Opportunity>;
  consumer: OpportunityConsumer;
  trader: Trader;
  monitor: PositionMonitor;
  modelScanner: ModelScanner;
  newsScanner: NewsScanner;
  /** Closes the store. */
  close(): void;
}

/**
 * The backtest's composition of the daemon's builders: the same storage, decision, trading and scanners, on the run's
 * clock, market, news and broker. There are no loops, server or health line: the run drives the parts on each step.
 */
export async function buildBacktestKernel(config: Config, deps: BacktestKernelDeps): Promise<BacktestKernel> {
  const { clock, logger, market } = deps;
  const bus = new EventBus((event, error) => logger.error({ event, err: error }, 'an event listener failed; the others still ran'));
  const fatal = new FatalAlarm();
  const storage = buildStorage(config, { clock, logger, fatal, kind: 'backtest' });
  const { store } = storage;
  try {
    // A backtest has no HALT file to read at every decision.
    const trading = await buildTrading(config, { clock, logger, bus, store, market, fatal, broker: deps.broker, halted: () => false, marketNow: deps.marketNow });
    const { trader } = trading;
    const { decision, scanners } = buildPipeline(config, {
      clock,
      logger,
      bus,
      store,
      market,
      news: deps.news,
      trader,
      act: deps.act,
      ...(deps.agents ? { agents: deps.agents } : {}),
      ...(deps.barMs !== undefined ? { barMs: deps.barMs } : {}),
      // LLM requests are paid for by the wall clock's day, not the bars'.
      spendClock: new LiveClock(),
    });
    return {
      bus,
      store,
      queue: decision.queue,
      consumer: decision.consumer,
      trader,
      monitor: trading.monitor,
      modelScanner: scanners.modelScanner,
      newsScanner: scanners.newsScanner,
      close: storage.close,
    };
  } catch (error) {
    storage.close();
    throw error;
  }
}
