import { BadSymbol } from 'ccxt';
import type { Clock } from '../../src/core/clock.js';
import type { CcxtExchangeLike } from '../../src/market/ccxt-market.js';

const MIN = 60_000;

/**
 * ccxt's answers as CcxtMarket reads them, minute candles up to the clock at `price` (high and low 0.1 % around it)
 * and a ticker, refusing with Binance's BadSymbol the symbols `delisted` says are gone.
 */
export function delistingExchange(clock: Clock, delisted: (symbol: string) => boolean, price: (symbol: string) => number): CcxtExchangeLike {
  const refuse = (symbol: string) => {
    if (delisted(symbol)) throw new BadSymbol('binance {"code":-1121,"msg":"Invalid symbol."}');
  };
  return {
    id: 'binance', urls: {},
    loadMarkets: async () => ({}),
    fetchOHLCV: async (symbol, _timeframe, _since, limit = 100) => {
      refuse(symbol);
      const end = Math.floor(clock.now() / MIN);
      const p = price(symbol);
      return Array.from({ length: limit }, (_, i) => [(end - limit + 1 + i) * MIN, p, p * 1.001, p * 0.999, p, 10]);
    },
    fetchTicker: async (symbol) => {
      refuse(symbol);
      return { last: price(symbol) };
    },
  };
}
