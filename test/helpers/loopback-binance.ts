import type { ServerResponse } from 'node:http';
import { startLoopback, type LoopbackServer } from './loopback-server.js';

/**
 * A loopback server that answers the Binance spot REST endpoints ccxt uses for public data, in Binance's format:
 * GET /api/v3/exchangeInfo, /api/v3/klines, /api/v3/ticker/24hr. Tests set the candles and inject faults.
 */
export type Kline = [number, string, string, string, string, string];

export interface BinanceState {
  klines: Map<string, Kline[]>;
  lastPrice: Map<string, string>;
  /**
   * Queue of faults served before normal answers: an HTTP status, 'hang', 'html' (an error page answered with 200),
   * 'huge' (64 MB of candles announced by their Content-Length), 'endless' (candles streamed without a length, up to
   * 128 MB) or 'internal' (Binance's own 503: code -1001, "Internal error; unable to process your request").
   */
  faults: Array<number | 'hang' | 'html' | 'ratelimit' | 'huge' | 'endless' | 'internal'>;
  /** While true, every request is answered as Binance does in its maintenance: HTTP 503, "System is under maintenance.". */
  maintenance?: boolean;
  /** Symbols (Binance ids) whose trading is halted: listed with status BREAK, their ticker and candles still answered. */
  halted?: Set<string>;
  /** While true, only the market list (exchangeInfo) fails (HTTP 503); candles and tickers are answered. */
  exchangeInfoDown?: boolean;
  /** The exchange's clock, sent as each answer's Date header (none when absent, as the loopback servers send none). */
  clock?: () => number;
  /** Bytes the last 'huge' or 'endless' answer wrote before the client went away or it ended, and whether the client left first. */
  streamed?: { bytes: number; clientLeft: boolean };
}

const CANDLE = '[1767571200000,"1.0","1.0","1.0","1.0","1.0",1767571259999,"0",10,"0","0","0"],';

/**
 * A JSON array of `total` bytes of candles, written as fast as the client reads them until it goes away; its
 * Content-Length is announced when `declared`.
 */
function stream(res: ServerResponse, state: BinanceState, total: number, declared: boolean): void {
  const chunk = Buffer.from(CANDLE.repeat(Math.floor(65_536 / CANDLE.length)));
  const rows = Math.floor((total - 5) / chunk.length);
  const streamed: NonNullable<BinanceState['streamed']> = { bytes: 0, clientLeft: false };
  state.streamed = streamed;
  res.on('close', () => {
    streamed.clientLeft = !res.writableFinished;
  });
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', ...(declared ? { 'content-length': String(rows * chunk.length + 5) } : {}) });
  res.write('[');
  let written = 0;
  const pump = () => {
    while (!res.destroyed && written < rows) {
      written++;
      streamed.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('[0]]');
  };
  pump();
}

const filters = [
  { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
  { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
  { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
];

function symbolInfo(id: string, base: string, quote: string, halted?: Set<string>) {
  return {
    symbol: id, status: halted?.has(id) ? 'BREAK' : 'TRADING', baseAsset: base, baseAssetPrecision: 8, quoteAsset: quote, quotePrecision: 8,
    quoteAssetPrecision: 8, baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true, ocoAllowed: true, otoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true,
    cancelReplaceAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: true, filters,
    permissions: [], permissionSets: [['SPOT', 'MARGIN']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

export async function startBinance(state: BinanceState): Promise<LoopbackServer> {
  return startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (state.clock) res.setHeader('date', new Date(state.clock()).toUTCString());
    if (state.maintenance) return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 1, msg: 'System is under maintenance.' }));
    const fault = state.faults.shift();
    if (fault === 'hang') return;
    if (fault === 'ratelimit') return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '120' }).end(JSON.stringify({ code: -1003, msg: 'Too much request weight used.' }));
    if (fault === 'internal') return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }));
    if (fault === 'huge') return stream(res, state, 64 * 1024 * 1024, true);
    if (fault === 'endless') return stream(res, state, 128 * 1024 * 1024, false);
    if (fault === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
    if (typeof fault === 'number') {
      res.writeHead(fault, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1003, msg: 'Too much request weight used.' }));
      return;
    }
    const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
    const id = url.searchParams.get('symbol') ?? '';
    if (url.pathname === '/api/v3/exchangeInfo') {
      if (state.exchangeInfoDown) return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }));
      json({
        timezone: 'UTC', serverTime: 1767571200000,
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        ],
        exchangeFilters: [],
        symbols: [symbolInfo('BTCUSDT', 'BTC', 'USDT', state.halted), symbolInfo('ETHUSDT', 'ETH', 'USDT', state.halted), symbolInfo('ETHBTC', 'ETH', 'BTC', state.halted)],
      });
    } else if (url.pathname === '/api/v3/klines') {
      const all = state.klines.get(id);
      if (!all) return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1121, msg: 'Invalid symbol.' }));
      const limit = Number(url.searchParams.get('limit') ?? 500);
      json(all.slice(-limit).map((k) => [k[0], k[1], k[2], k[3], k[4], k[5], k[0] + 59_999, '0', 10, '0', '0', '0']));
    } else if (url.pathname === '/api/v3/ticker/24hr') {
      const last = state.lastPrice.get(id);
      if (!last) return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1121, msg: 'Invalid symbol.' }));
      json({
        symbol: id, priceChange: '10.00', priceChangePercent: '0.010', weightedAvgPrice: last, prevClosePrice: last,
        lastPrice: last, lastQty: '0.01', bidPrice: last, bidQty: '1.0', askPrice: last, askQty: '1.0', openPrice: last,
        highPrice: last, lowPrice: last, volume: '1000.0', quoteVolume: '1000000.0', openTime: 1767484800000,
        closeTime: 1767571199999, firstId: 1, lastId: 1000, count: 1000,
      });
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1, msg: `no route ${url.pathname}` }));
    }
  });
}
