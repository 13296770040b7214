/**
 * The order an exit places: the whole position (to the market's lot step when the broker says it), or the exchange's
 * largest market order when the position is larger (sold in parts, one a check, instead of being refused at every one;
 * said in a warning).
 */
import { quantity } from '../core/display-format.js';
import type { Logger } from '../core/logger.js';
import type { OrderRequest } from '../domain/order.js';
import type { PositionRow } from '../store/store.js';
import { exitOrderId } from './client-order-id.js';
import { floorToStep } from './lot.js';

export function exitOrder(position: PositionRow, now: number, reason: string, logger: Logger, limits: { most?: number | undefined; lotStep?: number | undefined } = {}, atPrice?: number, atTime?: number): OrderRequest {
  const { most, lotStep } = limits;
  const part = most !== undefined && most > 0 && position.qty > most;
  if (part) {
    logger.warn(
      { symbol: position.symbol, held: quantity(position.qty), sold: quantity(most), reason },
      "exit in parts: the position is larger than the exchange's largest market order; what is left stays held until the next exit (the next check, while its stop is still crossed)",
    );
  }
  return {
    clientOrderId: exitOrderId(position.symbol, now, position.openedAt),
    symbol: position.symbol,
    side: 'sell',
    // To the market's lot: float noise under one (0.3 - 0.2 held, 0.09999999999999998) ccxt truncated to 0, refused.
    qty: part ? most : lotStep ? floorToStep(position.qty, lotStep) : position.qty,
    ...(atPrice !== undefined ? { atPrice } : {}),
    ...(atPrice !== undefined && atTime !== undefined ? { atTime } : {}),
  };
}
