/**
 * conclave's client order ids. Every id it sends starts with one prefix, so start-up reconciliation can tell its own
 * orders on an exchange from those placed by hand or by another bot. An entry's id derives from its verdict, so a
 * verdict acted on twice (a restart, a retry) is one order.
 */
export const CLIENT_ORDER_ID_PREFIX = 'co-';

/** The entry order of a verdict. */
export const entryOrderId = (verdictId: string): string => `${CLIENT_ORDER_ID_PREFIX}${verdictId}`;

/** An exit order: the symbol, when it was sent and when its position opened (base 36, to stay short). */
export const exitOrderId = (symbol: string, now: number, openedAt: number): string =>
  `${CLIENT_ORDER_ID_PREFIX}x-${symbol}-${now.toString(36)}-${Math.round(openedAt / 1000).toString(36)}`;
