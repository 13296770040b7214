import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import { CcxtMarket, type CcxtExchangeLike } from '../../src/market/ccxt-market.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

/**
 * The exchange answers an empty list of candles for one held symbol (a pair halted, or on its way out) for hours while
 * its ticker and every other symbol are served. Nothing was said: the position was judged on its ticker alone, and a
 * time stop in bars never counted (held 180 bars past a 30-bar limit, measured). Now the scan says it once.
 */
describe('a held symbol the market answers no bars for', () => {
  it('is said once, with what it means, and again when its bars come back', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    let noEthBars = false;
    const price = (symbol: string) => (symbol === 'BTC/USDT' ? 50_000 : 2_000);
    const exchange: CcxtExchangeLike = {
      id: 'binance', urls: {},
      loadMarkets: async () => ({}),
      fetchOHLCV: async (symbol, _timeframe, _since, limit = 100) => {
        if (symbol === 'ETH/USDT' && noEthBars) return [];
        const end = Math.floor(clock.now() / MIN);
        return Array.from({ length: limit }, (_, i) => [(end - limit + 1 + i) * MIN, price(symbol), price(symbol) * 1.001, price(symbol) * 0.999, price(symbol), 10]);
      },
      fetchTicker: async (symbol) => ({ last: price(symbol) }),
    };
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const market = new CcxtMarket(exchange, { symbols, clock });
    const { kernel, logs } = await virtualKernel({ CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))) }, { clock, market });
    await kernel.start();
    const { store } = kernel;
    store.tx(() => {
      store.savePosition({ symbol: 'ETH/USDT', qty: 0.1, avgPrice: 2_000, openedAt: clock.now(), stopPrice: 1_800, targetPrice: null, atr: null, peakPrice: 2_000, trailingActive: false, markPrice: 2_000 }, clock.now());
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash - 200 }), clock.now());
    });
    await runFor(clock, 20 * MIN);
    const before = logs.length;
    noEthBars = true;
    await runFor(clock, 180 * MIN);
    const said = logs.slice(before).filter((l) => String(l.msg).startsWith('ETH/USDT: the market has answered no bars for it'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warn', symbol: 'ETH/USDT', msg: expect.stringContaining('a held position is judged on its ticker alone, with no bar ranges for its stops and no time stop in bars') });
    expect(logs.slice(before).filter((l) => String(l.msg).startsWith('BTC/USDT:'))).toEqual([]);
    noEthBars = false;
    await runFor(clock, 10 * MIN);
    expect(logs.filter((l) => l.msg === 'ETH/USDT: new bars again')).toHaveLength(1);
    await kernel.stop();
  }, 60_000);
});
