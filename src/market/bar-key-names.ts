/** The keys a bar object's time, prices and volume go by (lower-cased), in the order they are looked for (json-shapes.ts). */

/** The first of `names` that a bar object has (keys lower-cased). */
export const first = (o: Record<string, unknown>, names: readonly string[]): unknown => {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
};

export const PRICES = {
  // Robinhood's historicals (robin_stocks' get_stock_historicals): begins_at, open_price, ..., close_price. Bitso's OHLC
  // answer names its prices by rate: first_rate, max_rate, min_rate, last_rate.
  open: ['open', 'o', 'price_open', 'openprice', 'opening_price', 'open_price', 'first_rate'],
  // HitBTC's candles (and IQ Option's) name their high and low `max` and `min`: read where no other name is there.
  high: ['high', 'h', 'price_high', 'highprice', 'high_price', 'max', 'max_rate'],
  low: ['low', 'l', 'price_low', 'lowprice', 'low_price', 'min', 'min_rate'],
  // Upbit's and Bithumb's candles name the close `trade_price` (the last trade's price).
  close: ['close', 'c', 'price_close', 'closeprice', 'trade_price', 'close_price', 'last_rate'],
} as const;

// ta4j's `endTime` last: read as the bar's open, a bar stamped at its end is seen a bar late, never early. `epoch`:
// Deriv's candles ({"candles": [{"close", "epoch", "high", "low", "open"}]}), the bar's open in epoch seconds. Bitso's
// `bucket_start_time`, its bucket's open in ms (not its first_trade_time, the first trade in it). AscendEX's `ts`, the
// bar's open in ms.
export const TIME = ['time', 'timestamp', 'date', 'datetime', 't', 'startedat', 'start', 'starttime', 'start_time', 'opentime', 'open_time', 'time_period_start', 'begin', 'begintime', 'begins_at', 'epoch', 'bucket_start_time', 'ts', 'endtime'];

/**
 * The volume's names, in the order looked for (the value traded, `volumeto` or `quote_volume`, is none of them). ProBit's
 * candles write the coin's as `base_volume` beside `quote_volume`: read as none, every bar had no volume.
 */
export const VOLUME = ['volume', 'v', 'basetokenvolume', 'volume_traded', 'candle_acc_trade_volume', 'volumefrom', 'target_volume', 'base_volume', 'vol', 'lasttradedvolume'];
