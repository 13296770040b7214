import type { Side } from '../domain/order.js';

/**
 * Slippage of a fill against the price its order was decided at, in basis points; positive is worse for us (a buy
 * above, a sell below). Null when either price is unusable.
 */
export function slippageBps(side: Side, refPrice: number, fillPrice: number): number | null {
  if (!(refPrice > 0) || !(fillPrice > 0) || !Number.isFinite(refPrice) || !Number.isFinite(fillPrice)) return null;
  const rel = fillPrice / refPrice - 1;
  return (side === 'buy' ? rel : -rel) * 10_000;
}

const MB = 1_048_576;

/**
 * The store's size from the health snapshot's `store` section, when the health line carries one: a total in bytes or
 * MB if given, else the sum of its parts (database, WAL). Null when the health line has no such figure.
 */
export function storeSizeBytes(snapshot: Record<string, unknown> | null): number | null {
  const store = snapshot?.store;
  if (typeof store !== 'object' || store === null) return null;
  const fields = Object.entries(store as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
  const asBytes = (key: string, value: number) => (/bytes$/i.test(key) ? value : /mb$/i.test(key) ? value * MB : null);
  for (const [key, value] of fields) {
    if (/^(size|total)?(bytes|mb)$/i.test(key)) return asBytes(key, value);
  }
  let sum: number | null = null;
  for (const [key, value] of fields) {
    const bytes = asBytes(key, value);
    if (bytes !== null) sum = (sum ?? 0) + bytes;
  }
  return sum;
}

/** Turns a running total kept elsewhere into counter increments, so a Prometheus counter only ever goes up. */
export class Totals {
  private readonly last = new Map<string, number>();
  delta(key: string, total: number): number {
    const before = this.last.get(key) ?? 0;
    this.last.set(key, total);
    // A total that went down was restarted (a new source object): count from it again.
    return total >= before ? total - before : total;
  }
}
