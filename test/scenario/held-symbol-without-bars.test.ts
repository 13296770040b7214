import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import { CcxtMarket, type CcxtExchangeLike } from '../../src/market/ccxt-market.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;
const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];

/**
 * A kernel on an exchange that answers an empty list of candles for ETH/USDT while `noEthBars` is set (a pair halted,
 * or on its way out), its ticker and every other symbol still served, with 0.1 ETH held from the start.
 */
async function heldEthKernel(env: Record<string, string> = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  const feed = { noEthBars: false };
  const price = (symbol: string) => (symbol === 'BTC/USDT' ? 50_000 : 2_000);
  const exchange: CcxtExchangeLike = {
    id: 'binance', urls: {},
    loadMarkets: async () => ({}),
    fetchOHLCV: async (symbol, _timeframe, _since, limit = 100) => {
      if (symbol === 'ETH/USDT' && feed.noEthBars) return [];
      const end = Math.floor(clock.now() / MIN);
      return Array.from({ length: limit }, (_, i) => [(end - limit + 1 + i) * MIN, price(symbol), price(symbol) * 1.001, price(symbol) * 0.999, price(symbol), 10]);
    },
    fetchTicker: async (symbol) => ({ last: price(symbol) }),
  };
  const market = new CcxtMarket(exchange, { symbols: SYMBOLS, clock });
  const universe = JSON.stringify(SYMBOLS.map((symbol) => ({ symbol, name: symbol })));
  const { kernel, logs } = await virtualKernel(Object.assign({ CONCLAVE_UNIVERSE: universe }, env), { clock, market });
  await kernel.start();
  const { store } = kernel;
  const openedAt = clock.now();
  store.tx(() => {
    store.savePosition({ symbol: 'ETH/USDT', qty: 0.1, avgPrice: 2_000, openedAt, stopPrice: 1_800, targetPrice: null, atr: null, peakPrice: 2_000, trailingActive: false, markPrice: 2_000 }, openedAt);
    store.saveAccount(withChanges(store.account(), { cash: store.account().cash - 200 }), openedAt);
  });
  return { clock, feed, kernel, logs, openedAt };
}

/**
 * The exchange answers no candles for one held symbol for hours while its ticker and every other symbol are served.
 * Nothing was said: the position was judged on its ticker alone, and a time stop in bars never counted (held 180 bars
 * past a 30-bar limit, measured). Now the scan says it once, and the time stop goes on by the clock.
 */
describe('a held symbol the market answers no bars for', () => {
  it('is said once, with what it means, and again when its bars come back', async () => {
    const { clock, feed, kernel, logs } = await heldEthKernel();
    await runFor(clock, 20 * MIN);
    const before = logs.length;
    feed.noEthBars = true;
    await runFor(clock, 180 * MIN);
    const said = logs.slice(before).filter((l) => String(l.msg).startsWith('ETH/USDT: the market has answered no bars for it'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warn', symbol: 'ETH/USDT', msg: expect.stringContaining('a held position is judged on its ticker alone, with no bar ranges for its stops, and a time stop in bars counts the clock') });
    expect(logs.slice(before).filter((l) => String(l.msg).startsWith('BTC/USDT:'))).toEqual([]);
    feed.noEthBars = false;
    await runFor(clock, 10 * MIN);
    expect(logs.filter((l) => l.msg === 'ETH/USDT: new bars again')).toHaveLength(1);
    await kernel.stop();
  }, 60_000);

  it('has its time stop in bars counted by the clock at its bar length: sold at its ticker once maxHoldBars have passed since entry, said once', async () => {
    const { clock, feed, kernel, logs, openedAt } = await heldEthKernel({ CONCLAVE_MAX_HOLD_BARS: '30', CONCLAVE_SLIPPAGE_BPS: '10' });
    await runFor(clock, 20 * MIN);
    expect(kernel.store.position('ETH/USDT')).not.toBeNull();
    feed.noEthBars = true;
    await runFor(clock, 60 * MIN);
    const sales = kernel.store.db.prepare(`SELECT price, time FROM fills WHERE symbol = 'ETH/USDT' AND side = 'sell'`).all() as { price: number; time: number }[];
    expect(sales).toHaveLength(1);
    // 30 one-minute bars after the entry (20 counted from bars, the rest by the clock from the last count): a minute late at most.
    expect(sales[0]!.time - openedAt).toBeGreaterThanOrEqual(30 * MIN);
    expect(sales[0]!.time - openedAt).toBeLessThanOrEqual(32 * MIN);
    expect(sales[0]!.price).toBeCloseTo(2_000 * (1 - 10 / 10_000), 6);
    expect(kernel.store.position('ETH/USDT')).toBeNull();
    const byClock = logs.filter((l) => String(l.msg).startsWith('ETH/USDT: the market answers no bars for it'));
    expect(byClock).toHaveLength(1);
    expect(byClock[0]).toMatchObject({ level: 'warn', maxHoldBars: 30, msg: expect.stringContaining('its time stop in bars goes on by the clock, a bar every 60 s') });
    expect(logs.filter((l) => l.msg === 'exit rule fired' && l.symbol === 'ETH/USDT')).toEqual([expect.objectContaining({ held: 30, maxHoldBars: 30, byClock: true })]);
    await kernel.stop();
  }, 60_000);
});
