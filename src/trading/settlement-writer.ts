/**
 * Records a broker's answer: reads what settlement needs, makes its writes (fill, position, its history, account,
 * order status) in one transaction, so a crash at any instant leaves the store consistent, then tells the bus.
 */
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Fill, OrderRequest, OrderResult } from '../domain/order.js';
import type { AccountRow, PositionRow } from '../store/store.js';
import type { FillTotals } from './fill-delta.js';
import { moveOrder, type OrderStatusStore } from './order-records.js';
import { fillToRecord, settlement, type OrderMeta, type PositionEventRecord, type Settlement } from './settlement.js';
import { writeOffPosition } from './write-off.js';

/** What settlement needs of the store (its methods of the same names). */
export interface SettlementStore extends OrderStatusStore {
  tx<T>(fn: () => T): T;
  account(): AccountRow;
  saveAccount(account: AccountRow, now: number): void;
  fillTotals(clientOrderId: string): FillTotals;
  insertFill(fill: Fill): void;
  position(symbol: string): PositionRow | null;
  savePosition(position: PositionRow, now: number): void;
  deletePosition(symbol: string): void;
  recordExit(symbol: string, time: number): void;
  insertPositionEvent(event: PositionEventRecord): void;
}

export interface SettlementWriterOptions {
  clock: Clock;
  logger: Logger;
  store: SettlementStore;
  bus: Pick<EventBus, 'emit'>;
  /** Told the last fill's price of every settled order (the portfolio's marks). */
  mark: (symbol: string, price: number) => void;
}

export class SettlementWriter {
  constructor(private readonly options: SettlementWriterOptions) {}

  /** Applies a broker's answer: fills, account, position, order status and their events. */
  settle(request: OrderRequest, result: OrderResult, meta: OrderMeta): void {
    const { store, clock, bus } = this.options;
    const now = clock.now();
    const done = store.tx(() => {
      const recorded = store.fillTotals(request.clientOrderId);
      const fill = fillToRecord(result, recorded, meta);
      const plan = settlement({ request, result, meta, account: store.account(), recorded, fill, before: fill ? store.position(fill.symbol) : null });
      this.write(plan, now);
      return plan;
    });
    const last = result.fills.at(-1);
    if (last) this.options.mark(request.symbol, last.price);
    // An order accepted and still waiting for its price did not change: the executor already announced it as submitted.
    const unchanged = result.status === 'submitted' && !done.filled;
    if (!unchanged) bus.emit('order', done.orderEvent);
    if (done.filled) {
      bus.emit('fill', done.filled.fill);
      bus.emit('position', done.filled.event);
    }
    if (done.filled?.swept) {
      this.options.logger.warn(
        { symbol: request.symbol, left: done.filled.swept, clientOrderId: request.clientOrderId },
        `the sale closing ${request.symbol} left ${+done.filled.swept.toPrecision(8)}, less than the market sells: closed with the position, its cost written off; those coins stay on the exchange account`,
      );
    }
    // A fill's price, fee and market time in the line itself: an operator tailing the logs should not need `explain`.
    const fill = done.filled?.fill;
    const filled = fill ? { fill: { qty: fill.qty, price: fill.price, fee: fill.fee, at: new Date(fill.time).toISOString(), reason: fill.reason ?? null } } : {};
    const fields = Object.assign({ clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty: request.qty, status: result.status, reason: meta.reason }, filled);
    // Why the broker cancelled it (an entry's price cap the book could not meet, a thin book), in the line itself.
    if (result.status === 'cancelled' && result.reason) Object.assign(fields, { cancelled: result.reason });
    if (result.status !== 'rejected') return this.options.logger.info(fields, 'order');
    // A refusal is said with the broker's reason: an exit refused at every check (a market halted, a filter) was logged
    // at info with the exit's reason alone, and the position stayed held with nothing saying why.
    const held = meta.purpose === 'exit' && store.position(request.symbol);
    this.options.logger.warn(
      Object.assign(fields, { refusal: result.reason ?? null }),
      held
        ? `exit of ${request.symbol} refused by the broker (${result.reason ?? 'no reason given'}): the position stays held and its exit is asked again at the next check`
        : `order refused by the broker (${result.reason ?? 'no reason given'})`,
    );
  }

  private write(plan: Settlement, now: number): void {
    const { store } = this.options;
    const filled = plan.filled;
    if (filled) {
      store.insertFill(filled.fill);
      if (filled.position) store.savePosition(filled.position, now);
      else {
        store.deletePosition(filled.fill.symbol);
        store.recordExit(filled.fill.symbol, filled.fill.time);
      }
      store.insertPositionEvent(filled.record);
    }
    store.saveAccount(plan.account, now);
    moveOrder(store, plan.orderEvent.clientOrderId, plan.order.status, plan.order.filledQty, plan.order.reason, now);
  }

  /**
   * Closes a position smaller than the market's smallest sale, with no order: none could sell it, and an exit refused
   * at every check kept the symbol from ever being bought again. Its cost is written off as a realised loss (at a price
   * of 0), so the ledger still holds; the coins stay on the exchange account.
   */
  writeOff(position: PositionRow, reason: string): void {
    const { store, clock, bus, logger } = this.options;
    const cost = position.qty * position.avgPrice;
    writeOffPosition(store, position, { price: 0, reason, now: clock.now() });
    bus.emit('position', { symbol: position.symbol, change: 'closed', qty: 0, avgPrice: position.avgPrice, price: 0, realizedPnl: -cost, reason });
    logger.warn({ symbol: position.symbol, qty: position.qty, writtenOff: cost }, `position written off: ${reason}`);
  }
}
