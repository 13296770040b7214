import type { Agent } from '../agents/agent-port.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import type { VerdictEvent } from '../domain/events.js';
import type { MarketData } from '../market/market-port.js';
import type { NewsSource } from '../news/news-port.js';
import { newsWindow } from '../scanners/news-window.js';
import type { Store } from '../store/store.js';
import type { Trader } from '../trading/trader.js';
import { buildDecision, type Decision } from './build-decision.js';
import { buildScanners, type Scanners } from './build-scanners.js';

export interface PipelineDeps {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  store: Store;
  market: MarketData;
  news: NewsSource;
  /** What the panel sees of the account and its positions. */
  trader: Pick<Trader, 'portfolio' | 'positionView'>;
  /** What acts on a verdict: the trader in the daemon; the backtest collects a step's verdicts first. */
  act: (event: VerdictEvent) => Promise<void>;
  /** The panel, instead of the configured agents (tests, the coin-flip baseline). */
  agents?: Agent[];
  /** The clock LLM spending is counted on (a backtest's: the wall clock, its own being its bars'). */
  spendClock?: Clock;
  /**
   * The bars' length when it is known before any bar is seen (a backtest's files: their shortest), for the news window
   * until the model scanner has measured it. Without it the first scans of a backtest kept 6 h of news, not 5 bars.
   */
  barMs?: number;
}

/**
 * From the scanners to the verdict: the queue, the consumer and its discussions, the chief, and the scanners that
 * feed them, wired the same way for the daemon and the backtest.
 */
export function buildPipeline(config: Config, deps: PipelineDeps): { decision: Decision; scanners: Scanners } {
  const { clock, logger, bus, store, market, trader } = deps;
  // News stays relevant for the longer of its hours and its bars, on the bar length the model scanner sees.
  const newsLookback = newsWindow(config.newsLookbackMs, config.newsLookbackBars, () => scanners.marketProgress.state().barMs ?? deps.barMs);
  const decision = buildDecision(config, {
    clock,
    logger,
    bus,
    newsLookback,
    // EmptyNews: the run reads no news at all (a backtest without --news), which the scout says as such.
    ...(deps.news.name === 'none' ? { withoutNews: true as const } : {}),
    store,
    market,
    portfolio: () => trader.portfolio(),
    position: (symbol) => trader.positionView(symbol),
    act: deps.act,
    ...(deps.agents ? { agents: deps.agents } : {}),
    ...(deps.spendClock ? { spendClock: deps.spendClock } : {}),
  });
  const scanners = buildScanners(config, {
    clock,
    logger,
    market,
    news: deps.news,
    newsLookback,
    seen: store.newsSeen,
    book: decision.book,
    publish: decision.publish,
    newsPublishedSince: (symbol, reasonStart, since) => store.audit.newsPublishedSince(symbol, reasonStart, since),
    held: (symbol) => trader.positionView(symbol) !== null,
    forwardReturns: decision.forwardReturns,
  });
  return { decision, scanners };
}
