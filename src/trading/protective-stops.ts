/**
 * Protective stops (exchangeStop, live only): each position held keeps a stop-limit sale resting on the exchange, so a
 * daemon that is away (a crash, a reboot, an upgrade, the network cut) does not leave it without a stop. The daemon
 * still runs its own exits: each first cancels the protective stop and applies the exchange's answer, and one that
 * filled meanwhile is the exit (nothing more is sold: never twice). A resting stop is asked about at each position
 * check with the orders in flight (order-executor.ts), so a fill while the daemon runs is recorded like any other.
 * It follows the daemon's stop up (the trailing stop): moved by a step, at most once a minute (protective-stop-raise.ts),
 * at the check that sees the peak, a capped number of moves at a time (protective-stop-moves.ts).
 * Called under the trader's lock.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import { withChanges } from '../core/with-changes.js';
import type { OrderRequest, OrderResult } from '../domain/order.js';
import type { OrderRow, PositionRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { lessThanSells, saleLimits } from './entry-inputs.js';
import type { ExitRules } from './exit-rules.js';
import { NEVER_PLACED_AFTER_MS, NEVER_PLACED_REASON, neverPlaced } from './in-flight-reconciliation.js';
import type { OrderExecutor, PendingOrder } from './order-executor.js';
import { PROTECTIVE_PURPOSE, protectiveOrder } from './protective-stop-order.js';
import { StopMoves } from './protective-stop-moves.js';
import type { OrderMeta } from './settlement.js';

type Settle = (request: OrderRequest, result: OrderResult, meta: OrderMeta) => void;

export interface ProtectiveStopsOptions {
  clock: Clock;
  logger: Logger;
  store: { positions(): PositionRow[]; position(symbol: string): PositionRow | null; order(clientOrderId: string): OrderRow | null };
  broker: Broker;
  executor: Pick<OrderExecutor, 'protectiveStops' | 'hasPending' | 'execute' | 'answer'>;
  /** The market's status (a halt), asked before a stop is moved. */
  market?: Pick<MarketData, 'halted'>;
  /** The exit rules: the stop level each position is protected at, as the position monitor judges it (raised with its peak). */
  rules: ExitRules;
  /**
   * exchangeStop: false places none, and cancels those an earlier run left (the setting turned off): resting unknown
   * to the exits, one would sell the coins a second time.
   */
  place: boolean;
}

/** A protective stop still covers its position while what it has left to sell is no more than 0.1 % short of it. */
const COVERED = 0.999;
/** A placement refused again waits 30 s, then twice as long after each refusal, up to an hour (none after the first). */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;

export class ProtectiveStops {
  /** Protective stops this daemon is cancelling: their cancellation is its own, not the exchange's. */
  private readonly lifting = new Set<string>();
  /** Symbols whose protective stop the exchange ended without filling it (cancelled, expired), and how. */
  private readonly lost = new Map<string, string>();
  /** Symbols held without a protective stop, and why (warned once per reason). */
  private readonly bare = new Map<string, string>();
  /** Symbols whose placements the exchange refused in a row: how many, and when to try again. */
  private readonly refused = new Map<string, { count: number; at: number }>();

  private readonly moves: StopMoves;

  constructor(private readonly options: ProtectiveStopsOptions) {
    const covers = (position: PositionRow, resting: PendingOrder) => this.left(resting) >= position.qty * COVERED;
    this.moves = new StopMoves(Object.assign({ covers, lift: (p: PendingOrder, why: string) => this.liftOne(p, why), placeStop: (position: PositionRow, how: { back?: number; quiet?: boolean }) => this.place(position, how) }, options));
  }

  /** After a position check stored each position's peak: the resting stops of `symbols` follow it up (protective-stop-moves.ts). */
  follow(symbols: readonly string[]): Promise<void> {
    return this.options.place ? this.moves.follow(symbols) : Promise.resolve();
  }

  /** What a resting protective stop has left to sell. */
  private left(resting: PendingOrder): number {
    return resting.request.qty - (this.options.store.order(resting.request.clientOrderId)?.filledQty ?? 0);
  }

  /** Wraps the settlement: a protective stop that ended without a fill while this daemon did not cancel it is placed again. */
  settling(settle: Settle): Settle {
    return (request, result, meta) => {
      settle(request, this.unheld(request, result, meta) ?? result, meta);
      if (meta.purpose !== PROTECTIVE_PURPOSE || result.status !== 'cancelled' || this.lifting.has(request.clientOrderId)) return;
      this.lost.set(request.symbol, result.reason ?? 'cancelled or expired');
    };
  }

  /**
   * A protective stop that sold with no position left to sell from (written off while it rested, the daemon away; or
   * its rest, after a part that closed the position leaving less than the market sells, filled as it was cancelled):
   * its sale is of coins the book no longer holds, so it is recorded on its order with no fill. Applied, it was a sale
   * with no position, an invariant broken: the order was lost in flight, and every start after failed on it.
   */
  private unheld(request: OrderRequest, result: OrderResult, meta: OrderMeta): OrderResult | null {
    if (meta.purpose !== PROTECTIVE_PURPOSE || result.fills.length === 0 || this.options.store.position(request.symbol)) return null;
    const sold = result.fills.reduce((sum, f) => sum + f.qty, 0);
    const at = result.fills.at(-1)!.price;
    const reason = `sold ${sold} ${request.symbol} at ${at} on the exchange after its position was closed in the book (written off, or closed by a part of it that left less than the market sells): not applied, those coins and their proceeds are outside conclave's book`;
    this.options.logger.warn({ symbol: request.symbol, clientOrderId: request.clientOrderId, sold, price: at }, `the protective stop of ${request.symbol} ${reason}; check the exchange account`);
    return withChanges(result, { fills: [], reason });
  }

  /**
   * At each position check, after an entry and at start: a position held without a protective stop (or with one that
   * covers less than it holds: the rest of its entry filled since) gets one; one whose position is gone is cancelled.
   */
  async protect(): Promise<void> {
    const { store, executor, place } = this.options;
    for (const symbol of [...this.bare.keys(), ...this.refused.keys()]) {
      if (store.position(symbol)) continue;
      this.bare.delete(symbol);
      this.refused.delete(symbol);
    }
    for (const p of executor.protectiveStops()) {
      const position = store.position(p.request.symbol);
      // Placed before its position opened: a stop of one closed since (written off). The position's opening time is
      // the exchange's, the order's this machine's: a minute apart at least, so a clock behind cancels no fresh stop.
      const placedAt = store.order(p.request.clientOrderId)?.createdAt ?? 0;
      if (!place) await this.liftOne(p, 'exchangeStop is off');
      else if (!position || placedAt < position.openedAt - NEVER_PLACED_AFTER_MS) await this.liftOne(p, 'its position is closed');
    }
    if (!place) return;
    for (const position of store.positions()) {
      const resting = executor.protectiveStops(position.symbol)[0];
      const left = resting ? this.left(resting) : 0;
      // Covered: moved up by follow(), once the check has judged the position.
      if (resting && left >= position.qty * COVERED) {
        // A placement not answered (an answer lost, a 429 of the order rate limit) may never have reached the exchange:
        // until it says, the position counts as unprotected (health, status, /metrics), not as covered.
        if (resting.unknownSince === undefined) this.bare.delete(position.symbol);
        else this.without(position.symbol, `none confirmed: the placement of ${resting.request.clientOrderId} was not answered; asked about at each position check until the exchange says (one it never received is placed again after a minute)`);
        continue;
      }
      // An exit in flight: its fill ends the position (a stop resting beside it could sell twice).
      if (executor.hasPending(position.symbol, 'sell')) continue;
      // Refused at every check before (a filter or the balance: one request, one rejected order row a check, for good).
      if ((this.refused.get(position.symbol)?.at ?? 0) > this.options.clock.now()) continue;
      if (resting && !(await this.liftOne(resting, `the position holds ${position.qty}, more than its ${left}`))) continue;
      await this.place(position);
    }
  }

  /**
   * Before an exit: cancels the symbol's protective stop and applies the exchange's answer (a fill is recorded, and the
   * position reduced or closed by it). True once none rests; false when that cannot be confirmed: nothing may be sold.
   */
  async lift(symbol: string, why: string): Promise<boolean> {
    // Every one of the symbol's (a stop of a position closed meanwhile, whose cancel failed, may rest beside the one of
    // the position held): the first alone cancelled, a sale went out with the other still resting, selling twice.
    for (const p of this.options.executor.protectiveStops(symbol)) {
      if (!(await this.liftOne(p, why))) return false;
    }
    return true;
  }

  /** Cancels one protective stop and applies the exchange's answer (lift). */
  private async liftOne(p: PendingOrder, why: string): Promise<boolean> {
    const { broker, executor, logger, clock } = this.options;
    const { symbol, clientOrderId: id } = p.request;
    this.lifting.add(id);
    let result: OrderResult | null;
    try {
      if (!broker.cancelOrder) throw new Error(`broker ${broker.name} cannot cancel orders`);
      result = await broker.cancelOrder({ clientOrderId: id, symbol });
    } catch (error) {
      logger.warn({ symbol, clientOrderId: id, err: errorMessage(error) }, `cannot cancel the protective stop of ${symbol} (${why}): nothing is sold while it may rest on the exchange; tried again at the next position check`);
      return false;
    }
    if (result === null) {
      // The exchange never saw it (its answer was lost): once its request can no longer arrive, it was never placed.
      if (!neverPlaced(broker.name, clock.now() - (p.unknownSince ?? p.openSince ?? 0))) return false;
      result = { status: 'cancelled', fills: [], reason: NEVER_PLACED_REASON };
    }
    if (result.status === 'unknown' || result.status === 'submitted' || result.status === 'partially_filled') {
      logger.warn({ symbol, clientOrderId: id, status: result.status }, `the protective stop of ${symbol} could not be confirmed cancelled (${why}): nothing is sold while it may rest on the exchange; tried again at the next position check`);
      return false;
    }
    if (result.status === 'filled') logger.warn({ symbol, clientOrderId: id }, `the protective stop of ${symbol} had filled on the exchange: its fill is the exit, nothing more is sold`);
    executor.answer(id, result.status === 'cancelled' ? withChanges(result, { reason: `cancelled by conclave: ${why}${result.fills.length > 0 ? ' (partly filled)' : ''}` }) : result);
    this.lifting.delete(id);
    return true;
  }

  /** Symbols held without a protective stop resting for them, with why (the status line's `none`). */
  unprotected(): ReadonlyMap<string, string> {
    return this.bare;
  }

  /**
   * Places the position's stop. Recorded with no verdict: the cockpit's row of the entry's verdict shows the entry's
   * order, which a protective stop's events would overwrite; `conclave status` lists it with its position. True once
   * one rests (or the position is gone). `back`: at that level; `quiet`: a refusal is its caller's to handle.
   */
  private async place(position: PositionRow, how: { back?: number; quiet?: boolean } = {}): Promise<boolean> {
    const { broker, executor, logger, clock, rules, store } = this.options;
    const { symbol } = position;
    const request = protectiveOrder(position, rules, clock.now(), how.back);
    if (!request?.stop) return this.without(symbol, 'it has no stop level (no stop of its own, and stopLossPct is 0)');
    // Judged at the stop's limit, the price it sells at (the exchange's smallest order value counts there): judged at the
    // mark, a stop worth less than that at its limit was sent and refused at every check.
    const { closeBelow } = await saleLimits(broker, symbol, logger, request.stop.limit);
    if (lessThanSells(position.qty, closeBelow)) {
      return this.without(symbol, `the ${position.qty} held is less than the market sells (${closeBelow}) at the stop's limit price ${request.stop.limit}; the daemon's own stop still runs while it is up`);
    }
    const lost = this.lost.get(symbol);
    this.lost.delete(symbol);
    if (lost !== undefined) logger.warn({ symbol, was: lost }, `the protective stop of ${symbol} ended on the exchange without a fill (${lost}): placed again`);
    const { trigger } = request.stop;
    await executor.execute(request, { verdictId: null, purpose: PROTECTIVE_PURPOSE, reason: `stop on the exchange (protective stop at ${trigger})`, fillReason: 'stop', ...(closeBelow > 0 ? { closeBelow } : {}) });
    if (!store.position(symbol) || executor.protectiveStops().some((p) => p.request.clientOrderId === request.clientOrderId)) {
      this.bare.delete(symbol);
      this.refused.delete(symbol);
      return true;
    }
    if (how.quiet === true) return false;
    const count = (this.refused.get(symbol)?.count ?? 0) + 1;
    const waitMs = count === 1 ? 0 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (count - 2));
    this.refused.set(symbol, { count, at: clock.now() + waitMs });
    const again = waitMs === 0 ? 'at the next position check' : `in ${Math.round(waitMs / 1000)} s (refused ${count} times in a row)`;
    return this.without(symbol, `placing it failed (${store.order(request.clientOrderId)?.reason ?? 'no reason given'}); placed again ${again}`);
  }

  /** Says, once per reason, that a position is held with no protective stop on the exchange. False: it has none. */
  private without(symbol: string, why: string): false {
    if (this.bare.get(symbol) !== why) {
      this.bare.set(symbol, why);
      this.options.logger.warn({ symbol, exchangeStop: why }, `${symbol} has no protective stop on the exchange: ${why}`);
    }
    return false;
  }
}
