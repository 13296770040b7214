/**
 * A fake Binance spot REST API on 127.0.0.1 (port 0), answering the formats ccxt parses: exchangeInfo, account,
 * order (POST, GET, DELETE), openOrders and myTrades. Each order POST can be scripted to fill, fill partly, be refused,
 * fail with a 5xx, drop the connection after placing the order, answer too late, answer with a 2 MB body, or answer that
 * it took the order (NEW, nothing filled yet) before it fills, as exchanges that acknowledge an order first do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIVE_CONFIRMATION } from '../../src/config/config.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';

export type OrderBehaviour = 'fill' | 'partial' | 'reject' | 'error500' | 'drop' | 'delay' | 'duplicate' | 'huge' | 'ack';

interface FakeOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  origQty: number;
  executedQty: number;
  price: number;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
  time: number;
  tradeId: number;
  /** A STOP_LOSS_LIMIT sale: resting until the price trades at or below stopPrice, then a limit order at limitPrice. */
  stop?: { stopPrice: number; limitPrice: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  apiKeyHeader: string | undefined;
}

const BASE_TIME = 1_767_600_000_000;

/** 0.1 %, as Binance charges without BNB: a buy pays in the coin bought, a sale in the quote currency received. */
const commission = (o: { side: 'BUY' | 'SELL'; executedQty: number; price: number }) =>
  o.side === 'BUY' ? { commission: (o.executedQty * 0.001).toFixed(8), commissionAsset: 'BTC' } : { commission: (o.executedQty * o.price * 0.001).toFixed(8), commissionAsset: 'USDT' };

export class FakeBinance {
  readonly requests: RecordedRequest[] = [];
  readonly orders = new Map<string, FakeOrder>();
  balances: Record<string, { free: number; locked: number }> = { USDT: { free: 10_000, locked: 0 }, BTC: { free: 0, locked: 0 } };
  price = 50_000;
  /** The smallest order value (NOTIONAL filter) the exchange lists and enforces; raise it to refuse small orders. */
  minNotional = 5;
  delayMs = 0;
  /** While true, every request is answered as Binance does in its maintenance: HTTP 503, "System is under maintenance.". */
  maintenance = false;
  /** While true, signed reads (open orders, the account) get Binance's own 503: -1001 "Internal error; unable to process your request". */
  internalError = false;
  /** When set, signed requests with another key are refused like Binance does. */
  requiredApiKey: string | undefined;
  /** While true, BTCUSDT's trading is halted (status BREAK) and orders are refused as Binance does: -1013 "Market is closed.". */
  marketClosed = false;
  /** When true, the trades of an order (its commissions) cannot be read: myTrades answers HTTP 500. */
  tradesFail = false;
  /**
   * The exchange's clock against this machine's, ms (negative: behind). Signed requests stamped more than 1 s ahead of
   * it, or older than their recvWindow, are refused as Binance does (-1021); GET /api/v3/time answers it.
   */
  clockOffsetMs = 0;
  /** When set, GET /api/v3/time answers this offset instead (a time read the requests after it do not agree with). */
  timeAnswerOffsetMs: number | undefined;
  /** What GET /sapi/v1/account/apiRestrictions says the key may do; undefined: that route answers 404. */
  keyRestrictions: Record<string, boolean> | undefined = { ipRestrict: false, enableReading: true, enableWithdrawals: false, enableSpotAndMarginTrading: true };
  /** While true, a limit order's timeInForce is ignored (an exchange without immediate-or-cancel): what is not filled rests. */
  ignoresTimeInForce = false;
  /** What the book offers at `price` to a limit order (none beyond): an immediate-or-cancel order for more fills that much. */
  bookQty: number | undefined;
  /** While true, every cancel fails with a server error (the order stays as it was). */
  cancelFails = false;
  /** Called with the order a cancel names, before it is judged: the exchange may fill it in the meantime. */
  beforeCancel: ((order: FakeOrder) => void) | undefined;
  /** When false, the market lists no STOP_LOSS_LIMIT among its order types and refuses one as Binance does (-1013). */
  stopOrders = true;
  /**
   * While true, fills move the balances (a buy adds its coins less the commission, a sale takes them) and a resting
   * stop-limit sale locks the coins it may sell (free to locked) until it fills or is cancelled. Off by default: the
   * tests before it set the balances they need.
   */
  trackBalances = false;
  /**
   * The coins listed against USDT (exchangeInfo), all at `price`, each order recorded on the symbol it names. Balances
   * (trackBalances) and the ticker are BTC's only.
   */
  coins: string[] = ['BTC'];
  /**
   * Binance's unfilled order rate limit (rateLimitType ORDERS, 50 per 10 s on spot): an order that rests unfilled counts
   * for 10 s, on `now`'s clock (a test's virtual one); an order POST beyond `limit` is refused with HTTP 429, -1015.
   */
  orderRate: { limit: number; now: () => number } | undefined;
  /** Order POSTs refused by orderRate. */
  rateLimited = 0;
  private unfilledAt: number[] = [];
  private script: OrderBehaviour[] = [];
  private nextOrderId = 1000;
  private server: Server | null = null;

  /** Behaviours for the next order POSTs, in order; afterwards orders fill. */
  queue(...behaviours: OrderBehaviour[]): void {
    this.script.push(...behaviours);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.json(res, 500, { code: -1000, msg: String(error) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  posts(clientOrderId: string): number {
    return this.requests.filter((r) => r.method === 'POST' && r.params['newClientOrderId'] === clientOrderId).length;
  }

  /** The stop-limit orders placed (resting, cancelled or filled), oldest first. */
  stopLimitOrders(): FakeOrder[] {
    return [...this.orders.values()].filter((o) => o.stop);
  }

  /** The sales other than stop orders (the daemon's own exits), oldest first. */
  sales(): FakeOrder[] {
    return [...this.orders.values()].filter((o) => o.side === 'SELL' && !o.stop);
  }

  /** Every request to place a stop-limit order, answered or refused. */
  stopPlacements(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.params['type'] === 'STOP_LOSS_LIMIT');
  }

  /** Places an order directly, as if by hand or before a crash. */
  place(clientOrderId: string, side: 'BUY' | 'SELL', qty: number, status: FakeOrder['status'] = 'FILLED', symbol = 'BTCUSDT'): FakeOrder {
    const order: FakeOrder = {
      symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      origQty: qty,
      executedQty: status === 'FILLED' ? qty : 0,
      price: this.price,
      status,
      time: BASE_TIME,
      tradeId: this.nextOrderId * 10,
    };
    this.orders.set(clientOrderId, order);
    return order;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body = '';
    for await (const chunk of req) body += chunk;
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    const header = req.headers['x-mbx-apikey'];
    this.requests.push({ method: req.method ?? '', path: url.pathname, params, apiKeyHeader: typeof header === 'string' ? header : undefined });
    const route = `${req.method} ${url.pathname}`;
    this.triggerStops();
    if (this.maintenance) return this.json(res, 503, { code: 1, msg: 'System is under maintenance.' });
    const exchangeNow = new Date().getTime() + this.clockOffsetMs;
    if (route === 'GET /api/v3/exchangeInfo') return this.json(res, 200, exchangeInfo(this.minNotional, this.marketClosed ? 'BREAK' : 'TRADING', this.stopOrders, this.coins));
    // BTCUSDT's ticker at the fake's price (a public read, as the market's price of a symbol).
    if (route === 'GET /api/v3/ticker/24hr') return this.json(res, 200, ticker24hr(this.price));
    if (route === 'GET /api/v3/time') return this.json(res, 200, { serverTime: exchangeNow - this.clockOffsetMs + (this.timeAnswerOffsetMs ?? this.clockOffsetMs) });
    if (!header || (this.requiredApiKey !== undefined && header !== this.requiredApiKey)) {
      return this.json(res, 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    }
    if (this.internalError && req.method === 'GET') return this.json(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    const stamped = Number(params['timestamp']);
    if (stamped - exchangeNow > 1000) return this.json(res, 400, { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    if (exchangeNow - stamped > Number(params['recvWindow'] ?? 5000)) return this.json(res, 400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    switch (route) {
      case 'GET /sapi/v1/account/apiRestrictions':
        if (!this.keyRestrictions) return this.json(res, 404, { code: -1, msg: 'no route' });
        return this.json(res, 200, Object.assign({ createTime: BASE_TIME }, this.keyRestrictions));
      case 'GET /api/v3/account':
        return this.json(res, 200, {
          makerCommission: 10,
          takerCommission: 10,
          canTrade: true,
          accountType: 'SPOT',
          updateTime: BASE_TIME,
          balances: Object.entries(this.balances).map(([asset, b]) => ({ asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) })),
          permissions: ['SPOT'],
        });
      case 'POST /api/v3/order':
        return this.postOrder(params, res);
      case 'GET /api/v3/order': {
        const order = this.find(params);
        return order ? this.json(res, 200, this.view(order)) : this.json(res, 400, { code: -2013, msg: 'Order does not exist.' });
      }
      case 'DELETE /api/v3/order': {
        if (this.cancelFails) return this.json(res, 500, { code: -1001, msg: 'Internal error; unable to process your request.' });
        const order = this.find(params);
        if (order) this.beforeCancel?.(order);
        if (!order || order.status === 'FILLED' || order.status === 'CANCELED' || order.status === 'EXPIRED') {
          return this.json(res, 400, { code: -2011, msg: 'Unknown order sent.' });
        }
        order.status = 'CANCELED';
        if (order.stop) this.unlock(order.origQty - order.executedQty);
        return this.json(res, 200, this.view(order));
      }
      case 'GET /api/v3/openOrders':
        return this.json(
          res,
          200,
          [...this.orders.values()].filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED').map((o) => this.view(o)),
        );
      case 'GET /api/v3/myTrades': {
        if (this.tradesFail) return this.json(res, 500, { code: -1001, msg: 'Internal error; unable to process your request.' });
        const trades = [...this.orders.values()]
          .filter((o) => String(o.orderId) === params['orderId'] && o.executedQty > 0)
          .map((o) => ({
            symbol: o.symbol,
            id: o.tradeId,
            orderId: o.orderId,
            orderListId: -1,
            price: o.price.toFixed(2),
            qty: o.executedQty.toFixed(8),
            quoteQty: (o.price * o.executedQty).toFixed(8),
            ...commission(o),
            time: o.time,
            isBuyer: o.side === 'BUY',
            isMaker: false,
            isBestMatch: true,
          }));
        return this.json(res, 200, trades);
      }
      default:
        return this.json(res, 404, { code: -1000, msg: `fake exchange has no ${route}` });
    }
  }

  private find(params: Record<string, string>): FakeOrder | undefined {
    if (params['origClientOrderId']) return this.orders.get(params['origClientOrderId']);
    return [...this.orders.values()].find((o) => String(o.orderId) === params['orderId']);
  }

  /**
   * Resting stop-limit sales whose stopPrice the price has reached: triggered, each is a limit sale at its limitPrice,
   * filled whole at the price when that is at or above its limit (else it rests, triggered, until the price comes back).
   * Run before each request, and by tests that move the price while no request comes; `share` < 1: the book takes
   * that share of it only, the rest resting (PARTIALLY_FILLED).
   */
  triggerStops(share = 1): void {
    for (const o of this.orders.values()) {
      if (!o.stop || o.status !== 'NEW' || this.price > o.stop.stopPrice || this.price < o.stop.limitPrice) continue;
      o.executedQty = share < 1 ? Number((o.origQty * share).toFixed(5)) : o.origQty;
      o.price = this.price;
      o.status = share < 1 ? 'PARTIALLY_FILLED' : 'FILLED';
      o.time = new Date().getTime();
      this.unlock(o.executedQty);
      this.settleBalances(o);
    }
  }

  /** A stop-limit sale's coins given back to the free balance (and taken for its fill by settleBalances). */
  private unlock(qty: number): void {
    if (!this.trackBalances) return;
    const btc = this.balances['BTC']!;
    btc.locked -= qty;
    btc.free += qty;
  }

  /** With trackBalances, what a fill moves: the coins and the quote, less the commission (commission()). */
  private settleBalances(o: FakeOrder): void {
    if (!this.trackBalances || o.executedQty <= 0) return;
    const btc = (this.balances['BTC'] ??= { free: 0, locked: 0 });
    const usdt = (this.balances['USDT'] ??= { free: 0, locked: 0 });
    const cost = o.executedQty * o.price;
    if (o.side === 'BUY') {
      btc.free += o.executedQty * 0.999;
      usdt.free -= cost;
    } else {
      btc.free -= o.executedQty;
      usdt.free += cost * 0.999;
    }
  }

  /** A STOP_LOSS_LIMIT sale, as Binance takes one: resting (NEW), its coins locked, until the price reaches its stopPrice. */
  private postStop(params: Record<string, string>, res: ServerResponse, clientOrderId: string, drop = false): void {
    if (!this.stopOrders) return this.json(res, 400, { code: -1013, msg: 'Stop loss orders are not supported for this symbol.' });
    const stopPrice = Number(params['stopPrice']);
    const limitPrice = Number(params['price']);
    if (!(stopPrice > 0) || !(limitPrice > 0) || !params['timeInForce']) return this.json(res, 400, { code: -1102, msg: 'Mandatory parameter was not sent, was empty/null, or malformed.' });
    if (params['side'] !== 'SELL' || this.price <= stopPrice) return this.json(res, 400, { code: -2010, msg: 'Stop price would trigger immediately.' });
    const qty = Number(params['quantity']);
    // A limit order's value is its quantity at its limit price: the NOTIONAL filter judges that.
    if (qty * limitPrice < this.minNotional) return this.json(res, 400, { code: -1013, msg: 'Filter failure: NOTIONAL' });
    const btc = this.balances['BTC']!;
    if (this.trackBalances && btc.free + 1e-12 < qty) return this.json(res, 400, { code: -2010, msg: 'Account has insufficient balance for requested action.' });
    const order = this.place(clientOrderId, 'SELL', qty, 'NEW', params['symbol']);
    this.unfilledAt.push(this.orderRate?.now() ?? 0);
    order.stop = { stopPrice, limitPrice };
    if (this.trackBalances) {
      btc.free -= qty;
      btc.locked += qty;
    }
    if (drop) return void res.socket?.destroy();
    this.json(res, 200, Object.assign(this.view(order), { transactTime: order.time, fills: [] }));
  }

  private postOrder(params: Record<string, string>, res: ServerResponse): void {
    if (this.orderRate) {
      const since = this.orderRate.now() - 10_000;
      this.unfilledAt = this.unfilledAt.filter((at) => at > since);
      if (this.unfilledAt.length >= this.orderRate.limit) {
        this.rateLimited++;
        return this.json(res, 429, { code: -1015, msg: `Too many new orders; current limit is ${this.orderRate.limit} orders per 10 SECOND.` });
      }
    }
    const behaviour = this.script.shift() ?? 'fill';
    // A stop-limit sale takes 'reject' from the script (refused for the balance); it otherwise rests.
    if (behaviour === 'reject' && params['type'] === 'STOP_LOSS_LIMIT') return this.json(res, 400, { code: -2010, msg: 'Account has insufficient balance for requested action.' });
    // 'error500' for a stop: refused unplaced, with an answer that says nothing of the order (its outcome unknown).
    if (behaviour === 'error500' && params['type'] === 'STOP_LOSS_LIMIT') return this.json(res, 503, { code: -1001, msg: 'Internal error; unable to process your request.' });
    // 'drop': the stop is placed, but the answer never arrives.
    if (params['type'] === 'STOP_LOSS_LIMIT') return this.postStop(params, res, params['newClientOrderId'] ?? `auto-${this.nextOrderId}`, behaviour === 'drop');
    const clientOrderId = params['newClientOrderId'] ?? `auto-${this.nextOrderId}`;
    if (this.marketClosed) return this.json(res, 400, { code: -1013, msg: 'Market is closed.' });
    if (behaviour === 'reject') return this.json(res, 400, { code: -2010, msg: 'Account has insufficient balance for requested action.' });
    if (behaviour === 'error500') return this.json(res, 503, { code: -1001, msg: 'Internal error; unable to process your request.' });
    if (behaviour === 'duplicate' || this.orders.has(clientOrderId)) {
      return this.json(res, 400, { code: -2010, msg: 'Duplicate order sent.' });
    }
    const qty = Number(params['quantity']);
    if (qty * this.price < this.minNotional) return this.json(res, 400, { code: -1013, msg: 'Filter failure: NOTIONAL' });
    const order = this.place(clientOrderId, params['side'] === 'SELL' ? 'SELL' : 'BUY', qty, 'FILLED', params['symbol']);
    if (behaviour === 'partial') {
      order.executedQty = qty / 2;
      order.status = 'PARTIALLY_FILLED';
    }
    // A limit order takes the book at `price` when that is within its limit, up to bookQty; immediate-or-cancel, the rest expires.
    if (params['type'] === 'LIMIT') {
      const limit = Number(params['price']);
      const within = order.side === 'BUY' ? this.price <= limit : this.price >= limit;
      order.executedQty = within ? Math.min(qty, this.bookQty ?? qty) : 0;
      if (order.executedQty < qty) order.status = params['timeInForce'] === 'IOC' && !this.ignoresTimeInForce ? 'EXPIRED' : order.executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW';
    }
    this.settleBalances(order);
    if (order.status === 'NEW') this.unfilledAt.push(this.orderRate?.now() ?? 0);
    if (behaviour === 'drop') {
      // The order is placed, but the answer never arrives.
      res.socket?.destroy();
      return;
    }
    // Taken, not yet filled: what the answer says (the book has it filled already, as a market order soon is).
    if (behaviour === 'ack') return this.json(res, 200, Object.assign(this.view(order), { status: 'NEW', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', transactTime: order.time, fills: [] }));
    const answer = {
      ...this.view(order),
      transactTime: order.time,
      fills: order.executedQty > 0 ? [{ price: order.price.toFixed(2), qty: order.executedQty.toFixed(8), ...commission(order), tradeId: order.tradeId }] : [],
    };
    // The order is placed; its answer carries 2 MB of padding (an unknown field ccxt would keep).
    if (behaviour === 'huge') return this.json(res, 200, Object.assign(answer, { padding: 'x'.repeat(2 * 1024 * 1024) }));
    if (behaviour === 'delay') {
      const timer = setTimeout(() => this.json(res, 200, answer), this.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    this.json(res, 200, answer);
  }

  private view(o: FakeOrder) {
    return {
      symbol: o.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      price: o.stop ? o.stop.limitPrice.toFixed(8) : '0.00000000',
      origQty: o.origQty.toFixed(8),
      executedQty: o.executedQty.toFixed(8),
      cummulativeQuoteQty: (o.executedQty * o.price).toFixed(8),
      status: o.status,
      timeInForce: 'GTC',
      type: o.stop ? 'STOP_LOSS_LIMIT' : 'MARKET',
      side: o.side,
      stopPrice: o.stop ? o.stop.stopPrice.toFixed(8) : '0.00000000',
      icebergQty: '0.00000000',
      time: o.time,
      updateTime: o.time,
      isWorking: true,
      workingTime: o.time,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

function exchangeInfo(minNotional: number, status: 'TRADING' | 'BREAK', stopOrders: boolean, coins: readonly string[]) {
  return {
    timezone: 'UTC',
    serverTime: BASE_TIME,
    rateLimits: [],
    exchangeFilters: [],
    symbols: coins.map((coin) => (
      {
        symbol: `${coin}USDT`,
        status,
        baseAsset: coin,
        baseAssetPrecision: 8,
        quoteAsset: 'USDT',
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', ...(stopOrders ? ['STOP_LOSS_LIMIT'] : []), 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
          { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
          { filterType: 'NOTIONAL', minNotional: minNotional.toFixed(8), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      }
    )),
  };
}

/** Binance's 24-hour ticker of BTCUSDT at `price`, as GET /api/v3/ticker/24hr answers it (the fields ccxt reads). */
function ticker24hr(price: number): Record<string, unknown> {
  const last = price.toFixed(2);
  return {
    symbol: 'BTCUSDT', priceChange: '0.00', priceChangePercent: '0.000', weightedAvgPrice: last, prevClosePrice: last, lastPrice: last, lastQty: '0.01',
    bidPrice: last, bidQty: '1.0', askPrice: last, askQty: '1.0', openPrice: last, highPrice: last, lowPrice: last, volume: '1000.0',
    quoteVolume: '1000000.0', openTime: BASE_TIME - 86_400_000, closeTime: BASE_TIME, firstId: 1, lastId: 1000, count: 1000,
  };
}

/** A live daemon's environment against the fake on `base`: one symbol (BTC/USDT), scans an hour apart, `extra` on top. */
export function liveEnvOf(base: string, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return Object.assign({
    CONCLAVE_DATA_DIR: dataDir,
    CONCLAVE_MODE: 'live',
    CONCLAVE_LIVE_CONFIRM: LIVE_CONFIRMATION,
    CONCLAVE_EXCHANGE_API_KEY: 'test-key',
    CONCLAVE_EXCHANGE_SECRET: 'test-secret',
    CONCLAVE_CCXT_API_BASE_URL: base,
    CONCLAVE_MARKET_SOURCE: 'ccxt',
    CONCLAVE_UNIVERSE: JSON.stringify([{ symbol: 'BTC/USDT', name: 'Bitcoin', aliases: ['BTC'] }]),
    CONCLAVE_STARTING_CASH: '10000',
    CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000',
    CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000',
  }, extra);
}

/** The fake's price, read by a live daemon as its market (no bars: the stops judge the price alone). */
export class ExchangePrice implements MarketData {
  readonly name = 'exchange-price';
  constructor(private readonly fake: FakeBinance) {}
  symbols(): readonly string[] {
    return this.fake.coins.map((coin) => `${coin}/USDT`);
  }
  async bars(): Promise<Bar[]> {
    return [];
  }
  async price(): Promise<number> {
    return this.fake.price;
  }
  /** The exchange's status, as CcxtMarket reads it from the market list. */
  async halted(): Promise<boolean> {
    return this.fake.marketClosed;
  }
}
