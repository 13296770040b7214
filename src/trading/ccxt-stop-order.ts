/**
 * The protective stop through ccxt (exchangeStop): ccxt's unified stop-loss limit order, a limit sale with
 * `stopLossPrice` (Binance spot: STOP_LOSS_LIMIT with stopPrice, good till cancelled), and whether the exchange takes one.
 */
import type { Exchange, Order } from 'ccxt';
import type { OrderRequest, OrderResult } from '../domain/order.js';
import { withChanges } from '../core/with-changes.js';
import { instrumentOf, toOrderResult } from './ccxt-order-mapping.js';
import { floorToStep } from './lot.js';
import { protectiveReason } from './protective-stop-order.js';

/** Places the stop, its quantity and prices rounded to the market's precision; a result still open says what rests there. */
export async function placeStopOrder(exchange: Exchange, order: OrderRequest, stop: { trigger: number; limit: number }, params: Record<string, string>, now: number): Promise<OrderResult> {
  // Floored to the lot first: ccxt truncates, so float noise under a lot (0.3 - 0.2 held) went as 0, refused, or a step short.
  const step = instrumentOf(exchange, order.symbol)?.lotStep;
  const qty = Number(exchange.amountToPrecision(order.symbol, step === undefined ? order.qty : floorToStep(order.qty, step)));
  const trigger = Number(exchange.priceToPrecision(order.symbol, stop.trigger));
  const limit = Number(exchange.priceToPrecision(order.symbol, stop.limit));
  const placed = await exchange.createOrder(order.symbol, 'limit', 'sell', qty, limit, Object.assign(params, { stopLossPrice: trigger, timeInForce: 'GTC' }));
  const result = toOrderResult(withChanges(placed, { symbol: placed.symbol ?? order.symbol, side: placed.side ?? order.side }), order.clientOrderId, now);
  if (result.status === 'submitted' && result.reason === undefined) result.reason = protectiveReason(qty, trigger, limit);
  return result;
}

/**
 * A stop-limit sale looked up while it rests says what rests there, as its placement's answer does: an order row whose
 * placement's answer was lost took the look-up's answer, and a restart read no trigger from it (never moved again).
 */
export function restingStop(order: Order, result: OrderResult): OrderResult {
  const { amount, price } = order;
  const trigger = order.triggerPrice ?? order.stopPrice;
  if (result.status !== 'submitted' || result.reason !== undefined || order.side !== 'sell') return result;
  if (!(typeof trigger === 'number' && trigger > 0 && typeof price === 'number' && price > 0 && typeof amount === 'number' && amount > 0)) return result;
  return withChanges(result, { reason: protectiveReason(amount, trigger, price) });
}

/**
 * Why the exchange cannot hold a protective stop for `symbols`, or null when it can: ccxt gives it no stop-loss limit
 * order, or a market lists its order types without one (Binance's STOP_LOSS_LIMIT). Its markets must be loaded.
 */
export function stopOrdersRefused(exchange: Exchange, symbols: readonly string[]): string | null {
  if (!exchange.has['createStopLossOrder'] && !exchange.has['createStopLimitOrder']) return `${exchange.id} takes no stop-loss limit order through ccxt`;
  for (const symbol of symbols) {
    const types = (exchange.markets?.[symbol]?.info as { orderTypes?: unknown } | undefined)?.orderTypes;
    if (Array.isArray(types) && !types.includes('STOP_LOSS_LIMIT')) return `${exchange.id} takes no stop-loss limit order on ${symbol} (its order types: ${types.join(', ')})`;
  }
  return null;
}
