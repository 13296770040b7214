/**
 * How a simulated broker (the backtest's, the paper one) fills: one fill per order, at a price, with the fee on its
 * notional; a market order pays the slippage (buys pay up, sells receive less), a stop or target fills at the price the position monitor gives it (a stop's already slipped: bar-exit.ts).
 */
import type { Fill, OrderRequest, OrderResult, Side } from '../domain/order.js';

/**
 * The price a market order fills at, from the price it met (a bar's open, a fold's last close) and the slippage in
 * basis points, never beyond the range that bar traded in: a buy at an open that was the bar's high cannot have paid
 * more than the high (backtrader caps its slippage the same way).
 */
export function slipped(side: Side, price: number, slippageBps: number, range: { high: number; low: number }): number {
  return side === 'buy' ? Math.min(price * (1 + slippageBps / 10_000), range.high) : Math.max(price * (1 - slippageBps / 10_000), range.low);
}

/** The order's fill of `qty` at `price` (dated `time`): filled, or what did not fill cancelled (immediate-or-cancel). */
export function simulatedFill(order: OrderRequest, qty: number, price: number, time: number, feeBps: number): OrderResult {
  const fill: Fill = {
    id: `${order.clientOrderId}:1`,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    qty,
    price,
    fee: (qty * price * feeBps) / 10_000,
    time,
  };
  if (qty < order.qty) return { status: 'cancelled', fills: [fill], reason: 'partially filled; the rest was cancelled (market orders are immediate-or-cancel)' };
  return { status: 'filled', fills: [fill] };
}
