/**
 * The live broker's cap on an entry's price: its decided price (refPrice) plus maxEntrySlippageBps, sent as an
 * immediate-or-cancel limit order. A market buy filled through a thin book or a spike at any price; now it buys what
 * the book offers up to the cap, and the rest is cancelled. Exits stay market orders: an exit must go.
 */
import type { OrderRequest, OrderResult } from '../domain/order.js';

/** The highest price `order` may buy at, or undefined for a market order (an exit, no refPrice, the cap off). */
export function entryCap(order: OrderRequest, bps: number): number | undefined {
  if (order.side !== 'buy' || !(bps > 0) || order.refPrice === undefined || !(order.refPrice > 0)) return undefined;
  return Number((order.refPrice * (1 + bps / 10_000)).toPrecision(12));
}

/**
 * A capped entry's end. One the exchange left open (an exchange that takes no immediate-or-cancel order, ccxt passing
 * it on as a plain limit order) is cancelled at once: left on the book it could fill hours later at up to the cap. A
 * cancelled one says why: partly filled, or not at all, with the cap and where it comes from.
 */
export async function endCapped(order: OrderRequest, cap: number, bps: number, result: OrderResult, cancel: () => Promise<OrderResult | null>): Promise<OrderResult> {
  let ended = result;
  if (result.status === 'submitted' || result.status === 'partially_filled') {
    const now = await cancel();
    if (now && now.status !== 'unknown') ended = now;
  }
  if (ended.status !== 'cancelled') return ended;
  const what = ended.fills.length > 0 ? 'partly filled: the book offered no more' : 'not filled: the book offered nothing';
  return Object.assign({}, ended, { reason: `${what} at or below ${cap} (${order.refPrice} decided on, plus maxEntrySlippageBps ${bps}); the rest is cancelled` });
}
