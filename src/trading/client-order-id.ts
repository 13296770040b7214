/**
 * conclave's client order ids. Every id it sends starts with one prefix, so start-up reconciliation can tell its own
 * orders on an exchange from those placed by hand or by another bot. An entry's id derives from its verdict, so a
 * verdict acted on twice (a restart, a retry) is one order.
 */
import { createHash } from 'node:crypto';
export const CLIENT_ORDER_ID_PREFIX = 'co-';

/**
 * Binance takes client order ids of at most 36 characters (letters, digits and . : / _ -): the id of a long symbol's
 * order (16 characters and more) was refused, every entry and every exit, stops included.
 */
const ACCEPTED = /^[.A-Za-z0-9:/_-]{1,36}$/;

/**
 * The id as it is when Binance takes it, else its first 20 characters of that alphabet and 16 of its hash (a symbol
 * named in another script, or a long one): the same id always gives the same.
 */
function fitted(id: string): string {
  if (ACCEPTED.test(id)) return id;
  return `${id.replace(/[^.A-Za-z0-9:/_-]/g, '').slice(0, 20)}${createHash('sha256').update(id).digest('base64url').slice(0, 16)}`;
}

/** The entry order of a verdict. */
export const entryOrderId = (verdictId: string): string => fitted(`${CLIENT_ORDER_ID_PREFIX}${verdictId}`);

/** An exit order: the symbol, when it was sent and when its position opened (base 36, to stay short). */
export const exitOrderId = (symbol: string, now: number, openedAt: number): string =>
  fitted(`${CLIENT_ORDER_ID_PREFIX}x-${symbol}-${now.toString(36)}-${Math.round(openedAt / 1000).toString(36)}`);

/**
 * A protective stop resting on the exchange (exchangeStop): the symbol, when it was placed and when its position opened;
 * `back` for one placed again at its old level in the same instant, after the raised one was refused.
 */
export const protectiveOrderId = (symbol: string, now: number, openedAt: number, back = false): string =>
  fitted(`${CLIENT_ORDER_ID_PREFIX}s-${symbol}-${now.toString(36)}-${Math.round(openedAt / 1000).toString(36)}${back ? '-b' : ''}`);
