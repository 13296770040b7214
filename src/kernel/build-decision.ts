import { MIN_CONTEXT_BARS, type Agent, type PortfolioView, type PositionView } from '../agents/agent-port.js';
import { AdaptiveWeights } from '../agents/adaptive-weights.js';
import { Chief, resolveChiefOptions, type ChiefOptions } from '../agents/chief.js';
import { createDefaultAgents, type DefaultAgentsOptions } from '../agents/default-agents.js';
import { AsyncQueue } from '../bus/async-queue.js';
import type { EventBus } from '../bus/event-bus.js';
import { OpportunityConsumer } from '../consumer/opportunity-consumer.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { service, type Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { VerdictEvent } from '../domain/events.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { MarketData } from '../market/market-port.js';
import { NewsBook } from '../scanners/news-book.js';
import { ForwardTracker, SCORECARD_HORIZONS } from '../scorecard/forward-tracker.js';
import { LlmBudget } from '../agents/llm-budget.js';
import { llmSpendIn } from '../store/llm-spend.js';
import type { Store } from '../store/store.js';
import { RepeatedFailure } from '../core/repeated-failure.js';

/** Bars of context the agents are given (and the simulated market keeps per symbol). */
export const contextBarsOf = (config: Config): number => Math.max(config.scanBars, MIN_CONTEXT_BARS);

/** How long a stopping consumer lets in-flight discussions settle before it aborts them, so shutdown stays bounded. */
const DRAIN_DEADLINE_MS = 5_000;

export interface DecisionDeps {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  /** How far back news stays relevant: the longer of its hours and its bars (news-window.ts). */
  newsLookback: () => number;
  store: Store;
  market: MarketData;
  /** What the agents see of the account and of a held position (the trader's views). */
  portfolio: () => PortfolioView;
  position: (symbol: string) => PositionView | null;
  /** What acts on a verdict: the trader, or a backtest that applies a step's verdicts in publication order. */
  act: (event: VerdictEvent) => Promise<void>;
  /** The panel, instead of the configured agents. */
  agents?: Agent[];
  /** The run has no news source at all (its news is EmptyNews). */
  withoutNews?: true;
  /** The clock LLM spending is counted on, by its UTC day: a backtest's own clock is its bars'. The run's by default. */
  spendClock?: Clock;
}

export interface Decision {
  queue: AsyncQueue<Opportunity>;
  /** How a scanner hands over an opportunity: recorded, announced, then queued (waiting while the queue is full). */
  publish: (opportunity: Opportunity, signal: AbortSignal) => Promise<void>;
  /** Recent news per symbol, written by the news scanner and read by the agents. */
  book: NewsBook;
  consumer: OpportunityConsumer;
  /** Writes the forward returns of discussed bars as they become known (the scorecards). */
  forwardReturns: ForwardTracker;
  /** The LLM roles' daily request budget (the health line's `llm`); null without LLM roles. */
  llmBudget: LlmBudget | null;
  /** The consumer: stopping it drains in-flight discussions and expires what is still queued. */
  services: Service[];
}

/** The configured panel: the agents from their options, those named in llmRoles asking an LLM. */
function configuredAgents(config: Config, clock: Clock, budget: LlmBudget | null): Agent[] {
  return createDefaultAgents({
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
            ...(budget ? { budget } : {}),
          },
        }
      : {}),
  });
}

/** The opportunity queue, the panel and its chief, the consumer that runs their discussions, and the scorecards. */
export function buildDecision(config: Config, deps: DecisionDeps): Decision {
  const { clock, logger, bus, store } = deps;
  const chiefOptions = resolveChiefOptions(config.chief as Partial<ChiefOptions>);
  const adaptive = chiefOptions.adaptive ? new AdaptiveWeights(chiefOptions.weights) : undefined;
  // The report's horizon too, so `conclave scorecard` on a backtest's store shows the report's figures.
  const horizons = [...new Set([...SCORECARD_HORIZONS, config.scorecardHorizonBars])].sort((a, b) => a - b);
  const forwardReturns = new ForwardTracker(store.forwardReturns, logger.child({ component: 'scorecards' }), horizons, undefined, adaptive);
  bus.on('verdict', (event) => forwardReturns.onVerdict(event));

  // Each drop is counted in the health line and recorded; the log says it at once and then once a minute, with the
  // count (before, only the health line's counter showed that discussions no longer kept up with the scans).
  const drops = new RepeatedFailure(
    logger.child({ component: 'queue' }),
    `opportunity queue full (queueCapacity ${config.queueCapacity}, queueOverflow drop-oldest): the oldest queued opportunities are dropped undiscussed, as the discussions do not keep up with what the scanners publish. Raise consumerConcurrency, or publish less (modelThreshold, a smaller universe) (said again at most once a minute)`,
    { clock },
  );
  const queue = new AsyncQueue<Opportunity>({
    capacity: config.queueCapacity,
    overflow: config.queueOverflow,
    onDrop: (opportunity) => {
      store.audit.setOpportunityStatus(opportunity.id, 'dropped');
      bus.emit('opportunity.dropped', { opportunity, reason: 'queue full (drop-oldest)' });
      drops.record('queue full', { symbol: opportunity.symbol, opportunity: opportunity.id, queuedForMs: clock.now() - opportunity.createdAt });
    },
  });
  const publish = async (opportunity: Opportunity, signal: AbortSignal) => {
    // A price or score that is not a number comes of bad data: nothing is decided on it, and the log says so.
    if (!(Number.isFinite(opportunity.price) && opportunity.price > 0 && Number.isFinite(opportunity.score))) {
      logger.error(
        { symbol: opportunity.symbol, opportunity: opportunity.id, source: opportunity.source, price: String(opportunity.price), score: String(opportunity.score) },
        'opportunity refused: its price or score is not a finite number (bad data from its source); it is not recorded or discussed',
      );
      return;
    }
    store.audit.insertOpportunity(opportunity);
    bus.emit('opportunity', opportunity);
    try {
      await queue.put(opportunity, signal);
    } catch (error) {
      // It never entered the queue (the daemon is stopping): expired, like the ones still queued at shutdown.
      store.audit.setOpportunityStatus(opportunity.id, 'expired');
      throw error;
    }
  };

  const llmBudget = config.llmRoles.length > 0 && !deps.agents
    ? new LlmBudget({ clock: deps.spendClock ?? clock, perDay: config.llmMaxRequestsPerDay, logger: logger.child({ component: 'llm' }), saved: llmSpendIn(store) })
    : null;
  const book = new NewsBook(500, deps.newsLookback);
  const consumer = new OpportunityConsumer({
    clock,
    logger: logger.child({ component: 'consumer' }),
    queue,
    agents: deps.agents ?? configuredAgents(config, clock, llmBudget),
    chief: new Chief(config.chief as Partial<ChiefOptions>, undefined, { feeBps: config.feeBps, slippageBps: config.slippageBps, ...(adaptive ? { weights: () => adaptive.weights() } : {}) }),
    deadlineMs: config.agentDeadlineMs,
    concurrency: config.consumerConcurrency,
    market: deps.market,
    book,
    contextBars: contextBarsOf(config),
    newsBars: config.newsLookbackBars,
    bus,
    store: store.audit,
    portfolio: deps.portfolio,
    position: deps.position,
    act: deps.act,
    ...(deps.withoutNews ? { withoutNews: true as const } : {}),
  });
  const drain = async () => {
    const cancel = clock.setTimer(DRAIN_DEADLINE_MS, () => consumer.abort());
    try {
      await consumer.stop();
    } finally {
      cancel();
    }
  };
  return { queue, publish, book, consumer, forwardReturns, llmBudget, services: [service('consumer', () => consumer.start(), drain)] };
}
