import type { InstrumentRules, OrderRef, OrderRequest, OrderResult } from '../domain/order.js';
import type { ExpectedState, Mismatch, ReconcileOptions } from './reconcile.js';

/** The broker port: paper (default) or live through ccxt. */
export interface Broker {
  readonly name: string;
  /**
   * True when the broker itself answers again an order it accepted without a fill (the paper and backtest brokers: at
   * the next bar, through the trader's settlePending). Otherwise (an exchange) such an order is asked about (fetchOrder)
   * at each position check until it ends: nothing else would ever tell its fill.
   */
  readonly answersLater?: boolean;
  submit(order: OrderRequest, signal?: AbortSignal): Promise<OrderResult>;
  /** The order's current state at the broker, or null when the broker never saw it (used to resolve `unknown`). */
  fetchOrder?(ref: OrderRef, signal?: AbortSignal): Promise<OrderResult | null>;
  /** The instrument's quantity step and minimum, when the broker knows them (an exchange's market rules). */
  instrument?(symbol: string, signal?: AbortSignal): Promise<InstrumentRules | null>;
  /** Cancels what is left of an open order; the part already filled stays filled. */
  cancelOrder?(ref: OrderRef, signal?: AbortSignal): Promise<OrderResult | null>;
  /** Live brokers: the differences between what the store expects and the exchange's open orders and balances. */
  reconcile?(expected: ExpectedState, options?: ReconcileOptions): Promise<Mismatch[]>;
  /** Live brokers (exchangeStop): why the exchange cannot hold a stop-limit sale on these symbols, or null when it can. */
  stopOrdersRefused?(symbols: readonly string[]): Promise<string | null>;
  /** Live brokers, at start: what the exchange says its key may do (a ConfigError when it may not trade). */
  checkKey?(): Promise<void>;
}
