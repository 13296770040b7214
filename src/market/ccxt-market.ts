import { ccxtClasses, ccxtRetryable } from './ccxt-error-classes.js';
import { ExchangeMarkets } from './exchange-markets.js';
import type { Clock } from '../core/clock.js';
import { rebaseUrls } from '../core/url-rebase.js';
import { withoutUrlSecrets } from '../core/url-secrets.js';
import { exchangeName, useTestnet } from './exchange-testnet.js';
import { AbortError } from '../core/clock.js';
import { ConfigError, OperationalError, RefusedRequestError, TransientError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { parseRetryAfter } from '../core/transient.js';
import type { Bar, MarketData } from './market-port.js';
import type { RawBar } from './bar-validator.js';
import { LiveBars } from './live-bars.js';
import { limitExchangeAnswers } from './exchange-fetch.js';
import { ExchangeClockSkew } from './exchange-clock.js';
import { exchangeQuoteProblem } from './exchange-quotes.js';

/**
 * OHLCV and tickers from any exchange ccxt supports, public endpoints only (no keys are ever set), with ccxt's own
 * rate limiter on, and each answer read with a byte limit (exchange-fetch.ts). Bars go through LiveBars: times that
 * cannot be true are refused, the candle still forming is dropped, every closed bar is validated against the bars
 * before it, and each bad bar is said and counted once. ccxt's network errors and its plain OperationFailed (the
 * exchange's own failure, "try again") become TransientErrors (retry), everything else OperationalErrors. `apiBaseUrl` points every API URL of the exchange at another origin
 * (a loopback test server, a proxy).
 */

/** The part of a ccxt exchange this adapter uses (lets tests inject an instance). */
export interface CcxtExchangeLike {
  id: string;
  urls: Record<string, unknown>;
  timeout?: number;
  /** The last answer's headers (ccxt keeps them): a rate limit's Retry-After. */
  last_response_headers?: Record<string, unknown>;
  loadMarkets(reload?: boolean): Promise<unknown>;
  /** A loaded market by unified symbol or the exchange's id (ccxt's); throws for one not listed. */
  market?(symbol: string): { quote?: unknown; active?: unknown };
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<Array<Array<number | string | undefined>>>;
  fetchTicker(symbol: string): Promise<{ last?: number; close?: number; bid?: number; ask?: number }>;
  setSandboxMode?(enabled: boolean): void;
  /** What ccxt says the exchange's API does: the most candles one fetchOHLCV answers (Binance 1000, Kraken 720, Coinbase 300). */
  features?: { spot?: { fetchOHLCV?: { limit?: number } } };
}

export interface CcxtMarketOptions {
  /** A ccxt exchange id ("binance", "kraken", ...) or an instance. */
  exchange: string | CcxtExchangeLike;
  /** The tradable universe, in ccxt's unified form ("BTC/USDT"). */
  symbols: readonly string[];
  clock: Clock;
  /** Default "1m". */
  timeframe?: string;
  /** ccxt's own request timeout, ms. Default 10000. */
  timeoutMs?: number;
  /** Replaces the scheme and host of every API URL (keeps the paths). */
  apiBaseUrl?: string;
  /** Largest answer body accepted, bytes (ccxtMaxBytes); default EXCHANGE_MAX_BYTES. Ignored for an injected instance. */
  maxBytes?: number;
  /** Passed to the ccxt constructor as `options` (e.g. { defaultType: 'spot' }). */
  exchangeOptions?: Record<string, unknown>;
  /** Prices from the exchange's testnet (exchangeTestnet): those the testnet's orders fill at (exchange-testnet.ts). */
  testnet?: boolean;
  logger?: Logger;
  name?: string;
}

export interface CcxtStats {
  requests: number;
  /** Bad bars, each counted once while it stays in the fetched window (it is fetched again at every scan). */
  barsRejected: number;
  barsQuarantined: number;
}

/**
 * How old the exchange's market list may be when a status is asked (halted): read again after that. The list is read
 * once at start otherwise, and a halt that began later was never seen: paper filled stops at the frozen ticker price.
 */
const STATUS_MAX_AGE_MS = 60_000;

export function timeframeMs(timeframe: string): number {
  const m = /^(\d+)([smhdwMy])$/.exec(timeframe);
  if (!m) throw new ConfigError(`ccxtTimeframe "${timeframe}" is not a timeframe like 1m, 5m, 1h, 1d`, 'ccxtTimeframe');
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 }[m[2] as 's'];
  return Number(m[1]) * unit;
}

function translate(error: unknown, what: string, symbol: string, headers?: Record<string, unknown>, now = 0, apiBaseUrl?: string): Error {
  if (error instanceof AbortError || error instanceof ConfigError) return error;
  // ccxt's message quotes the request's URL: a token in ccxtApiBaseUrl's path or query (a proxy's) stays out of the
  // logs and the health line, in the cause logged beside it too.
  if (apiBaseUrl && error instanceof Error) error.message = withoutUrlSecrets(error.message, apiBaseUrl);
  const message = `${what}: ${errorMessage(error)}`;
  const classes = ccxtClasses(error);
  if (ccxtRetryable(classes)) {
    // A rate limit's Retry-After is kept, so the retries and the breaker wait as long as the exchange asked: asked
    // again sooner, an exchange such as Binance bans the IP.
    const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
    const hinted = classes.includes('DDoSProtection') || classes.includes('RateLimitExceeded') ? parseRetryAfter(typeof header === 'string' ? header : undefined, now) : undefined;
    return Object.assign(new TransientError(message, { cause: error }), hinted !== undefined ? { retryAfterMs: hinted } : {});
  }
  // A symbol the exchange no longer lists (delisted, renamed) is refused for good, and only that symbol is: not retried,
  // not counted against the exchange's breaker, and said with what it means for a position held in it.
  if (classes.includes('BadSymbol')) {
    return new RefusedRequestError(
      `${message}: the exchange does not list ${symbol} (delisted or renamed?), so conclave can neither price, stop nor sell it, and a position held in it stays in the store at its last mark; sell it on the exchange by hand if the exchange still allows`,
      { cause: error },
    );
  }
  return new OperationalError(message, { cause: error });
}

/** Settles with `work`, or rejects at once when the signal aborts (ccxt cannot be cancelled mid-request). */
function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new AbortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The exchange class of `id` (loading ccxt lazily); a ConfigError naming ccxtExchange when ccxt knows no such exchange. */
export async function assertKnownExchange(id: string): Promise<new (config: object) => CcxtExchangeLike> {
  const ccxt = (await import('ccxt')).default as unknown as Record<string, unknown> & { exchanges: string[] };
  if (!ccxt.exchanges.includes(id)) throw new ConfigError(`ccxtExchange "${id}" is not an exchange ccxt knows (e.g. binance, kraken, coinbase)`, 'ccxtExchange');
  return ccxt[id] as new (config: object) => CcxtExchangeLike;
}

export class CcxtMarket implements MarketData {
  readonly name: string;
  private readonly timeframe: string;
  private readonly barLengthMs: number;
  private readonly markets: ExchangeMarkets;
  private counters: CcxtStats = { requests: 0, barsRejected: 0, barsQuarantined: 0 };
  private readonly live: LiveBars;
  /** When the market list was last asked to be read for a status (halted); -Infinity before. */
  private statusAskedAt = -Infinity;
  /** The universe's mix of quote currencies, once the markets have loaded (null: one currency). */
  private quoteProblem: ConfigError | null | undefined;
  /** This machine's clock against the exchange's, from its answers (exchange-clock.ts). */
  readonly skew: ExchangeClockSkew;

  constructor(
    private readonly exchange: CcxtExchangeLike,
    private readonly options: Omit<CcxtMarketOptions, 'exchange'>,
  ) {
    this.timeframe = options.timeframe ?? '1m';
    this.barLengthMs = timeframeMs(this.timeframe);
    this.name = options.name ?? exchangeName(exchange.id, options.testnet);
    this.live = new LiveBars(this.name, this.barLengthMs, options.logger);
    this.skew = new ExchangeClockSkew(exchange.id, options.logger);
    this.markets = new ExchangeMarkets(exchange);
    if (options.testnet) useTestnet(exchange);
    if (options.apiBaseUrl) exchange.urls.api = rebaseUrls(exchange.urls.api, options.apiBaseUrl);
    if (options.symbols.length === 0) throw new ConfigError('ccxtSymbols is empty: name at least one symbol like BTC/USDT', 'ccxtSymbols');
  }

  /** Builds the exchange from its id (loading ccxt lazily) or wraps an injected instance. */
  static async create(options: CcxtMarketOptions): Promise<CcxtMarket> {
    if (typeof options.exchange !== 'string') return new CcxtMarket(options.exchange, options);
    const Exchange = await assertKnownExchange(options.exchange);
    const exchange = new Exchange({ enableRateLimit: true, timeout: options.timeoutMs ?? 10_000, options: { ...options.exchangeOptions } });
    const market = new CcxtMarket(exchange, options);
    const skew = market.skew;
    limitExchangeAnswers(exchange, options.maxBytes, { now: () => options.clock.now(), answer: (sent, received, headers) => skew.observe(sent, received, headers.get('date'), headers.get('age')) });
    return market;
  }

  symbols(): readonly string[] {
    return this.options.symbols;
  }

  private async ready(): Promise<void> {
    await this.markets.load();
    // A universe the exchange prices in two currencies is refused at every read: nothing is ever sized on it.
    if (this.quoteProblem === undefined) this.quoteProblem = exchangeQuoteProblem(this.exchange, this.options.symbols);
    if (this.quoteProblem) throw this.quoteProblem;
  }

  /** Loads the markets and checks the universe's quote currencies (exchangeQuoteProblem): the daemon's start calls it. */
  checkQuotes(): Promise<void> {
    return this.ready();
  }

  async bars(symbol: string, limit: number, signal?: AbortSignal): Promise<Bar[]> {
    const what = `${this.name} fetchOHLCV ${symbol} ${this.timeframe}`;
    let rows: Array<Array<number | string | undefined>>;
    try {
      this.counters.requests++;
      rows = await abortable(this.ready().then(() => this.exchange.fetchOHLCV(symbol, this.timeframe, undefined, limit + 1)), signal);
    } catch (error) {
      throw translate(error, what, symbol, this.exchange.last_response_headers, this.options.clock.now(), this.options.apiBaseUrl);
    }
    // An HTML error page or a truncated body answered with 200 reaches here as rows without a time (ccxt reads the text
    // character by character): one error for the request, which the breaker counts, not 20 rejected bars.
    if (!Array.isArray(rows) || (rows.length > 0 && !rows.some((r) => Array.isArray(r) && Number.isFinite(Number(r[0]))))) {
      throw new OperationalError(`${what}: the exchange answered something other than candles (${Array.isArray(rows) ? `${rows.length} rows, none with a time` : typeof rows}): an error page, a truncated body or maintenance; check the exchange's status and ccxtApiBaseUrl`);
    }
    const raw: RawBar[] = rows.map((r, i) => ({
      row: i + 1, time: Number(r[0]), open: Number(r[1]), high: Number(r[2]), low: Number(r[3]), close: Number(r[4]), volume: Number(r[5] ?? 0),
    }));
    // A candle is closed once the exchange's clock has passed its end, not this machine's (which may be ahead).
    const result = this.live.judge(symbol, raw, this.options.clock.now() - this.skew.aheadAtMost());
    this.counters.barsRejected += result.newlyRejected;
    this.counters.barsQuarantined += result.newlyQuarantined;
    return result.bars.slice(Math.max(0, result.bars.length - limit));
  }

  barMs(): number {
    return this.barLengthMs;
  }

  /**
   * The most closed bars one read returns: the exchange's candles per request (ccxt clamps a larger limit to it), less
   * the candle still forming; undefined when ccxt does not say.
   */
  maxBars(): number | undefined {
    const limit = this.exchange.features?.spot?.fetchOHLCV?.limit;
    return typeof limit === 'number' && Number.isInteger(limit) && limit > 1 ? limit - 1 : undefined;
  }

  async price(symbol: string, signal?: AbortSignal): Promise<number> {
    const what = `${this.name} fetchTicker ${symbol}`;
    let ticker: Awaited<ReturnType<CcxtExchangeLike['fetchTicker']>>;
    try {
      this.counters.requests++;
      ticker = await abortable(this.ready().then(() => this.exchange.fetchTicker(symbol)), signal);
    } catch (error) {
      throw translate(error, what, symbol, this.exchange.last_response_headers, this.options.clock.now(), this.options.apiBaseUrl);
    }
    const mid = ticker.bid && ticker.ask ? (ticker.bid + ticker.ask) / 2 : undefined;
    const price = [ticker.last, ticker.close, mid].find((p) => typeof p === 'number' && Number.isFinite(p) && p > 0);
    if (price === undefined) throw new OperationalError(`${what}: ticker has no usable price (last ${ticker.last}, close ${ticker.close}, bid ${ticker.bid}, ask ${ticker.ask})`);
    return price;
  }

  /**
   * Whether the exchange lists `symbol` as not trading (ccxt's active false: Binance's status BREAK, a delisting under
   * way), from its market list read at most a minute ago (one request for every symbol; asked only when an order would
   * go, so at most once a minute). An exchange whose markets do not say: trading.
   */
  async halted(symbol: string, signal?: AbortSignal): Promise<boolean> {
    const now = this.options.clock.now();
    if (now - this.statusAskedAt >= STATUS_MAX_AGE_MS || now < this.statusAskedAt) {
      this.statusAskedAt = now;
      this.markets.stale();
      this.counters.requests++;
    }
    try {
      await abortable(this.ready(), signal);
      return this.exchange.market?.(symbol).active === false;
    } catch (error) {
      throw translate(error, `${this.name} markets ${symbol}`, symbol, this.exchange.last_response_headers, now, this.options.apiBaseUrl);
    }
  }

  stats(): CcxtStats {
    return { ...this.counters };
  }
}
