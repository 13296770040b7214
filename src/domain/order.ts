// Orders and fills as every part sees them: the broker port, the trader, the store and the backtest.

export type Side = 'buy' | 'sell';

export interface OrderRequest {
  /** Unique per order, stored in `orders.client_order_id`; a repeated submission is recognised by it. */
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  /**
   * A stop or target that fired inside a bar: the level it fills at. Only simulated brokers read it (the backtest's
   * fills it at this price within the bar); everything else treats the order as a market order.
   */
  atPrice?: number;
  /** With `atPrice`: when the market traded there (the open of the bar whose range reached the level; a replay's bars are old). */
  atTime?: number;
  /**
   * An entry's price when it was decided (what its size was computed at). The live broker buys no higher than this
   * plus maxEntrySlippageBps (an immediate-or-cancel limit order); the simulated brokers, which have no book, ignore it.
   */
  refPrice?: number;
  /**
   * A protective stop (exchangeStop): a stop-limit sale resting on the exchange, sold at `limit` or better once the
   * price trades at or below `trigger`. Only the live broker places one; it is never sent to a simulated broker.
   */
  stop?: { trigger: number; limit: number };
}

/** Why a fill happened: an entry, the chief's exit signal, an exit rule, the end of a run, or the kill switch's flatten. */
export type FillReason = 'entry' | 'signal' | 'stop' | 'target' | 'trailing' | 'atr' | 'time' | 'end' | 'flatten';

export interface Fill {
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  price: number;
  fee: number;
  time: number;
  /**
   * Stable per fill (exchange trade id, or derived): lets a recorder skip a fill it already stored. An aggregate fill
   * (id ending in `:total`, when the exchange only reports totals) grows with the order: record its increase.
   */
  id?: string;
  /** Why it happened (set by the trader when it records the fill). */
  reason?: FillReason;
  /** Set only when `fee` could not be valued in the quote currency (paid in a third asset such as BNB). */
  feeCurrency?: string;
  /** Set when the exchange did not report this fill's fee: `fee` is then 0 and understates the true cost. */
  feeUnknown?: true;
}

export type OrderStatus = 'new' | 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'unknown';

export interface OrderResult {
  status: OrderStatus;
  /** Every fill of the order so far (cumulative, not only the new ones). */
  fills: Fill[];
  reason?: string;
  /** The exchange's own id, when it assigned one. */
  exchangeOrderId?: string;
}

export interface InstrumentRules {
  lotStep: number;
  minQty: number;
  /** The smallest order value the exchange takes, in the quote currency (Binance's NOTIONAL filter), when it says. */
  minCost?: number;
  /** The largest market order it takes, when it says (Binance's LOT_SIZE and MARKET_LOT_SIZE, the smaller). */
  maxQty?: number;
  /** The exchange lists the market as not trading now (ccxt's active false: a halt, or a delisting under way). */
  halted?: true;
  /** The smallest price step the exchange takes (Binance's PRICE_FILTER tickSize), when it says. */
  priceTick?: number;
  /**
   * The taker fee a buy pays on top of its cost in the quote currency, as a fraction, when the exchange charges it
   * there (ccxt's feeSide quote or give: Kraken; Binance takes it from the coin bought, and this is absent).
   */
  quoteFeeRate?: number;
}

/** Identifies an order at the broker for a later look-up. */
export interface OrderRef {
  clientOrderId: string;
  symbol: string;
}

