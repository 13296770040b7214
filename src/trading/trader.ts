/**
 * The trader: wires the trading pieces and runs their operations one at a time, so two loops never race on the same
 * account. It acts on verdicts and exits; the pieces do the work:
 * - the portfolio (portfolio.ts): marks, equity, the daily roll;
 * - the entry planner (entry-planner.ts, pure): sizing and the risk gate, from the inputs gathered here;
 * - the order executor (order-executor.ts): once per client order id, the broker, partial fills, unknown outcomes;
 * - settlement (settlement.ts, pure; written by settlement-writer.ts in one transaction);
 * - start-up reconciliation of orders left in flight (in-flight-reconciliation.ts).
 */
import type { PortfolioView, PositionView } from '../agents/agent-port.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { VerdictEvent } from '../domain/events.js';
import type { FillReason, OrderRequest, OrderResult } from '../domain/order.js';
import type { Bar, MarketData } from '../market/market-port.js';
import type { AccountRow, PositionRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { exitOrder } from './exit-order.js';
import { LiquidityWatch } from './liquidity-watch.js';
import { barsSince, instrumentRules, lessThanSells, priceDoubt, saleLimits, smallestOrder } from './entry-inputs.js';
import { planEntry, type RiskRecord } from './entry-planner.js';
import { reconcileInFlight, type InFlightStore } from './in-flight-reconciliation.js';
import type { LedgerCheck } from './ledger.js';
import { OrderExecutor, type ExecutorStore } from './order-executor.js';
import { Portfolio, type PortfolioStore } from './portfolio.js';
import type { RiskLimits } from './risk-gate.js';
import { AccountLimitWatch } from './account-limit-watch.js';
import { HaltedSales } from './halted-sales.js';
import { openedSinceDiscussion } from './sell-target.js';
import type { OrderMeta } from './settlement.js';
import { SettlementWriter, type SettlementStore } from './settlement-writer.js';
import { recordSkippedEntry, staleVerdictAge } from './skipped-entry.js';
import { dayIn } from '../market/market-time.js';
import type { ExitRules } from './exit-rules.js';
import { ProtectiveStops } from './protective-stops.js';

/** What trading needs of the store: each piece's narrow interface, over the store's methods of the same names. */
export type TradingStore = PortfolioStore &
  ExecutorStore &
  SettlementStore &
  InFlightStore & {
    /** When the symbol was last exited (the cooldown). */
    lastExitAt(symbol: string): number | undefined;
    insertRiskDecision(decision: RiskRecord): void;
  };

export interface TraderOptions {
  clock: Clock;
  logger: Logger;
  store: TradingStore;
  bus: Pick<EventBus, 'emit'>;
  broker: Broker;
  market: MarketData;
  limits: RiskLimits;
  riskPerTrade: number;
  lotStep: number;
  /** The kill switch: true blocks every new entry; so does a text, which says why when it is not the switch (a damaged store). */
  halted: () => boolean | string;
  /** The market's time, whose day the daily loss limit rolls over on (a backtest's latest bar's); the clock's by default. */
  marketNow?: () => number;
  /** The market's time zone (IANA): its midnight rolls the daily loss limit over, and the limit's reason names it; UTC by default. */
  marketTimezone?: string;
  /** No re-entry in a symbol until this many of its bars have closed since the exit (0: `limits.symbolCooldownMs`). */
  symbolCooldownBars?: number;
  /** The bars the discussion just read, when at hand (the kernel's market tap): the cooldown counts on them. */
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined;
  /**
   * The daemon's kill switch, engaged when the drawdown limit trips (`reason` says why). Without it (a backtest) the
   * limit refuses entries for as long as equity stays that far below its peak, which without entries is for good.
   */
  haltForDrawdown?: (reason: string) => void;
  /** A BUY whose discussion began longer ago than this, and than a bar of its symbol, places no order (skipped-entry.ts). */
  verdictMaxAgeMs?: number;
  /** An entry buys at most this share of its symbol's recent mean volume (volume-cap.ts); 0 or absent: no cap. */
  maxVolumeShare?: number;
  /** Live: exchangeStop's stop-limit sales on the exchange, at each position's stop level under these rules (protective-stops.ts). */
  exchangeStop?: { rules: ExitRules; place: boolean };
}

export class Trader {
  private stopping = false;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly limitWatch: AccountLimitWatch;
  private readonly portfolioBook: Portfolio;
  private readonly executor: OrderExecutor;
  private readonly writer: SettlementWriter;
  private readonly liquidity: LiquidityWatch;
  private readonly haltedSales: HaltedSales; // exits not sent while the exchange lists the market as not trading
  readonly protective: ProtectiveStops | null; // exchangeStop's stops resting on the exchange
  readonly settle: (request: OrderRequest, result: OrderResult, meta: OrderMeta) => void; // a broker's answer, in one transaction

  constructor(private readonly options: TraderOptions) {
    const { clock, logger, store, bus, broker } = options;
    this.portfolioBook = new Portfolio({ clock, store, marketNow: options.marketNow, dayOf: options.marketTimezone === undefined ? undefined : dayIn(options.marketTimezone) });
    this.writer = new SettlementWriter({ clock, logger, store, bus, mark: (symbol, price) => this.portfolioBook.mark(symbol, price) });
    this.haltedSales = new HaltedSales(clock, logger, broker.name === 'paper');
    const { dailyLossLimit, maxDrawdown } = options.limits;
    this.limitWatch = new AccountLimitWatch({ clock, logger, store, portfolio: this.portfolioBook, dailyLossLimit, marketTimezone: options.marketTimezone, haltForDrawdown: options.haltForDrawdown, maxDrawdown, halted: options.halted });
    this.liquidity = new LiquidityWatch({ share: options.maxVolumeShare ?? 0, market: options.market, logger, bus, recentBars: options.recentBars });
    const settle = (request: OrderRequest, result: OrderResult, meta: OrderMeta) => this.writer.settle(request, result, meta);
    this.executor = new OrderExecutor({ clock, logger, store, bus, broker, settle: (request, result, meta) => this.settle(request, result, meta) });
    this.protective = options.exchangeStop ? new ProtectiveStops(Object.assign({ clock, logger, store, broker, executor: this.executor, market: options.market }, options.exchangeStop)) : null;
    this.settle = this.protective?.settling(settle) ?? settle;
  }

  /** Opens the account on first start; returns it. */
  init(startingCash: number): AccountRow {
    return this.portfolioBook.open(startingCash);
  }

  /** The account's day, counted in another time zone, keeps its loss in the market's (Portfolio.carryDay). */
  carryDay(day: string, previousZone: string): 'kept' | 'carried' | undefined {
    return this.portfolioBook.carryDay(day, previousZone);
  }

  /** Orders accepted by the broker and not filled yet. */
  pendingOrders(): OrderRequest[] {
    return this.executor.pendingOrders();
  }

  /** Applies the broker's later answer to an accepted order (its fill at the next bar, or its cancellation). */
  settlePending(clientOrderId: string, result: OrderResult): Promise<void> {
    return this.serial(async () => this.executor.answer(clientOrderId, result));
  }

  mark(symbol: string, price: number): void {
    this.portfolioBook.mark(symbol, price);
  }

  markPrices(): Record<string, number> {
    return this.portfolioBook.markPrices();
  }

  /** Cash plus open positions at their latest marks (the average price when none is known yet). */
  equity(): number {
    return this.portfolioBook.equity();
  }

  portfolio(): PortfolioView {
    return this.portfolioBook.view();
  }

  positionView(symbol: string): PositionView | null {
    return this.portfolioBook.positionView(symbol);
  }

  ledger(): LedgerCheck {
    return this.portfolioBook.ledger();
  }

  /** Rolls the day's start at the market's midnight, raises the peak; a drawdown past its limit halts here (AccountLimitWatch). */
  refreshEquityMarks(): void {
    this.portfolioBook.refreshEquityMarks();
    this.limitWatch.watchDrawdown();
  }

  onVerdict(event: VerdictEvent): Promise<void> {
    return this.serial(async () => {
      const { verdict, opportunity } = event;
      const held = this.options.store.position(opportunity.symbol);
      if (verdict.action === 'BUY') {
        const inFlight = this.executor.hasPending(opportunity.symbol, 'buy');
        const selling = !held && (this.executor.hasPending(opportunity.symbol, 'sell') || this.executor.protectiveStops(opportunity.symbol).length > 0);
        const stale = staleVerdictAge(event, this.options);
        if (this.stopping) recordSkippedEntry(this.options, opportunity.symbol, event.verdictId, 'stopping');
        else if (stale !== undefined) recordSkippedEntry(this.options, opportunity.symbol, event.verdictId, 'stale_verdict', stale);
        else if (!held && !inFlight && !selling) await this.enter(event);
        else recordSkippedEntry(this.options, opportunity.symbol, event.verdictId, held ? 'already_held' : inFlight ? 'entry_in_flight' : 'exit_in_flight');
      } else if (verdict.action === 'SELL' && held) {
        const said = { symbol: opportunity.symbol, verdictId: event.verdictId };
        if (openedSinceDiscussion(event, held)) this.options.logger.info(said, 'chief SELL: about a position exited while it was discussed; the one held now opened since, and is kept');
        else if (!this.executor.hasPending(opportunity.symbol, 'sell')) await this.exitNow(held, `chief SELL (${event.verdictId})`, 'signal', event.verdictId);
        else this.options.logger.info(said, 'chief SELL: an exit of this position is already in flight; no second order');
      }
    });
  }

  /**
   * Closes a position (the position monitor's exits). Exits never pass the risk gate: reducing risk is always allowed.
   * `atPrice`: a stop or target that fired inside a bar, filled at that level by a simulated broker; `atTime`: that bar's time.
   */
  exit(symbol: string, reason: string, fillReason: FillReason = 'signal', atPrice?: number, atTime?: number): Promise<void> {
    return this.serial(async () => {
      const held = this.options.store.position(symbol);
      if (held && !this.executor.hasPending(symbol, 'sell')) await this.exitNow(held, reason, fillReason, undefined, atPrice, atTime);
    });
  }

  /** The daemon is stopping: a BUY decided from now on places no order (under overload a stop went on entering). */
  stopEntries(): void {
    this.stopping = true;
  }

  /** Whether the exit of `symbol` waits for its market to trade again (HaltedSales): the flatten names it. */
  saleHalted(symbol: string): boolean {
    return this.haltedSales.has(symbol);
  }

  /** True while an exit order for `symbol` waits for its fill (a rule that fires again meanwhile places nothing). */
  exitPending(symbol: string): boolean {
    return this.executor.hasPending(symbol, 'sell');
  }

  /** Under a halt, at each position check: cancels the entries still waiting for their price (order-executor.ts). */
  async cancelEntries(reason: string): Promise<number> {
    if (!this.executor.pendingOrders().some((o) => o.side === 'buy')) return 0;
    const cancelled = await this.serial(() => this.executor.cancelEntries(reason));
    if (cancelled > 0) this.options.logger.warn({ cancelled, reason }, 'kill switch: entries decided before the halt and still waiting for their price were cancelled');
    return cancelled;
  }

  /** At each position check: asks the broker about orders whose outcome is unknown (order-executor.ts). */
  resolveUnknown(signal?: AbortSignal): Promise<number> {
    // Most checks have none: no turn of the trader's queue for them.
    if (!this.executor.hasUnknown()) return Promise.resolve(0);
    return this.serial(() => this.executor.resolveUnknown(signal));
  }

  /** At start: resolves the orders a previous run left in flight by asking the broker (in-flight-reconciliation.ts). */
  reconcileInFlight(): Promise<{ resolved: number; pending: number }> {
    const { clock, logger, store, broker } = this.options;
    return reconcileInFlight({ clock, logger, store, broker, settle: this.settle, wait: (r, m) => this.executor.wait(r, m), watch: (r, m, since) => this.executor.watch(r, m, since) });
  }

  /** At start and at each position check (exchangeStop): each position held gets its protective stop (protective-stops.ts). */
  protectPositions = (): Promise<void> => (this.protective ? this.serial(() => this.protective!.protect()) : Promise.resolve());
  /** After a position check (exchangeStop): the protective stops of the positions it found no exit for follow their peak up. */
  followStops = (symbols: readonly string[]): Promise<void> => (this.protective && symbols.length > 0 ? this.serial(() => this.protective!.follow(symbols)) : Promise.resolve());

  /** Gathers the entry's inputs (in this order: price, instrument, account and equity, then the cooldown's bars). */
  private async enter(event: VerdictEvent): Promise<void> {
    const { store, bus, clock, market, broker, logger } = this.options;
    const { verdict, opportunity, verdictId } = event;
    const symbol = opportunity.symbol;
    const price = await market.price(symbol);
    this.portfolioBook.mark(symbol, price);
    const rules = await instrumentRules(broker, symbol, this.options.lotStep, logger, market);
    const { lotStep, minCost, maxQty, quoteFeeRate } = rules;
    // An order worth less than the exchange's smallest is refused by it: sized at least that, or not at all.
    const minQty = rules.minQty === undefined && minCost === undefined ? undefined : smallestOrder(rules, price);
    const account = store.account();
    const equity = this.portfolioBook.equity();
    const now = clock.now();
    const lastExitAt = store.lastExitAt(symbol);
    const cooldownBars = this.options.symbolCooldownBars ?? 0;
    const barsSinceExit = cooldownBars > 0 && lastExitAt !== undefined ? await barsSince(market, symbol, lastExitAt, cooldownBars, logger, this.options.recentBars) : undefined;
    const doubt = await priceDoubt(market, symbol, price, now, this.options.recentBars);
    const volume = await this.liquidity.entry(symbol);
    // A stop asked for while the inputs were read (a slow exchange's quote): no order goes out after it.
    if (this.stopping) return recordSkippedEntry(this.options, symbol, verdictId, 'stopping');
    const plan = planEntry({
      priceDoubt: doubt, volume, verdictId, verdict, symbol, price, lotStep, minQty, minCost, maxQty, quoteFeeRate, equity, account, day: this.portfolioBook.day(), dayZone: this.options.marketTimezone, now,
      openPositions: this.portfolioBook.exposure(this.executor.inFlight(), price),
      cash: account.cash - this.executor.committedCash(price),
      lastExitAt, cooldownBars, barsSinceExit, halted: this.options.halted(), notTrading: rules.halted === true, riskPerTrade: this.options.riskPerTrade, limits: this.options.limits,
    });
    bus.emit('risk', plan.risk);
    if (!plan.order) {
      store.insertRiskDecision(plan.record);
      logger.info({ symbol, verdictId, rule: plan.record.rule, reason: plan.record.reason }, 'risk gate rejected an entry');
      this.limitWatch.refused(plan.record.rule, plan.record.reason, now);
      return;
    }
    this.limitWatch.passed();
    await this.executor.execute(plan.order.request, plan.order.meta, plan.record);
    await this.protective?.protect();
  }

  /** The account limit stopping entries now (the health line's `limit`); see AccountLimitWatch. */
  limitTripped(): { rule: string; reason: string; since: number } | null {
    return this.limitWatch.current();
  }

  private async exitNow(listed: PositionRow, reason: string, fillReason: FillReason, verdictId?: string, atPrice?: number, atTime?: number): Promise<void> {
    const now = this.options.clock.now();
    const { closeBelow, most, lotStep, halted } = await saleLimits(this.options.broker, listed.symbol, this.options.logger, atPrice ?? this.portfolioBook.markOf(listed.symbol), this.options.market);
    if (this.haltedSales.waits(listed.symbol, halted === true, reason)) return;
    // The protective stop first: cancelled, or filled (then it was the exit: nothing more is sold), or nothing is sold.
    if (this.protective && !(await this.protective.lift(listed.symbol, `exit: ${reason}`))) return;
    const position = this.options.store.position(listed.symbol);
    if (!position || position.openedAt !== listed.openedAt) return;
    if (lessThanSells(position.qty, closeBelow)) return this.writer.writeOff(position, `${reason}: the ${position.qty} held is less than the market sells (${closeBelow}), so no order can`);
    const request = exitOrder(position, now, reason, this.options.logger, { most, lotStep }, atPrice, atTime);
    await this.executor.execute(
      request,
      { verdictId: verdictId ?? null, purpose: 'exit', reason, fillReason, refPrice: this.portfolioBook.markOf(position.symbol), ...(closeBelow ? { closeBelow } : {}) },
    );
    // Measured once the order is out: an exit never waits for it.
    this.liquidity.exit(position.symbol, request.qty, reason, atPrice === undefined ? undefined : atTime);
    // A sale refused or filled in part leaves the position held: its stop, cancelled for the sale, rests again now.
    await this.protective?.protect();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
