/**
 * An API's error answer saved in place of bars (Binance's `{"code":-1121,"msg":"Invalid symbol."}`, Alpaca's
 * `{"message": ...}`, Alpha Vantage's `{"Note": ...}`, Polygon's `{"status":"ERROR","error": ...}`, TradingView UDF's `{"s":"error","errmsg": ...}`): its text, to say that the download failed rather
 * than that the file is not a JSON array. Undefined when the object holds no such text.
 */
export function apiErrorText(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  const nested = o.error && typeof o.error === 'object' ? (o.error as Record<string, unknown>) : undefined;
  // Alpha Vantage's: {"Note": ...} (calls per minute), {"Information": ...} (calls per day), {"Error Message": ...}.
  // Bybit's: {"retCode": 10001, "retMsg": ...} (its retMsg is "OK" on an answer with bars).
  const bybit = typeof o.retCode === 'number' && o.retCode !== 0 ? o.retMsg : undefined;
  // TradingView's UDF answer (Finnhub's candles): {"s": "error", "errmsg": ...}, or {"s": "no_data"} for a range without bars.
  const udf = o.s === 'no_data' ? 'no_data: no bars in the range asked' : o.s === 'error' ? o.errmsg : undefined;
  // HTX's (Huobi's): {"status": "error", "err-code": ..., "err-msg": ...}.
  const text = [o.msg, o.message, o['err-msg'], o.error, o.detail, nested?.message, nested?.description, o['Error Message'], o.Note, o.Information, bybit, udf].find((x) => typeof x === 'string' && x.trim() !== '');
  return typeof text === 'string' ? text.trim().slice(0, 160) : undefined;
}
