import type { AgentOutcome, PortfolioView, PositionView } from '../agents/agent-port.js';
import type { EventBus } from '../bus/event-bus.js';
import type { VerdictEvent } from '../bus/events.js';
import type { Clock } from '../core/clock.js';
import { errorMessage, InvariantError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Bar, MarketData } from '../market/market-port.js';
import type { AccountRow, PositionRow, Store } from '../store/store.js';
import type { Broker, FillReason, OrderRequest, OrderResult, OrderStatus, Side } from './broker-port.js';
import { assertTransition } from './order-state.js';
import { ledgerOf } from './account-summary.js';
import { newFill } from './fill-delta.js';
import { applyFill, equityOf, valuationPrice, type LedgerCheck } from './ledger.js';
import { evaluateEntry, type RiskLimits } from './risk-gate.js';
import { sizeEntry } from './sizing.js';
import { withChanges } from '../core/with-changes.js';
import { inFlightMeta, inFlightReason } from './in-flight-meta.js';

export interface TraderOptions {
  clock: Clock;
  logger: Logger;
  store: Store;
  bus: EventBus;
  broker: Broker;
  market: MarketData;
  limits: RiskLimits;
  riskPerTrade: number;
  lotStep: number;
  /** The kill switch: true blocks every new entry. */
  halted: () => boolean;
  /**
   * The market's time, whose UTC day the daily loss limit rolls over on (a backtest passes its latest bar's time);
   * the clock's now by default.
   */
  marketNow?: () => number;
  /** The calendar day of a market time (the market's time zone); UTC by default. */
  dayOf?: (time: number) => string;
  /** No re-entry in a symbol until this many of its bars have closed since the exit (0: `limits.symbolCooldownMs`). */
  symbolCooldownBars?: number;
  /** The bars the discussion just read, when at hand (the kernel's market tap): the cooldown counts on them. */
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined;
}

/** What the trader needs to settle an order later: why it was placed and what the position gets from its verdict. */
interface OrderMeta {
  verdictId: string | null;
  purpose?: 'entry' | 'exit';
  reason?: string;
  fillReason?: FillReason;
  stop?: number | null;
  target?: number | null;
  atr?: number | null;
  /** The price the decision saw, for the slippage metric. */
  refPrice?: number | undefined;
}

/** Exchanges reject an order that arrives later than their receive window (Binance: 10 s); past a minute it never will. */
const NEVER_PLACED_AFTER_MS = 60_000;

const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Acts on verdicts and exits: risk gate, sizing, order, broker, and the accounting of every fill. Each state change
 * (order status, fills, cash, position, its event) is written in one transaction, so a crash at any instant leaves the
 * store consistent. Trading operations run one at a time, so two loops never race on the same account.
 */
export class Trader {
  private lock: Promise<unknown> = Promise.resolve();
  /** Last known prices, for marking equity between position checks. */
  private readonly marks = new Map<string, number>();
  /**
   * Orders the broker accepted but has not filled yet (a backtest fills a market order at the next bar's open), by
   * client order id: settled later through `settlePending`, counted in the gate's exposure meanwhile.
   */
  private readonly pending = new Map<string, { request: OrderRequest; meta: OrderMeta }>();

  constructor(private readonly options: TraderOptions) {}

  /** The market's day (in its time zone, UTC by default) that the daily loss limit belongs to. */
  private day(): string {
    return (this.options.dayOf ?? utcDay)(this.options.marketNow?.() ?? this.options.clock.now());
  }

  /** Opens the account on first start; returns it. */
  init(startingCash: number): AccountRow {
    const now = this.options.clock.now();
    return this.options.store.ensureAccount(startingCash, now, this.day());
  }

  /** Orders accepted by the broker and not filled yet. */
  pendingOrders(): OrderRequest[] {
    return Array.from(this.pending.values(), (p) => p.request);
  }

  private pendingFor(symbol: string, side: Side): boolean {
    for (const p of this.pending.values()) if (p.request.symbol === symbol && p.request.side === side) return true;
    return false;
  }

  /** Applies the broker's later answer to an accepted order (its fill at the next bar, or its cancellation). */
  settlePending(clientOrderId: string, result: OrderResult): Promise<void> {
    return this.serial(async () => {
      const entry = this.pending.get(clientOrderId);
      if (!entry) return;
      if (result.status !== 'submitted') this.pending.delete(clientOrderId);
      this.settle(entry.request, result, entry.meta);
    });
  }

  mark(symbol: string, price: number): void {
    if (Number.isFinite(price) && price > 0) this.marks.set(symbol, price);
  }

  markPrices(): Record<string, number> {
    return Object.fromEntries(this.marks);
  }

  /** A position's latest price: the last one seen this run, else the last one stored with it. */
  private readonly markOf = (p: Readonly<PositionRow>): number | null => this.marks.get(p.symbol) ?? p.markPrice;

  /** Cash plus open positions at their latest marks (the average price when none is known yet). */
  equity(): number {
    const { store } = this.options;
    return equityOf(store.account().cash, store.positionsView(), this.markOf);
  }

  portfolio(): PortfolioView {
    const account = this.options.store.account();
    return { cash: account.cash, equity: this.equity(), openPositions: this.options.store.openPositionCount };
  }

  positionView(symbol: string): PositionView | null {
    const p = this.options.store.position(symbol);
    return p ? { symbol: p.symbol, qty: p.qty, avgPrice: p.avgPrice, openedAt: p.openedAt } : null;
  }

  ledger(): LedgerCheck {
    return ledgerOf(this.options.store);
  }

  /** Rolls the day's starting equity at the market's midnight and raises the peak: the daily loss and drawdown rules read them. */
  refreshEquityMarks(): void {
    const { store, clock } = this.options;
    const now = clock.now();
    const account = store.account();
    const equity = this.equity();
    const day = this.day();
    const next = withChanges(account, {
      peakEquity: Math.max(account.peakEquity, equity),
      ...(day !== account.day ? { day, dayStartEquity: equity } : {}),
    });
    if (next.peakEquity !== account.peakEquity || next.day !== account.day) store.saveAccount(next, now);
  }

  onVerdict(event: VerdictEvent): Promise<void> {
    return this.serial(async () => {
      const { verdict, opportunity } = event;
      const held = this.options.store.position(opportunity.symbol);
      if (verdict.action === 'BUY' && !held && !this.pendingFor(opportunity.symbol, 'buy')) await this.enter(event);
      else if (verdict.action === 'SELL' && held && !this.pendingFor(opportunity.symbol, 'sell')) {
        await this.exitNow(held, `chief SELL (${event.verdictId})`, 'signal', event.verdictId);
      }
    });
  }

  /**
   * Closes a position (the position monitor's exits). Exits never pass the risk gate: reducing risk is always allowed.
   * `atPrice`: a stop or target that fired inside a bar, filled at that level by a simulated broker.
   */
  exit(symbol: string, reason: string, fillReason: FillReason = 'signal', atPrice?: number): Promise<void> {
    return this.serial(async () => {
      const held = this.options.store.position(symbol);
      if (held && !this.pendingFor(symbol, 'sell')) await this.exitNow(held, reason, fillReason, undefined, atPrice);
    });
  }

  /**
   * At start: resolves the orders a previous run left in flight by asking the broker, and applies what it reports
   * (only fills not yet recorded). An order the broker never saw was never placed; a live one is given the exchange's
   * receive window before it is declared so. An order the broker cannot be asked about stays in flight.
   */
  async reconcileInFlight(): Promise<{ resolved: number; pending: number }> {
    const { store, broker, clock, logger } = this.options;
    let resolved = 0;
    let pending = 0;
    for (const order of store.inFlightOrders()) {
      const request: OrderRequest = { clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty };
      let result: OrderResult | null;
      try {
        result = broker.fetchOrder ? await broker.fetchOrder({ clientOrderId: order.clientOrderId, symbol: order.symbol }) : null;
      } catch (error) {
        pending++;
        logger.warn({ clientOrderId: order.clientOrderId, err: errorMessage(error) }, 'cannot ask the broker about an in-flight order; it stays in flight');
        continue;
      }
      // Accepted and waiting for its price (a paper order taken back by the broker): it settles later, as before.
      if (result !== null && result.status === 'submitted' && result.fills.length === 0) {
        this.pending.set(order.clientOrderId, { request, meta: inFlightMeta(store, order) });
        pending++;
        continue;
      }
      if (result === null || result.status === 'unknown') {
        if (result === null && (broker.name === 'paper' || clock.now() - order.createdAt > NEVER_PLACED_AFTER_MS)) {
          this.moveOrder(order.clientOrderId, 'cancelled', order.filledQty, 'the broker has no record of it: it was never placed');
          resolved++;
        } else pending++;
        continue;
      }
      this.settle(request, result, { verdictId: order.verdictId, reason: `reconciled at start (${order.purpose})` });
      resolved++;
    }
    if (resolved + pending > 0) logger.warn({ resolved, pending }, 'orders left in flight by a previous run were reconciled');
    return { resolved, pending };
  }

  private async enter(event: VerdictEvent): Promise<void> {
    const { store, bus, clock, limits, market } = this.options;
    const { verdict, opportunity, verdictId } = event;
    const symbol = opportunity.symbol;
    const price = await market.price(symbol);
    this.mark(symbol, price);
    const { lotStep, minQty } = await this.instrumentRules(symbol);
    const account = store.account();
    const equity = this.equity();
    const stopDistance = verdict.stop !== undefined && verdict.stop < price ? price - verdict.stop : undefined;
    const size = sizeEntry({
      equity,
      price,
      sizeFraction: verdict.sizeFraction,
      ...(stopDistance !== undefined ? { stopDistance } : {}),
      riskPerTrade: this.options.riskPerTrade,
      maxPositionFraction: limits.maxPositionFraction,
      lotStep,
      ...(minQty !== undefined ? { minQty } : {}),
    });
    const now = clock.now();
    const exitedAt = store.lastExitAt(symbol);
    const cooldownBars = this.options.symbolCooldownBars ?? 0;
    const barsSinceExit = cooldownBars > 0 && exitedAt !== undefined ? await this.barsSince(symbol, exitedAt, cooldownBars) : undefined;
    const openPositions = Array.from(store.positionsView(), (p) => ({ symbol: p.symbol, qty: p.qty, price: valuationPrice(p, this.markOf(p)) }));
    // Entries in flight count as held: their cash is spoken for.
    for (const { request } of this.pending.values()) {
      if (request.side === 'buy') openPositions.push({ symbol: request.symbol, qty: request.qty, price: this.marks.get(request.symbol) ?? price });
    }
    const decision =
      size.qty > 0
        ? evaluateEntry(
            { symbol, price, qty: size.qty, lotStep, ...(minQty !== undefined ? { minQty } : {}) },
            {
              now,
              equity,
              peakEquity: Math.max(account.peakEquity, equity),
              dayStartEquity: account.day === this.day() ? account.dayStartEquity : equity,
              openPositions,
              // The gate reads only this symbol's last exit.
              lastExitAt: exitedAt === undefined ? {} : { [symbol]: exitedAt },
              halted: this.options.halted(),
              ...(cooldownBars > 0 ? { cooldownBars, barsSinceExit: barsSinceExit === undefined ? {} : { [symbol]: barsSinceExit } } : {}),
            },
            limits,
          )
        : { outcome: 'rejected' as const, qty: 0, reason: `sizing gave nothing to buy: ${size.reason}`, rule: 'sizing' };
    const riskRecord = {
      verdictId,
      symbol,
      outcome: decision.outcome,
      ...(decision.rule ? { rule: decision.rule } : {}),
      reason: decision.reason,
      requestedQty: size.qty,
      approvedQty: decision.qty,
      time: now,
    };
    bus.emit('risk', { symbol, outcome: decision.outcome, reason: decision.reason, ...(decision.rule ? { rule: decision.rule } : {}), verdictId });
    if (decision.outcome === 'rejected') {
      store.insertRiskDecision(riskRecord);
      this.options.logger.info({ symbol, verdictId, rule: decision.rule, reason: decision.reason }, 'risk gate rejected an entry');
      return;
    }
    const riskDoctor = event.outcomes.find((o: AgentOutcome) => o.role === 'riskDoctor')?.signal;
    await this.trade(
      { clientOrderId: `co-${verdictId}`, symbol, side: 'buy', qty: decision.qty },
      { verdictId, purpose: 'entry', fillReason: 'entry', stop: verdict.stop ?? null, target: verdict.target ?? null, atr: atrOf(riskDoctor?.metrics, price), refPrice: price },
      riskRecord,
    );
  }

  /** The instrument's lot step and minimum from the broker (an exchange's market rules), else the configured step. */
  private async instrumentRules(symbol: string): Promise<{ lotStep: number; minQty?: number }> {
    const { broker, logger } = this.options;
    if (!broker.instrument) return { lotStep: this.options.lotStep };
    try {
      const rules = await broker.instrument(symbol);
      if (rules) return rules;
    } catch (error) {
      logger.warn({ symbol, err: errorMessage(error) }, 'instrument rules unavailable; sizing with the configured lotStep');
    }
    return { lotStep: this.options.lotStep };
  }

  /** Bars of `symbol` closed since `since` (an exit's fill time), counted up to `atMost`. */
  private async barsSince(symbol: string, since: number, atMost: number): Promise<number> {
    try {
      const bars = this.options.recentBars?.(symbol, atMost + 1) ?? (await this.options.market.bars(symbol, atMost + 1));
      return bars.filter((b) => b.time >= since).length;
    } catch (error) {
      this.options.logger.warn({ symbol, err: errorMessage(error) }, 'bars unavailable for the cooldown in bars; counting none closed since the exit');
      return 0;
    }
  }

  private async exitNow(position: PositionRow, reason: string, fillReason: FillReason, verdictId?: string, atPrice?: number): Promise<void> {
    const now = this.options.clock.now();
    await this.trade(
      {
        clientOrderId: `co-x-${position.symbol}-${now.toString(36)}-${Math.round(position.openedAt / 1000).toString(36)}`,
        symbol: position.symbol,
        side: 'sell',
        qty: position.qty,
        ...(atPrice !== undefined ? { atPrice } : {}),
      },
      { verdictId: verdictId ?? null, purpose: 'exit', reason, fillReason, refPrice: this.marks.get(position.symbol) },
    );
  }

  private async trade(request: OrderRequest, meta: OrderMeta, riskRecord?: Parameters<Store['insertRiskDecision']>[0]): Promise<void> {
    const { store, broker, clock, logger } = this.options;
    if (store.order(request.clientOrderId)) {
      logger.warn({ clientOrderId: request.clientOrderId }, 'order already recorded; not submitting it twice');
      return;
    }
    // The intent is durable before the broker hears of it: after a crash, the order is found in flight and reconciled.
    // The gate's decision and the order it allowed land together.
    store.tx(() => {
      if (riskRecord) store.insertRiskDecision(riskRecord);
      store.insertOrder({ clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty: request.qty, verdictId: meta.verdictId, status: 'submitted', purpose: meta.purpose ?? 'exit', createdAt: clock.now() });
    });
    this.emitOrder(request, 'submitted', meta.verdictId, undefined, meta.refPrice);
    let result: OrderResult;
    try {
      result = await broker.submit(request);
    } catch (error) {
      // The outcome is not known: it stays in flight until reconciled, never assumed failed.
      this.moveOrder(request.clientOrderId, 'unknown', 0, errorMessage(error));
      this.emitOrder(request, 'unknown', meta.verdictId, errorMessage(error));
      logger.error({ err: errorMessage(error), clientOrderId: request.clientOrderId }, 'broker did not answer; order outcome unknown until reconciled');
      return;
    }
    // Accepted but not filled yet: the order stays in flight until the broker's later answer (settlePending).
    if (result.status === 'submitted' && result.fills.length === 0) this.pending.set(request.clientOrderId, { request, meta });
    this.settle(request, result, meta);
    if (result.status === 'partially_filled' && broker.cancelOrder) {
      // Market orders here are immediate-or-cancel: what did not fill now is cancelled, not left hanging.
      const cancelled = await broker.cancelOrder({ clientOrderId: request.clientOrderId, symbol: request.symbol });
      if (cancelled?.status === 'cancelled') {
        const filled = result.fills.reduce((sum, f) => sum + f.qty, 0);
        this.moveOrder(request.clientOrderId, 'cancelled', filled, cancelled.reason ?? 'remainder cancelled');
        this.emitOrder(request, 'cancelled', meta.verdictId, cancelled.reason);
      }
    }
  }

  /** Applies a broker's answer: fills, account, position, order status and their events, in one transaction. */
  settle(
    request: OrderRequest,
    result: OrderResult,
    meta: OrderMeta,
  ): void {
    const { store, clock, bus } = this.options;
    const now = clock.now();
    const events: (() => void)[] = [];
    store.tx(() => {
      let account = store.account();
      const recorded = store.fillTotals(request.clientOrderId);
      // Broker answers are cumulative; only the part not yet recorded is applied, so a repeated answer changes nothing.
      const fill = newFill(result, recorded);
      if (fill && meta.fillReason) fill.reason = meta.fillReason;
      const filled = recorded.qty + (fill?.qty ?? 0);
      if (fill) {
        const before = store.position(fill.symbol);
        const applied = applyFill(account, before ? { symbol: before.symbol, qty: before.qty, avgPrice: before.avgPrice } : null, fill);
        account = { ...account, ...applied.account };
        store.insertFill(fill);
        const change = positionChange(fill.side, before, applied.position);
        if (applied.position) {
          store.savePosition(
            {
              symbol: fill.symbol,
              qty: applied.position.qty,
              avgPrice: applied.position.avgPrice,
              openedAt: before?.openedAt ?? fill.time,
              stopPrice: before?.stopPrice ?? meta.stop ?? null,
              targetPrice: before?.targetPrice ?? meta.target ?? null,
              atr: before?.atr ?? meta.atr ?? null,
              peakPrice: Math.max(before?.peakPrice ?? fill.price, fill.price),
              trailingActive: before?.trailingActive ?? false,
              markPrice: fill.price,
            },
            now,
          );
        } else {
          store.deletePosition(fill.symbol);
          store.recordExit(fill.symbol, fill.time);
        }
        store.insertPositionEvent({
          symbol: fill.symbol,
          change,
          qty: fill.qty,
          price: fill.price,
          ...(fill.side === 'sell' ? { realizedPnl: applied.realized } : {}),
          ...(meta.reason ? { reason: meta.reason } : {}),
          clientOrderId: fill.clientOrderId,
          time: fill.time,
        });
        const position = applied.position;
        events.push(() => bus.emit('fill', fill));
        events.push(() =>
          bus.emit('position', {
            symbol: fill.symbol,
            change,
            qty: position?.qty ?? 0,
            avgPrice: position?.avgPrice ?? before?.avgPrice ?? fill.price,
            price: fill.price,
            ...(fill.side === 'sell' ? { realizedPnl: applied.realized } : {}),
            ...(meta.reason ? { reason: meta.reason } : {}),
          }),
        );
      }
      store.saveAccount(account, now);
      this.moveOrder(request.clientOrderId, result.status, filled, result.reason ?? (result.status === 'submitted' ? inFlightReason(meta.fillReason) : null));
    });
    this.mark(request.symbol, result.fills.at(-1)?.price ?? this.marks.get(request.symbol) ?? 0);
    this.emitOrder(request, result.status, meta.verdictId, result.reason);
    for (const emit of events) emit();
    this.options.logger.info(
      { clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty: request.qty, status: result.status, reason: meta.reason },
      'order',
    );
  }

  /** Every order status change goes through the state machine: an impossible move is a bug, never written. */
  private moveOrder(clientOrderId: string, to: OrderStatus, filledQty: number, reason: string | null): void {
    const { store, clock } = this.options;
    const current = store.order(clientOrderId);
    if (!current) throw new InvariantError(`order ${clientOrderId} is not in the store`);
    if (current.status !== to) assertTransition(current.status, to);
    store.updateOrder(clientOrderId, to, filledQty, reason, clock.now());
  }

  private emitOrder(request: OrderRequest, status: OrderResult['status'], verdictId: string | null, reason?: string, refPrice?: number): void {
    const { clientOrderId, symbol, side, qty } = request;
    this.options.bus.emit('order', {
      clientOrderId, symbol, side, qty, status, ...(verdictId ? { verdictId } : {}), ...(reason ? { reason } : {}), ...(refPrice !== undefined ? { refPrice } : {}),
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** The ATR in price units, from the risk doctor's metrics (it reports ATR as a fraction of price). */
function atrOf(metrics: Record<string, number> | undefined, price: number): number | null {
  const atrPct = metrics?.atrPct;
  return atrPct !== undefined && Number.isFinite(atrPct) && atrPct > 0 ? atrPct * price : null;
}

function positionChange(side: Side, before: PositionRow | null, after: { qty: number } | null): 'opened' | 'increased' | 'reduced' | 'closed' {
  if (side === 'buy') return before ? 'increased' : 'opened';
  return after ? 'reduced' : 'closed';
}
