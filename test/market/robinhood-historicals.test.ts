import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
// Robinhood's historicals as robin_stocks' get_stock_historicals returns them: prices as strings under `open_price`...,
// the bar's start as `begins_at`. Saved as JSON they were refused ("its bars have no open, close"), and saved by pandas
// as CSV ("has no date column").
const BARS = [
  { begins_at: '2026-06-22T00:00:00Z', open_price: '297.31', close_price: '297.01', high_price: '302.42', low_price: '296.76', volume: 44879914, session: 'reg', interpolated: false, symbol: 'AAPL' },
  { begins_at: '2026-06-23T00:00:00Z', open_price: '297.01', close_price: '298.01', high_price: '299.42', low_price: '296.70', volume: 41000000, session: 'reg', interpolated: false, symbol: 'AAPL' },
];
const EXPECTED = [
  { time: Date.UTC(2026, 5, 22), open: 297.31, high: 302.42, low: 296.76, close: 297.01, volume: 44879914 },
  { time: Date.UTC(2026, 5, 23), open: 297.01, high: 299.42, low: 296.7, close: 298.01, volume: 41000000 },
];
const prices = (bars: readonly { time: number; open: number; high: number; low: number; close: number; volume: number }[]) => bars.map(({ time, open, high, low, close, volume }) => ({ time, open, high, low, close, volume }));

describe("Robinhood's historicals", () => {
  it('as JSON', () => {
    expect(prices(parseOhlcv(JSON.stringify(BARS), 'AAPL.json', NOW).bars)).toEqual(EXPECTED);
  });

  it('as CSV', () => {
    const keys = Object.keys(BARS[0]!);
    const text = [keys.join(','), ...BARS.map((b) => Object.values(b).join(','))].join('\n');
    expect(prices(parseOhlcv(text, 'AAPL.csv', NOW).bars)).toEqual(EXPECTED);
  });
});
