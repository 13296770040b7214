import type { BacktestFill, FillReason } from '../backtest-record.js';

/**
 * Round trips from fills, matched first in, first out per symbol. A sell closes the oldest open buys first; a fill
 * that closes part of a lot leaves the rest open, and a fill that closes several lots gives one round trip each.
 * Fees are shared pro rata by quantity: each round trip carries its part of the entry fee and of the exit fee, and
 * its PnL is net of both. conclave trades long only, but a sell with nothing to close opens a short lot (negative
 * qty) rather than vanishing, so every fill is accounted for.
 */
export interface RoundTrip {
  symbol: string;
  entryTime: number;
  entryPrice: number;
  exitTime: number | null;
  exitPrice: number | null;
  /** Positive for a long round trip, negative for a short one. */
  qty: number;
  /** Net of the round trip's fees; null while open. */
  pnl: number | null;
  fees: number;
  exitReason: FillReason | null;
}

interface Lot {
  time: number;
  price: number;
  /** +1 long, -1 short. */
  sign: number;
  qty: number;
  fee: number;
  /** Below this the lot is float dust of a full close. */
  dust: number;
}

export function roundTrips(fills: readonly BacktestFill[]): RoundTrip[] {
  const lots = new Map<string, Lot[]>();
  const closed: RoundTrip[] = [];
  for (const fill of fills) {
    if (!(fill.qty > 0)) continue;
    const sign = fill.side === 'buy' ? 1 : -1;
    let queue = lots.get(fill.symbol);
    if (!queue) {
      queue = [];
      lots.set(fill.symbol, queue);
    }
    let remaining = fill.qty;
    const dust = fill.qty * 1e-9;
    while (remaining > dust && queue.length > 0 && queue[0]!.sign !== sign) {
      const lot = queue[0]!;
      const qty = Math.min(lot.qty, remaining);
      const entryFee = lot.qty > 0 ? (lot.fee * qty) / lot.qty : 0;
      const exitFee = (fill.fee * qty) / fill.qty;
      closed.push({
        symbol: fill.symbol,
        entryTime: lot.time,
        entryPrice: lot.price,
        exitTime: fill.time,
        exitPrice: fill.price,
        qty: lot.sign * qty,
        pnl: (fill.price - lot.price) * qty * lot.sign - entryFee - exitFee,
        fees: entryFee + exitFee,
        exitReason: fill.reason,
      });
      lot.fee -= entryFee;
      lot.qty -= qty;
      remaining -= qty;
      if (lot.qty <= lot.dust) queue.shift();
    }
    if (remaining > dust) {
      queue.push({ time: fill.time, price: fill.price, sign, qty: remaining, fee: (fill.fee * remaining) / fill.qty, dust: remaining * 1e-9 });
    }
  }
  const open: RoundTrip[] = [];
  for (const [symbol, queue] of lots) {
    for (const lot of queue) {
      open.push({
        symbol,
        entryTime: lot.time,
        entryPrice: lot.price,
        exitTime: null,
        exitPrice: null,
        qty: lot.sign * lot.qty,
        pnl: null,
        fees: lot.fee,
        exitReason: null,
      });
    }
  }
  open.sort((a, b) => a.entryTime - b.entryTime || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return closed.concat(open);
}
