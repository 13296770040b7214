/**
 * What an exchange's ccxt class sends for the calls live mode's safety rests on, read from the class itself with no
 * network: a copy of it is given one made-up spot market and its request signing replaced by a recorder that stops the
 * call, so each call shows the request it would send (or the error it raises first). At a live start this checks that
 * the installed ccxt still sends the client order id where live-exchanges.ts says it does: a ccxt upgrade that moved it
 * would otherwise be found by a lost order declared never placed.
 */
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import { ConfigError } from '../core/errors.js';
import { LIVE_EXCHANGES, liveExchangeRefusal, type LiveExchange } from '../config/live-exchanges.js';
import { ExchangeOrders, uuidOf } from './exchange-orders.js';

/** The time the probe places its orders at. */
const PROBE_TIME = Date.UTC(2026, 0, 1);

/** The client order id the probe places and looks up. */
export const PROBE_ID = 'co-probe-1a2b3c';

/** The request a call would send (its endpoint and parameters), or what it raised before sending any. */
export interface Sent {
  endpoint?: string;
  params?: Record<string, unknown>;
  raised?: string;
}

export interface ExchangeRequests {
  /** An entry: limit buy, immediate-or-cancel, with the client order id. */
  limitIoc: Sent;
  /** An exit: market sale with the client order id. */
  marketSell: Sent;
  /** The look-up after a lost answer or a restart (exchange-orders.ts): ccxt's fetchOrder, or the open orders' read. */
  lookUp: Sent;
  /** Where the look-up reads the closed orders after the open ones (Kraken): that read. */
  lookUpClosed?: Sent;
  /** The start's reconciliation: fetchOpenOrders() of every symbol. */
  openOrders: Sent;
}

class Stop extends Error {}

type ExchangeCtor = new (config: Record<string, unknown>) => Exchange;

/** A copy of exchange `id`'s ccxt class that never reaches the network. `prepare` presets what a class would ask first. */
export function offlineExchange(id: string, prepare?: (exchange: Exchange) => void): { exchange: Exchange; sent: Sent[] } {
  const Ctor = (ccxt as unknown as Record<string, ExchangeCtor | undefined>)[id];
  if (!ccxt.exchanges.includes(id) || typeof Ctor !== 'function') throw new ConfigError(`ccxtExchange "${id}" is not an exchange ccxt knows`, 'ccxtExchange');
  const exchange = new Ctor({ enableRateLimit: false, apiKey: 'probe-key', secret: 'cHJvYmUtc2VjcmV0', password: 'probe', uid: 'probe', options: { defaultType: 'spot', fetchOpenOrders: { warnWithoutSymbol: false } } });
  const decimals = exchange.precisionMode === ccxt.DECIMAL_PLACES;
  exchange.setMarkets([
    {
      id: 'BTCUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', baseId: 'BTC', quoteId: 'USDT', type: 'spot', spot: true, active: true,
      margin: false, swap: false, future: false, option: false, contract: false,
      precision: { amount: decimals ? 5 : 0.00001, price: decimals ? 2 : 0.01 },
      limits: { amount: {}, price: {}, cost: {} },
      // Binance's class reads the order types a market takes from its answer.
      info: { orderTypes: ['LIMIT', 'MARKET'] },
    } as never,
  ]);
  const sent: Sent[] = [];
  const recorder = (path: string, api: unknown, method: string, params: Record<string, unknown>) => {
    sent.push({ endpoint: `${method} ${Array.isArray(api) ? api.join('/') : String(api)}:${path}`, params: Array.isArray(params) ? params : Object.assign({}, params) });
    throw new Stop('stopped before sending');
  };
  Object.assign(exchange, { sign: recorder, fetch: () => Promise.reject(new Stop('no network')) });
  prepare?.(exchange);
  return { exchange, sent };
}

/** What each call of exchange `id`'s class would send (or raise before sending), its client ids sent as `spec` says. */
export async function requestsOf(id: string, prepare?: (exchange: Exchange) => void, spec: LiveExchange | undefined = LIVE_EXCHANGES[id]): Promise<ExchangeRequests> {
  const { exchange, sent } = offlineExchange(id, prepare);
  const ids = new ExchangeOrders(exchange, spec);
  const first = async (call: () => Promise<unknown>): Promise<Sent> => {
    sent.length = 0;
    try {
      await call();
      return { raised: 'returned without a request' };
    } catch (error) {
      // The last request is the call's own: a class that asks the account's kind first and catches its failure goes on.
      if (error instanceof Stop && sent.length > 0) return sent.at(-1)!;
      return { raised: `${(error as Error).constructor.name}: ${(error as Error).message}` };
    }
  };
  const requests: ExchangeRequests = {
    limitIoc: await first(() => exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 50_000, Object.assign(ids.placing(PROBE_ID, PROBE_TIME), { timeInForce: 'IOC' }))),
    marketSell: await first(() => exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01, undefined, ids.placing(PROBE_ID, PROBE_TIME))),
    lookUp: await first(() => ids.lookUp(PROBE_ID, 'BTC/USDT')),
    openOrders: await first(() => exchange.fetchOpenOrders()),
  };
  if (spec?.lookUp === 'open-then-closed') requests.lookUpClosed = await first(() => ids.closed(PROBE_ID, 'BTC/USDT'));
  return requests;
}

/** What of `spec` the requests (built by requestsOf with `spec`) do not do, one phrase each (empty: all of it). */
export function missingFrom(spec: LiveExchange, r: ExchangeRequests): string[] {
  const sentId = spec.idFormat === 'uuid' ? uuidOf(PROBE_ID) : PROBE_ID;
  const carries = (s: Sent, key: string) => s.params?.[key] === sentId;
  const missing: string[] = [];
  if (!carries(r.limitIoc, spec.placesAs)) missing.push(`an entry is not placed with the client order id as ${spec.placesAs} (${said(r.limitIoc)})`);
  else if (!Object.values(r.limitIoc.params ?? {}).some((v) => typeof v === 'string' && /^ioc$/i.test(v))) missing.push(`an entry is not sent immediate-or-cancel (${said(r.limitIoc)})`);
  if (!carries(r.marketSell, spec.placesAs)) missing.push(`a market sale is not placed with the client order id as ${spec.placesAs} (${said(r.marketSell)})`);
  if (spec.deadlineMs && typeof r.marketSell.params?.['deadline'] !== 'string') missing.push(`an order is not placed with a deadline (${said(r.marketSell)})`);
  for (const [key, value] of Object.entries(spec.placeWith ?? {})) {
    if (r.marketSell.params?.[key] !== value || r.limitIoc.params?.[key] !== value) missing.push(`an order is not placed with ${key}=${value} (${said(r.marketSell)})`);
  }
  if (!carries(r.lookUp, spec.looksUpAs)) missing.push(`a look-up by client order id does not send it as ${spec.looksUpAs} (${said(r.lookUp)})`);
  if (spec.lookUp === 'open-then-closed' && !(r.lookUpClosed && carries(r.lookUpClosed, spec.looksUpAs))) {
    missing.push(`the closed orders are not read by client order id as ${spec.looksUpAs} (${r.lookUpClosed ? said(r.lookUpClosed) : 'not read'})`);
  }
  if (r.openOrders.raised !== undefined) missing.push(`the open orders of every symbol cannot be listed (${r.openOrders.raised})`);
  return missing;
}

const said = (s: Sent): string => (s.raised ?? `sends ${s.endpoint} ${JSON.stringify(s.params)}`).slice(0, 300);

/**
 * At a live start, before any request: a ConfigError naming ccxtExchange when live mode does not support the exchange,
 * or when the installed ccxt's class no longer sends what it was checked to send.
 */
export async function checkLiveCapability(id: string, spec: LiveExchange | undefined = LIVE_EXCHANGES[id]): Promise<void> {
  if (!spec) throw new ConfigError(`Invalid configuration: ${liveExchangeRefusal(id)}.`, 'ccxtExchange');
  const missing = missingFrom(spec, await requestsOf(id, undefined, spec));
  if (missing.length === 0) return;
  throw new ConfigError(
    `ccxtExchange "${id}": the installed ccxt (${ccxt.version}) no longer does what live mode was checked against: ${missing.join('; ')}. ` +
      'An order whose answer was lost could then not be found by its id, and be declared never placed (its coins left without a stop, bought again). ' +
      'Install the ccxt version package-lock.json names (npm ci), or run mode=paper until conclave supports this one',
    'ccxtExchange',
  );
}
