import { setMaxListeners } from 'node:events';
import type { Agent, AgentContext, PortfolioView, PositionView } from '../agents/agent-port.js';
import type { Chief } from '../agents/chief.js';
import { runDiscussion } from '../agents/discussion.js';
import { barLength, barsSpan, closedBars } from '../agents/closed-bars.js';
import { immutableList } from '../core/freeze.js';
import type { AsyncQueue } from '../bus/async-queue.js';
import type { EventBus } from '../bus/event-bus.js';
import type { VerdictEvent } from '../domain/events.js';
import type { Clock } from '../core/clock.js';
import { AbortError } from '../core/clock.js';
import { errorMessage, TransientError } from '../core/errors.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { RecentSamples, round } from '../core/stats.js';
import { withTimeout } from '../core/timeout.js';
import type { MarketData } from '../market/market-port.js';
import type { NewsBook } from '../scanners/news-book.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { LoopStats } from '../core/loop.js';
import type { AuditRepository } from '../store/audit-repository.js';
import { AgentStreaks } from './agent-streaks.js';
import { TurnBudget } from '../core/turn-budget.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import { RecentTally } from './recent-tally.js';
import { isoTime } from '../core/iso-time.js';

export interface ConsumerOptions {
  clock: Clock;
  logger: Logger;
  queue: AsyncQueue<Opportunity>;
  agents: readonly Agent[];
  chief: Chief;
  deadlineMs: number;
  concurrency: number;
  market: MarketData;
  book: NewsBook;
  /** The run has no news source at all: the agents' context says so (the scout tells it from a quiet spell). */
  withoutNews?: true;
  /** newsLookbackBars: the news given to the agents reaches back over this many of the symbol's last closed bars at least. */
  newsBars?: number;
  contextBars: number;
  bus: EventBus;
  /** Where discussions are recorded and opportunities' statuses kept. */
  store: Pick<AuditRepository, 'tx' | 'setOpportunityStatus' | 'insertDiscussion'>;
  portfolio: () => PortfolioView;
  position: (symbol: string) => PositionView | null;
  /** Acts on a verdict (the trader). Its failure is logged and counted, never lost silently. */
  act: (event: VerdictEvent) => Promise<void>;
}

export interface DiscussionStats {
  total: number;
  failed: number;
  inFlight: number;
  p50Ms: number;
  p95Ms: number;
  agentFailures: number;
  /** Discussions and their agent failures in the last hour: what is failing now, beside the totals since the start. */
  lastHour: { discussions: number; agentFailures: number };
  actions: Record<'BUY' | 'SELL' | 'HOLD', number>;
}

/**
 * Takes opportunities off the queue and runs each through a discussion: the five agents in parallel, each with a
 * deadline, then the chief. `concurrency` workers run at once. stop() closes the queue, lets in-flight discussions
 * settle and marks what was still queued as expired, so nothing is lost without a trace.
 */
export class OpportunityConsumer implements Service {
  readonly name = 'consumer';
  private readonly controller = new AbortController();
  private workers: Promise<void>[] = [];
  private readonly durations = new RecentSamples(2048);
  private readonly s = { total: 0, failed: 0, inFlight: 0, agentFailures: 0, actions: { BUY: 0, SELL: 0, HOLD: 0 } };
  private seq = 0;
  private lastProgressAt: number | null = null;
  /**
   * Shared by the workers: bars in memory and rule agents answer as microtasks, so a backlog was discussed in one task,
   * the event loop held for all of it (about a second with 3,000 symbols).
   */
  private readonly turns: TurnBudget;
  private startedAt: number | null = null;
  private readonly streaks: AgentStreaks;
  /**
   * Discussions that could not read their bars because the market's circuit is open: every queued one fails alike,
   * which logged an error per opportunity (105 lines in a second after one 429 with 400 symbols). The source's
   * transient failures before the circuit opens are the same outage (a 503 failed each of the 7 discussions in flight).
   */
  private readonly sourceDown: RepeatedFailure;
  private readonly expired: RepeatedFailure;
  private readonly recent: RecentTally;

  constructor(private readonly options: ConsumerOptions) {
    this.sourceDown = new RepeatedFailure(options.logger, 'discussions failed: the market source is failing or unavailable (a transient error, or its circuit open), so their bars cannot be read; each such opportunity is marked failed (said again at most once a minute)', { clock: options.clock, level: 'error' });
    this.expired = new RepeatedFailure(options.logger, 'opportunities expired in the queue: a newer bar of their symbol closed before their discussion, and is scanned afresh (the consumer does not keep up: raise consumerConcurrency or narrow the universe; said again at most once a minute)', { clock: options.clock });
    this.turns = new TurnBudget(options.clock);
    this.recent = new RecentTally(options.clock);
    this.streaks = new AgentStreaks(options.logger);
    // Every in-flight discussion links its bars fetch and its agents to this signal: many listeners, not a leak.
    setMaxListeners(0, this.controller.signal);
  }

  start(): void {
    if (this.workers.length > 0) return;
    this.startedAt = this.options.clock.now();
    for (let i = 0; i < this.options.concurrency; i++) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    const { queue, store, logger } = this.options;
    queue.close();
    const left = queue.drain();
    if (left.length > 0) {
      try {
        store.tx(() => left.forEach((o) => store.setOpportunityStatus(o.id, 'expired')));
        logger.info({ expired: left.length }, 'consumer: queued opportunities expired at shutdown');
      } catch (error) {
        // The store refuses writes (a full disk: its fatal alarm has stopped the daemon). They stay 'queued', which
        // the next start expires; the shutdown goes on and still waits for the discussions in flight.
        logger.warn({ err: errorMessage(error), queued: left.length }, 'consumer: could not mark the queued opportunities expired at shutdown; the next start will');
      }
    }
    await Promise.all(this.workers);
  }

  /** Aborts in-flight discussions (their agents become abstentions and the verdicts HOLD). */
  abort(): void {
    this.controller.abort(new AbortError('shutting down'));
  }

  /**
   * The consumer as a loop in the health line: a run is a discussion. It counts as ok while it keeps up: at any moment
   * it has nothing to do, or when it last finished a discussion. Work waiting with no progress makes it go stale.
   */
  loopStats(): LoopStats {
    const now = this.options.clock.now();
    // Times dated after now were taken before the wall clock stepped back: counted from now (as Loop does).
    if (this.lastProgressAt !== null && this.lastProgressAt > now) this.lastProgressAt = now;
    if (this.startedAt !== null && this.startedAt > now) this.startedAt = now;
    const idle = this.options.queue.depth === 0 && this.s.inFlight === 0;
    return {
      intervalMs: 2 * this.options.deadlineMs,
      runs: this.s.total + this.s.failed,
      errors: this.s.failed,
      lastOkAt: idle && this.startedAt !== null ? now : this.lastProgressAt,
      lastError: null,
      lastDurationMs: this.durations.size > 0 ? this.durations.percentile(100) : 0,
      startedAt: this.startedAt,
    };
  }

  /** Discussions running now (cheap: a backtest asks after every step whether the pipeline is idle). */
  get inFlight(): number {
    return this.s.inFlight;
  }

  stats(): DiscussionStats {
    return {
      total: this.s.total,
      failed: this.s.failed,
      inFlight: this.s.inFlight,
      p50Ms: round(this.durations.percentile(50)),
      p95Ms: round(this.durations.percentile(95)),
      agentFailures: this.s.agentFailures,
      lastHour: this.recent.read(),
      actions: { ...this.s.actions },
    };
  }

  private async work(): Promise<void> {
    for (;;) {
      const opportunity = await this.options.queue.take();
      if (opportunity === undefined) return;
      this.s.inFlight++;
      try {
        await this.discuss(opportunity);
      } catch (error) {
        this.s.failed++;
        // Agents' failures are abstentions: a TransientError here is the bars' read (the source, or its timeout).
        if (error instanceof TransientError) this.sourceDown.record(errorMessage(error), { opportunity: opportunity.id, symbol: opportunity.symbol });
        else this.options.logger.error({ err: error, opportunity: opportunity.id, symbol: opportunity.symbol }, 'discussion failed; the consumer goes on');
        try {
          this.options.store.setOpportunityStatus(opportunity.id, 'failed');
        } catch (statusError) {
          // The store refused this write too (a full disk: the storage alarm is already stopping the daemon); the worker
          // must not die of it with an unhandled rejection.
          this.options.logger.error({ err: statusError, opportunity: opportunity.id }, 'could not record the failed discussion');
        }
      } finally {
        this.s.inFlight--;
        this.lastProgressAt = this.options.clock.now();
      }
      await this.turns.spend();
    }
  }

  /**
   * Runs one discussion to a stored verdict and hands it to `act`. Null when a newer bar of the symbol than the one
   * the opportunity scored has closed since (it waited in the queue): marked expired, never judged on bars it was not
   * found on.
   */
  async discuss(opportunity: Opportunity): Promise<VerdictEvent | null> {
    const { clock, market, book, agents, chief, deadlineMs, store, bus, logger } = this.options;
    const started = clock.now();
    // One abort controller serves the bars fetch and then the agents: on Node 20 each one is costly garbage. Bars at
    // hand need none, and the discussion makes one only if its agents need it.
    let controller: AbortController | undefined;
    // A source that never answers must not hold a worker (or shutdown) hostage: its bars get the agents' deadline.
    // Bars a market holds in memory (a backtest's) are read at once: no deadline to enforce.
    const atHand = !this.controller.signal.aborted ? market.barsAtHand?.(opportunity.symbol, this.options.contextBars) : undefined;
    const bars = atHand ?? await withTimeout(
      clock,
      deadlineMs,
      `bars of ${opportunity.symbol} for the discussion`,
      (signal) => market.bars(opportunity.symbol, this.options.contextBars, signal),
      this.controller.signal,
      (controller = new AbortController()),
    );
    const now = clock.now();
    // A bar reaches the agents only once closed; the market knows its bar length (else closedBars infers it).
    const barMs = market.barMs?.(opportunity.symbol);
    // Immutable bars (a backtest's, the simulated market's) in a frozen list: the agents' snapshot shares it, uncopied.
    const closed = immutableList(closedBars(bars, now, barMs));
    const newest = closed.at(-1);
    if (opportunity.barTime !== undefined && newest !== undefined && newest.time > opportunity.barTime) {
      store.setOpportunityStatus(opportunity.id, 'expired');
      this.expired.record(`${opportunity.symbol}: scored on the bar of ${isoTime(opportunity.barTime)}, the newest closed is ${isoTime(newest.time)}`, { opportunity: opportunity.id, symbol: opportunity.symbol });
      return null;
    }
    // Over the symbol's own bars, weekends and holidays included (the book's window alone is bars × bar length).
    const newsSpan = this.options.newsBars ? barsSpan(closed, barLength(closed, now, barMs), now, this.options.newsBars) : 0;
    const context: AgentContext = {
      opportunity: { ...opportunity },
      now,
      bars: closed,
      ...(barMs !== undefined ? { barMs } : {}),
      symbolNews: book.recent(now, opportunity.symbol, newsSpan),
      marketNews: book.recent(now, undefined, newsSpan),
      ...(this.options.withoutNews ? { withoutNews: true as const } : {}),
      position: this.options.position(opportunity.symbol),
      portfolio: this.options.portfolio(),
    };
    const outcomes = await runDiscussion(agents, context, { clock, deadlineMs, signal: this.controller.signal, ...(controller ? { controller } : {}) });
    const verdict = chief.decide(outcomes, context);
    const decidedAt = clock.now();
    const basis = context.bars[context.bars.length - 1];
    const event: VerdictEvent = {
      // Named after its opportunity (one verdict each), so the id does not depend on which discussion finished first.
      verdictId: opportunity.id ? `v-${opportunity.id.replace(/^opp-/, '')}` : `v-${decidedAt.toString(36)}-${++this.seq}-${opportunity.symbol}`,
      opportunity,
      verdict,
      outcomes,
      decidedAt,
      ...(basis ? { basisBarTime: basis.time } : {}),
      durationMs: decidedAt - started,
    };
    const duration = decidedAt - started;
    store.insertDiscussion(event, duration);
    this.durations.add(duration);
    this.s.total++;
    this.s.actions[verdict.action]++;
    const agentFailures = outcomes.filter((o) => o.status !== 'ok').length;
    this.s.agentFailures += agentFailures;
    this.recent.add(agentFailures);
    this.streaks.observe(outcomes);
    bus.emit('verdict', event);
    logger.info(
      { verdictId: event.verdictId, symbol: opportunity.symbol, action: verdict.action, rule: verdict.rule, conviction: round(verdict.conviction, 3), score: round(verdict.score, 3) },
      'verdict',
    );
    try {
      await this.options.act(event);
    } catch (error) {
      logger.error({ err: errorMessage(error), verdictId: event.verdictId }, 'acting on a verdict failed; no order placed for it');
    }
    return event;
  }
}
