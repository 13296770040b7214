import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// Tiingo's crypto prices answer (/tiingo/crypto/prices?tickers=btcusd&resampleFreq=1day): an array of one object per
// ticker, its bars in priceData, each exchange's in exchangeData.
const ticker = (name: string, close: number) => ({
  ticker: name, baseCurrency: name.slice(0, 3), quoteCurrency: 'usd',
  priceData: [
    { volume: 27749.73, date: '2019-05-01T00:00:00+00:00', volumeNotional: 150406020.75, close, open: 5367.35, low: 5358.1, tradesDone: 214889, high: 5443.81 },
    { volume: 40036.51, date: '2019-05-02T00:00:00+00:00', volumeNotional: 222030376.3, close: 5545.7, open: 5441.49, low: 5426.03, tradesDone: 241005, high: 5590.24 },
  ],
  exchangeData: { BINANCE: [{ exchangeCode: 'BINANCE', volume: 17217.47, date: '2019-05-01T00:00:00+00:00', close: 5383.2, open: 5321.94, low: 5316.2, high: 5402 }] },
});

describe("Tiingo's crypto prices answer", () => {
  it('reads one ticker’s priceData, its volume in the coin (not volumeNotional)', () => {
    // It was refused as bars without an open, high, low or close (keys found: ticker, ..., priceData, exchangeData).
    const loaded = parseOhlcv(JSON.stringify([ticker('btcusd', 5420.09)]), 'btcusd.json');
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2019, 4, 1), 5367.35, 5443.81, 5358.1, 5420.09, 27749.73],
      [Date.UTC(2019, 4, 2), 5441.49, 5590.24, 5426.03, 5545.7, 40036.51],
    ]);
  });

  it('refuses several tickers in one answer, naming them', () => {
    expect(() => parseOhlcv(JSON.stringify([ticker('btcusd', 5420.09), ticker('ethusd', 5420.09)]), 'prices.json')).toThrow(/prices\.json holds 2 symbols' bars \(btcusd, ethusd\): one symbol per file/);
  });
});
