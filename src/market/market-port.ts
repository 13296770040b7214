/** One OHLCV bar. `time` is the bar's open time in epoch ms. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** How a read of bars is made. */
export interface BarsRead {
  /**
   * One of many reads of a scan over the universe: a rate-limited source serves it after the reads that cannot wait
   * (a discussion's, a position check's).
   */
  bulk?: boolean;
}

/**
 * The market-data port. Adapters: simulated (default), replay files, ccxt exchanges.
 * Every bar an adapter returns has passed validation, is closed at or before the clock's now, and is oldest first.
 */
export interface MarketData {
  readonly name: string;
  /** The tradable universe. */
  symbols(): readonly string[];
  /** The latest `limit` closed bars of `symbol`, oldest first. */
  bars(symbol: string, limit: number, signal?: AbortSignal, read?: BarsRead): Promise<Bar[]>;
  /**
   * The same bars as `bars`, from a market that holds them in memory (a backtest's): read at once, with no deadline
   * or promise around the read.
   */
  barsAtHand?(symbol: string, limit: number): Bar[];
  /** The latest traded price of `symbol`. */
  price(symbol: string, signal?: AbortSignal): Promise<number>;
  /**
   * Whether the exchange lists `symbol`'s market as not trading now (a halt, or a delisting under way: ccxt's active
   * false), when the adapter can tell (an exchange's; simulated and replayed markets never halt). Its ticker stays at
   * the last trade meanwhile: the paper broker fills nothing at it, as the exchange would refuse the order.
   */
  halted?(symbol: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Bar length of `symbol` in ms (a bar is closed at time + barMs), when the adapter knows it. The agents' look-ahead
   * guard uses it; without it they infer the length from the bars' spacing.
   */
  barMs?(symbol: string): number | undefined;
  /**
   * The market's time now for `symbol`, when it is not the clock's: a replay maps the clock onto each file's own
   * timeline (its bars are years old). The paper broker fills an order at a price from after it, in this time.
   */
  marketNow?(symbol: string): number | undefined;
  /**
   * True once a finite market (a replay of files holding its last bars) has shown every symbol's last bar: no bar will
   * come, which is the end of the data, not a stalled feed.
   */
  ended?(): boolean;
}

/** A symbol's bar length: the adapter's, else the spacing of the last two of `bars` (0 with fewer). */
export function barLengthOf(market: Pick<MarketData, 'barMs'>, symbol: string, bars: readonly Bar[]): number {
  return market.barMs?.(symbol) ?? (bars.length >= 2 ? bars.at(-1)!.time - bars.at(-2)!.time : 0);
}
