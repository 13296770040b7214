import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock, VirtualClock } from '../../src/core/clock.js';
import { TransientError, OperationalError } from '../../src/core/errors.js';
import { rebaseUrls } from '../../src/core/url-rebase.js';
import { CcxtMarket, timeframeMs } from '../../src/market/ccxt-market.js';
import { ResilientMarketData } from '../../src/market/resilient-market.js';
import { EXCHANGE_MAX_BYTES } from '../../src/market/exchange-fetch.js';
import { configDefault, loadConfig } from '../../src/config/config.js';
import { buildMarket } from '../../src/kernel/kernel-sources.js';
import { configWarnings } from '../../src/kernel/config-warnings.js';
import { createLogger } from '../../src/core/logger.js';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';

const MIN = 60_000;
// Real 1-minute candles (XRP/ETH, scaled to look like BTC/USDT) served as Binance klines.
const source = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/data/ohlcv/freqtrade__XRP_ETH-1m.json'), 'utf8')) as number[][];
const klines: Kline[] = source.slice(0, 300).map((r) => [r[0]!, ...r.slice(1, 5).map((v) => (v! * 5e7).toFixed(2)), r[5]!.toFixed(4)] as Kline);
const lastOpen = klines.at(-1)![0];

const state: BinanceState = { klines: new Map([['BTCUSDT', klines]]), lastPrice: new Map([['BTCUSDT', '70712.50']]), faults: [] };
let server: LoopbackServer;
let market: CcxtMarket;
// The clock stands 30 s into the last candle: that candle is still forming.
const clock = new VirtualClock(lastOpen + 30_000);

beforeAll(async () => {
  server = await startBinance(state);
  market = await CcxtMarket.create({
    exchange: 'binance', symbols: ['BTC/USDT'], clock, timeframe: '1m', apiBaseUrl: server.url, timeoutMs: 2000,
    exchangeOptions: { fetchMarkets: { types: ['spot'] } },
  });
});
afterAll(() => server.close());

describe('CcxtMarket against a loopback Binance', () => {
  it('loads markets and returns validated closed bars, oldest first', async () => {
    const bars = await market.bars('BTC/USDT', 50);
    expect(bars).toHaveLength(50);
    expect(bars.at(-1)!.time).toBe(lastOpen - MIN); // the forming candle is left out
    expect(bars[0]!.time).toBe(lastOpen - 50 * MIN);
    expect(bars[0]!.close).toBeCloseTo(Number(klines.at(-51)![4]), 6);
    const paths = server.requests.map((r) => r.path.split('?')[0]);
    expect(paths).toContain('/api/v3/exchangeInfo');
    expect(paths).toContain('/api/v3/klines');
    expect(server.requests.find((r) => r.path.startsWith('/api/v3/klines'))!.path).toMatch(/symbol=BTCUSDT.*interval=1m|interval=1m.*symbol=BTCUSDT/);
  });

  it('says how many closed bars one read returns: the exchange’s candles per request (ccxt asks no more), less the forming one', async () => {
    expect(market.maxBars()).toBe(999);
    await market.bars('BTC/USDT', 1500);
    expect(server.requests.filter((r) => r.path.startsWith('/api/v3/klines')).at(-1)!.path).toMatch(/[?&]limit=1000(&|$)/);
    // The daemon measures its settings against it: paper checks 1000 minutes apart read back fewer bars than they span.
    const config = loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_API_BASE_URL: server.url, CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]', CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(1000 * MIN) } });
    const built = await buildMarket(config, clock, createLogger({ level: 'silent', clock }));
    expect(built!.maxBars).toEqual({ bars: 999, why: 'ccxt:binance answers at most 1000 candles a request, the last still forming' });
    expect(configWarnings(config, { run: 'daemon', shortestBarMs: MIN, maxBars: built!.maxBars! }).map((w) => w.message)).toEqual([
      expect.stringMatching(/^positionCheckIntervalMs 60000000 \(1000m\) spans more bars of 1m than a check reads back \(ccxt:binance answers at most 1000 candles a request, the last still forming\): a paper order fills at the oldest of the 999 bars/),
    ]);
    // An exchange ccxt says nothing about: no limit is assumed.
    const bare = await CcxtMarket.create({ exchange: { id: 'bare', urls: {}, loadMarkets: async () => ({}), fetchOHLCV: async () => [], fetchTicker: async () => ({}) }, symbols: ['BTC/USDT'], clock });
    expect(bare.maxBars()).toBeUndefined();
  });

  it('reads the ticker price', async () => {
    expect(await market.price('BTC/USDT')).toBe(70712.5);
    expect(market.symbols()).toEqual(['BTC/USDT']);
  });

  it('rejects invalid candles before returning them', async () => {
    const broken = klines.map((k) => [...k] as Kline);
    broken[broken.length - 5]![2] = '1.00'; // high below low
    state.klines.set('BTCUSDT', broken);
    try {
      const bars = await market.bars('BTC/USDT', 20);
      expect(bars.some((b) => b.time === broken[broken.length - 5]![0])).toBe(false);
      expect(market.stats().barsRejected).toBeGreaterThanOrEqual(1);
    } finally {
      state.klines.set('BTCUSDT', klines);
    }
  });

  it('fails a request answered with an error page, saying so, instead of rejecting each of its characters as a bar', async () => {
    const rejected = market.stats().barsRejected;
    state.faults.push('html');
    const err = await market.bars('BTC/USDT', 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as Error).message).toMatch(/^ccxt:binance fetchOHLCV BTC\/USDT 1m: the exchange answered something other than candles \(\d+ rows, none with a time\): an error page/);
    expect(market.stats().barsRejected).toBe(rejected);
    expect(await market.bars('BTC/USDT', 20)).toHaveLength(20);
  });

  it('keeps a rate limit’s Retry-After on its error, for the retries and the breaker to wait for', async () => {
    state.faults.push('ratelimit');
    const err = await market.bars('BTC/USDT', 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as { retryAfterMs?: number }).retryAfterMs).toBe(120_000);
  });

  it('stops reading an answer announced larger than the limit, failing the request once with the limit and the setting', async () => {
    const small = await CcxtMarket.create({
      exchange: 'binance', symbols: ['BTC/USDT'], clock, apiBaseUrl: server.url, timeoutMs: 5000, maxBytes: 1024 * 1024,
      exchangeOptions: { fetchMarkets: { types: ['spot'] } },
    });
    await small.bars('BTC/USDT', 5); // markets loaded: the next request is the candles'
    state.faults.push('huge');
    const guarded = new ResilientMarketData(small, new LiveClock(), { timeoutMs: 6000, retry: { retries: 2, baseDelayMs: 5 } });
    const err = await guarded.bars('BTC/USDT', 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as Error).message).toMatch(
      /^ccxt:binance fetchOHLCV BTC\/USDT 1m: binance GET \/api\/v3\/klines: the answer is \d+ bytes, over the 1048576-byte limit; download stopped \(raise ccxtMaxBytes/,
    );
    expect(guarded.stats().retries).toBe(0); // a body that large is no passing fault
    // Content-Length said it: the 64 MB were not read (what the server wrote is at most what the socket buffers took).
    await until(() => state.streamed?.clientLeft === true);
    expect(state.streamed!.bytes).toBeLessThan(16 * 1024 * 1024);
    expect(await small.bars('BTC/USDT', 20)).toHaveLength(20);
  });

  it('stops reading an answer without a length as soon as it passes the limit', async () => {
    const small = await CcxtMarket.create({
      exchange: 'binance', symbols: ['BTC/USDT'], clock, apiBaseUrl: server.url, timeoutMs: 5000, maxBytes: 1024 * 1024,
      exchangeOptions: { fetchMarkets: { types: ['spot'] } },
    });
    await small.bars('BTC/USDT', 5);
    state.faults.push('endless');
    const err = await small.bars('BTC/USDT', 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as Error).message).toMatch(/binance GET \/api\/v3\/klines: the answer passed the 1048576-byte limit; download stopped \(raise ccxtMaxBytes/);
    await until(() => state.streamed?.clientLeft === true);
    expect(state.streamed!.bytes).toBeLessThan(16 * 1024 * 1024);
    expect(await small.bars('BTC/USDT', 20)).toHaveLength(20);
  });

  it('refuses candles whose times are in seconds, with one warning for as long as that lasts, and says each bad candle once', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as { level: string; msg: string }) } });
    const watched = await CcxtMarket.create({
      exchange: 'binance', symbols: ['BTC/USDT'], clock, apiBaseUrl: server.url, timeoutMs: 2000, logger,
      exchangeOptions: { fetchMarkets: { types: ['spot'] } },
    });
    const warnings = () => lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    try {
      state.klines.set('BTCUSDT', klines.map((k) => [k[0] / 1000, ...k.slice(1)] as Kline));
      for (let i = 0; i < 3; i++) expect(await watched.bars('BTC/USDT', 20)).toEqual([]);
      expect(warnings()).toEqual([expect.stringMatching(/^BTC\/USDT: 21 of 21 bars refused for their time, e\.g\. time \d+ reads as 1970-.*: epoch seconds given as milliseconds/)]);
      expect(watched.stats().barsRejected).toBe(21);
      // Back in milliseconds, with one candle whose high is below its low: said once over three scans.
      const broken = klines.map((k) => [...k] as Kline);
      broken[broken.length - 5]![2] = '1.00';
      state.klines.set('BTCUSDT', broken);
      for (let i = 0; i < 3; i++) expect(await watched.bars('BTC/USDT', 20)).toHaveLength(19);
      expect(warnings().slice(1)).toEqual([expect.stringMatching(/^BTC\/USDT: bar of .* rejected: high 1 is below low/)]);
      expect(lines.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['BTC/USDT: bar times are plausible again']);
      expect(watched.stats().barsRejected).toBe(22);
    } finally {
      state.klines.set('BTCUSDT', klines);
    }
  });

  it('turns HTTP 429/5xx into transient errors and bad symbols into operational ones', async () => {
    state.faults.push(429);
    await expect(market.bars('BTC/USDT', 5)).rejects.toBeInstanceOf(TransientError);
    state.faults.push(503);
    await expect(market.price('BTC/USDT')).rejects.toBeInstanceOf(TransientError);
    const err = await market.bars('DOGE/USDT', 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect(String((err as Error).message)).toMatch(/DOGE\/USDT/);
  });

  it('retries Binance’s own 503 (-1001, "Internal error"), which ccxt calls OperationFailed, not an ExchangeError', async () => {
    state.faults.push('internal');
    const error = await market.bars('BTC/USDT', 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toContain('Internal error; unable to process your request');
    const guarded = new ResilientMarketData(market, new LiveClock(), { retry: { retries: 2, baseDelayMs: 5 }, breaker: { failureThreshold: 5 } });
    state.faults.push('internal');
    expect(await guarded.bars('BTC/USDT', 5)).toHaveLength(5);
    expect(guarded.stats()).toMatchObject({ retries: 1, failures: 0 });
  });

  it('recovers through retries and opens the breaker on a dead exchange', async () => {
    const live = new LiveClock();
    const guarded = new ResilientMarketData(market, live, { timeoutMs: 3000, retry: { retries: 2, baseDelayMs: 5 }, breaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    state.faults.push(500, 502);
    expect(await guarded.bars('BTC/USDT', 10)).toHaveLength(10);
    expect(guarded.stats()).toMatchObject({ retries: 2, successes: 1 });
    state.faults.push(500, 500, 500, 500, 500, 500);
    await expect(guarded.price('BTC/USDT')).rejects.toThrow();
    await expect(guarded.price('BTC/USDT')).rejects.toThrow();
    expect(guarded.stats().state).toBe('open');
    const before = server.requests.length;
    await expect(guarded.price('BTC/USDT')).rejects.toThrow(/circuit open/);
    expect(server.requests.length).toBe(before);
    state.faults.length = 0;
  });

  it('lets a delisted symbol fail alone: its refusals say what they mean and do not open the breaker on the symbols still listed', async () => {
    // ETH/USDT is among the markets loaded at start, and the exchange now refuses it (Binance's -1121 "Invalid symbol.");
    // DOGE/USDT is not among them at all (ccxt refuses it before asking). A batch of delistings refused like this five
    // times in a row opened the one breaker of the exchange: BTC/USDT went unpriced, its stop unwatched, for a cooldown.
    const guarded = new ResilientMarketData(market, new VirtualClock(), { retry: { retries: 2, baseDelayMs: 5 }, breaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    const before = server.requests.length;
    for (const symbol of ['ETH/USDT', 'DOGE/USDT', 'ETH/USDT', 'DOGE/USDT']) {
      const error = await guarded.bars(symbol, 5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toContain(`the exchange does not list ${symbol} (delisted or renamed?), so conclave can neither price, stop nor sell it`);
    }
    // Each refusal was asked once, never retried.
    expect(server.requests.slice(before).filter((r) => r.path.includes('symbol=ETHUSDT'))).toHaveLength(2);
    expect(guarded.stats()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
    expect(await guarded.price('BTC/USDT')).toBe(70712.5);
  });

  it('loads the markets again once the exchange answers, when the first load failed (started during its maintenance)', async () => {
    // ccxt keeps a failed loadMarkets and answers it again to every later call unless asked to reload: a daemon started
    // during the exchange's maintenance could read no bar and no price for as long as it ran.
    const fresh = await CcxtMarket.create({
      exchange: 'binance', symbols: ['BTC/USDT'], clock, timeframe: '1m', apiBaseUrl: server.url, timeoutMs: 2000,
      exchangeOptions: { fetchMarkets: { types: ['spot'] } },
    });
    state.maintenance = true;
    try {
      await expect(fresh.price('BTC/USDT')).rejects.toThrow(/System is under maintenance/);
    } finally {
      state.maintenance = false;
    }
    expect(await fresh.price('BTC/USDT')).toBe(70712.5);
    expect(await fresh.bars('BTC/USDT', 5)).toHaveLength(5);
  });

  it('times out a hung exchange through its own deadline', async () => {
    const guarded = new ResilientMarketData(market, new LiveClock(), { timeoutMs: 200, retry: { retries: 0 } });
    state.faults.push('hang');
    const t0 = performance.now();
    await expect(guarded.price('BTC/USDT')).rejects.toThrow(/timed out after 200 ms/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

describe('helpers', () => {
  it('limits exchange answers to ccxtMaxBytes of the configuration by default', () => {
    expect(EXCHANGE_MAX_BYTES).toBe(configDefault('ccxtMaxBytes'));
  });

  it('rewrites API origins and parses timeframes', () => {
    expect(rebaseUrls({ public: 'https://api.binance.com/api/v3', nested: { x: 'https://fapi.binance.com/fapi/v1' }, n: 1 }, 'http://127.0.0.1:9/')).toEqual({
      public: 'http://127.0.0.1:9/api/v3', nested: { x: 'http://127.0.0.1:9/fapi/v1' }, n: 1,
    });
    expect(['1m', '15m', '1h', '1d'].map(timeframeMs)).toEqual([60_000, 900_000, 3_600_000, 86_400_000]);
    expect(() => timeframeMs('soon')).toThrow(/ccxtTimeframe/);
  });

  it('refuses unknown exchanges and empty universes', async () => {
    const clock = new VirtualClock();
    await expect(CcxtMarket.create({ exchange: 'nosuchexchange', symbols: ['BTC/USDT'], clock })).rejects.toThrow(/not an exchange ccxt knows/);
    await expect(CcxtMarket.create({ exchange: 'binance', symbols: [], clock })).rejects.toThrow(/ccxtSymbols is empty/);
  });
});
