import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError, EXIT_CONFIG, exitCodeFor } from '../../src/core/errors.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { virtualKernel } from '../helpers/kernel-harness.js';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';

const MIN = 60_000;
const NOW = 1_767_571_200_000;
const candles = (close: string): Kline[] => Array.from({ length: 100 }, (_, i): Kline => [NOW - (100 - i) * MIN, close, close, close, close, '1.0']);
// Binance's own ids, which ccxt trades as they are: their text names no quote currency, the exchange's markets do.
const state: BinanceState = {
  klines: new Map([['BTCUSDT', candles('50000.00')], ['ETHUSDT', candles('2500.00')], ['ETHBTC', candles('0.05')]]),
  lastPrice: new Map([['BTCUSDT', '50000.00'], ['ETHUSDT', '2500.00'], ['ETHBTC', '0.05']]),
  faults: [],
};
let server: LoopbackServer;
beforeAll(async () => {
  server = await startBinance(state);
});
afterAll(() => server.close());

const universe = (...symbols: string[]) => JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol })));
const env = (...symbols: string[]) => ({
  CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_API_BASE_URL: server.url, CONCLAVE_UNIVERSE: universe(...symbols),
  CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000',
});
const clock = new VirtualClock(NOW);
const market = (symbols: string[]) =>
  CcxtMarket.create({ exchange: 'binance', symbols, clock, timeframe: '1m', apiBaseUrl: server.url, timeoutMs: 2000, exchangeOptions: { fetchMarkets: { types: ['spot'] } } });

describe('a universe the exchange prices in two quote currencies', () => {
  it('stops the daemon’s start with exit 78, naming each symbol’s currency as the exchange lists it', async () => {
    const { kernel } = await virtualKernel(env('BTCUSDT', 'ETHBTC'));
    const error = await kernel.start().then(() => null, (e: unknown) => e);
    await kernel.stop();
    expect(error).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(error)).toBe(EXIT_CONFIG);
    expect((error as ConfigError).key).toBe('universe');
    expect((error as ConfigError).message).toContain('universe mixes quote currencies on binance: USDT (BTCUSDT), BTC (ETHBTC)');
    expect((error as ConfigError).message).toContain('Trade one quote currency per daemon and data dir');
  }, 30_000);

  it('reads no bar and no price of it: a read is refused before any request for candles', async () => {
    const before = server.requests.filter((r) => r.path.startsWith('/api/v3/klines')).length;
    const m = await market(['BTCUSDT', 'ETHBTC']);
    await expect(m.bars('ETHBTC', 10)).rejects.toThrow(/mixes quote currencies on binance: USDT \(BTCUSDT\), BTC \(ETHBTC\)/);
    await expect(m.price('BTCUSDT')).rejects.toBeInstanceOf(ConfigError);
    expect(server.requests.filter((r) => r.path.startsWith('/api/v3/klines')).length).toBe(before);
  });

  it('when the exchange cannot be read at start: the start goes on, said, and the first read refuses the mix', async () => {
    state.maintenance = true;
    const { kernel, logs } = await virtualKernel(env('BTCUSDT', 'ETHBTC'));
    try {
      await kernel.start();
      expect(logs.some((l) => String(l.msg).includes('quote currencies are checked when they load'))).toBe(true);
    } finally {
      await kernel.stop();
      state.maintenance = false;
    }
    const m = await market(['BTCUSDT', 'ETHBTC']);
    state.maintenance = true;
    await expect(m.bars('BTCUSDT', 10)).rejects.not.toBeInstanceOf(ConfigError);
    state.maintenance = false;
    await expect(m.bars('BTCUSDT', 10)).rejects.toBeInstanceOf(ConfigError);
  }, 30_000);

  it('starts on one currency, the exchange’s ids and unified symbols alike', async () => {
    const { kernel } = await virtualKernel(env('BTCUSDT', 'ETHUSDT'));
    try {
      await kernel.start();
    } finally {
      await kernel.stop();
    }
    const m = await market(['BTC/USDT', 'ETHUSDT']);
    expect((await m.bars('ETHUSDT', 10)).at(-1)!.close).toBe(2500);
  }, 30_000);

  it('keeps reading bars and prices when a read of the markets’ status fails (a failed reload broke every later call)', async () => {
    const m = await market(['BTC/USDT']);
    expect((await m.bars('BTC/USDT', 10)).length).toBe(10);
    expect(await m.halted('BTC/USDT')).toBe(false);
    state.exchangeInfoDown = true;
    try {
      await clock.advance(61_000);
      await expect(m.halted('BTC/USDT')).rejects.toThrow(/markets BTC\/USDT/);
      expect((await m.bars('BTC/USDT', 10)).at(-1)!.close).toBe(50_000);
      expect(await m.price('BTC/USDT')).toBe(50_000);
    } finally {
      state.exchangeInfoDown = false;
    }
    await clock.advance(61_000);
    state.halted = new Set(['BTCUSDT']);
    try {
      expect(await m.halted('BTC/USDT')).toBe(true);
    } finally {
      state.halted = undefined;
    }
  });
});
