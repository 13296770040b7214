/**
 * The exchanges live mode trades on. Its safety rests on ccxt calls that differ between exchanges: an order placed
 * with conclave's client order id, looked up by it after a lost answer or a restart (a "not found" then read as never
 * placed), every open order listed at start, and entries sent as immediate-or-cancel limit orders. Each was read in
 * ccxt's source (4.5.x) and tested against a fake of the exchange's API (Binance's, Kraken's, each as documented); on an
 * exchange where one does not hold, a filled buy
 * could be declared never placed (its coins left without a stop, and bought again at the next verdict). No ccxt here:
 * the configuration checks it without loading ccxt (exchange-capability.ts checks the ccxt class itself at start).
 */

/** How a supported exchange's ccxt class sends the client order id: the request's key when placing and looking up. */
export interface LiveExchange {
  placesAs: string;
  looksUpAs: string;
  /** The id sent for conclave's: itself, or a UUID derived from it (Kraken takes free text of 18 characters at most). */
  idFormat?: 'uuid';
  /**
   * How an order is found by client id: ccxt's fetchOrder, or among the open orders and then the closed ones, each
   * asked for that id (Kraken, whose look-up of one order takes its own id only).
   */
  lookUp?: 'open-then-closed';
  /**
   * exchangeStop's stop-limit sale (ccxt's limit order with stopLossPrice) was tested against the fake of the exchange's
   * API: placed, resting with its coins locked, found by its id, cancelled, filled while the daemon was away.
   */
  stopOrders?: true;
  /**
   * Sent with every order placed: Kraken takes a sale's fee in the coin sold unless told otherwise (its `fcib`, the
   * default when selling), so an exit of all a position holds would need more coins than it holds, and the ledger,
   * kept in the quote currency, would misread the fee. `oflags: fciq` has every fee paid in the quote currency.
   */
  placeWith?: Readonly<Record<string, string>>;
  /**
   * Sent with every order as `deadline` this far ahead (Kraken's AddOrder: the request is rejected once past it, however
   * long it queued). An exchange without a receive window (Binance's recvWindow) could otherwise still place an order
   * after its look-up found nothing for a minute and took it for never placed. Below that minute, with room for the
   * clocks' difference.
   */
  deadlineMs?: number;
  /**
   * Whether its ccxt class has a testnet (`urls.test`, for exchangeTestnet): Binance's Spot Testnet, which binanceus's
   * class uses too. Said here so `conclave config` refuses the others; the start checks the class itself (exchange-testnet.ts).
   */
  testnet?: true;
}

export const LIVE_EXCHANGES: Readonly<Record<string, LiveExchange>> = {
  // binanceus: ccxt's class is binance's (the same requests), its stop-limit order Binance's STOP_LOSS_LIMIT.
  binance: { placesAs: 'newClientOrderId', looksUpAs: 'origClientOrderId', stopOrders: true, testnet: true },
  binanceus: { placesAs: 'newClientOrderId', looksUpAs: 'origClientOrderId', stopOrders: true, testnet: true },
  kraken: { placesAs: 'cl_ord_id', looksUpAs: 'cl_ord_id', idFormat: 'uuid', lookUp: 'open-then-closed', placeWith: { oflags: 'fciq' }, deadlineMs: 30_000 },
};

/**
 * What is missing on the exchanges a spot trader most likely picks, as read in ccxt 4.5.84's source and checked by
 * building their requests offline (test/trading/exchange-capability.test.ts).
 */
const MISSING: Readonly<Record<string, string>> = {
  coinbase:
    'ccxt sends an id of its own (ccxt-UUID) instead of the client order id, and looks an order up by the exchange’s order id only (a look-up by client id asks for order "undefined")',
  coinbaseadvanced:
    'ccxt sends an id of its own (ccxt-UUID) instead of the client order id, and looks an order up by the exchange’s order id only (a look-up by client id asks for order "undefined")',
  okx: 'OKX takes client order ids of letters and digits only, at most 32 (conclave’s hold "-" and reach 36): every order, a stop’s sale included, would be refused',
  bybit:
    'ccxt looks orders up by the exchange’s id only (a unified account’s look-up refuses to run without it; a classic account’s is not supported for spot), so an order whose answer was lost cannot be found',
  kucoin: 'ccxt looks orders up by the exchange’s id only (ArgumentsRequired without it), and a unified account lists open orders per symbol only',
  bitstamp:
    'ccxt passes timeInForce through as it is, not as Bitstamp’s own flag (ioc_order), so a capped entry rests on the book as a plain limit order, and no order’s trades (fees) can be read',
  gemini: 'Gemini takes limit orders only: every exit (a market sale), a stop’s included, would be refused',
  gate: 'ccxt sends the client id as Gate’s text "t-" + id, limited to 28 characters after "t-" (conclave’s reach 36), and a market buy needs a price',
  bitget:
    'ccxt cannot read an order’s trades (fees), and its look-up by client id (clientOid) has not been tested here against what Bitget answers for an unknown id',
  cryptocom: 'ccxt never sends the client order id when placing (Crypto.com’s client_oid), and its look-up asks for order_id only',
  htx:
    'ccxt places and looks up by client id (client-order-id, getClientOrder), but which orders HTX’s look-up by client id still finds (of any age, cancelled without a fill) has not been tested here, and a market buy needs a price',
};

/** Null when live mode trades on `id`; else what is missing there, why it matters and what to do, for a ConfigError. */
export function liveExchangeRefusal(id: string): string | null {
  if (Object.hasOwn(LIVE_EXCHANGES, id)) return null;
  const missing = Object.hasOwn(MISSING, id) ? MISSING[id] : 'its ccxt class has not been checked for what live mode needs';
  return (
    `ccxtExchange "${id}" is not supported for mode=live: ${missing}. ` +
    'Live mode resolves an order whose answer was lost, and every order left in flight at a restart, by looking it up with the client order id it was placed with, and reads "not found" as never placed; ' +
    'where that does not hold, a filled buy could be declared never placed, its coins left without a stop and bought again at the next verdict. ' +
    `Live mode supports ${Object.keys(LIVE_EXCHANGES).join(', ')}: set CONCLAVE_CCXT_EXCHANGE to one of them, or run mode=paper (marketSource=ccxt on ${id} for its prices is allowed)`
  );
}

/** Null when exchangeStop may run on live exchange `id`; else why not and what to do, for a ConfigError. */
export function exchangeStopRefusal(id: string): string | null {
  if (!Object.hasOwn(LIVE_EXCHANGES, id) || LIVE_EXCHANGES[id]!.stopOrders) return null;
  const tested = Object.keys(LIVE_EXCHANGES).filter((x) => LIVE_EXCHANGES[x]!.stopOrders);
  return (
    `exchangeStop=true is not supported on ccxtExchange "${id}": its stop-limit sale (what ccxt sends for it, how the exchange answers it resting, triggered, filled or cancelled) has not been tested here, ` +
    'so a position could be taken for protected on the exchange while it is not, or its stop sell beside an exit. ' +
    `Set exchangeStop=false (CONCLAVE_EXCHANGE_STOP=false: the daemon's own stops only, none while it is away), or trade on ${tested.join(' or ')}`
  );
}
