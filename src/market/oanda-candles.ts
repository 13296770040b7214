/**
 * OANDA's v20 candles (`{"instrument": "EUR_USD", "granularity": "H1", "candles": [{"complete": true, "volume": 2466,
 * "time": "...Z", "mid": {"o", "h", "l", "c"}}]}`): the prices sit one level down, under the side the download asked
 * for (`price=M` writes `mid`, `price=BA` writes `bid` and `ask`, `price=MBA` all three). Every such answer was refused
 * as bars with no open, high, low or close, while the same candles saved by pandas as CSV were read.
 */

type Side = { o: unknown; h: unknown; l: unknown; c: unknown };
export type SidePrices = { open: unknown; high: unknown; low: unknown; close: unknown };

/** One side's `{o, h, l, c}`, or undefined when the value is not that (a quote's number `bid`, say). */
function side(x: unknown): Side | undefined {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const s = x as Record<string, unknown>;
  return ['o', 'h', 'l', 'c'].every((k) => s[k] !== undefined && s[k] !== null) ? (s as Side) : undefined;
}

/**
 * A candle object's prices read from its sides: the `mid` where it has one; else the mid of `bid` and `ask`, as IG's
 * and Saxo's quotes are read (jsonNumber takes `{bid, ask}`); else its one side (`price=B` or `price=A`). Undefined
 * when the object holds no such side.
 */
export function candleSidePrices(o: Record<string, unknown>): SidePrices | undefined {
  const [mid, bid, ask] = [o.mid, o.bid, o.ask].map(side);
  if (mid) return { open: mid.o, high: mid.h, low: mid.l, close: mid.c };
  if (bid && ask) {
    return { open: { bid: bid.o, ask: ask.o }, high: { bid: bid.h, ask: ask.h }, low: { bid: bid.l, ask: ask.l }, close: { bid: bid.c, ask: ask.c } };
  }
  const one = bid ?? ask;
  return one ? { open: one.o, high: one.h, low: one.l, close: one.c } : undefined;
}
