import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('a headerless file with too few fields for a bar', () => {
  it('names bitcoincharts’ trades (time, price, amount) as trades, with how to make bars of them', () => {
    // As pyalgotrade's test data has Bitstamp's trades from bitcoincharts: each of its 9,999 rows was refused as "a
    // field is missing" that "the header names", with the advice to complete the rows.
    const text = ['1315922016,5.800000000000,1.000000000000', '1315922024,5.830000000000,3.000000000000', '1315922029,5.900000000000,1.000000000000'].join('\n');
    expect(() => parseOhlcv(text, 'bitstampUSD.csv', NOW)).toThrow(
      'has no header and 3 fields a row ("1315922016,5.800000000000,1.000000000000"), too few for a bar (a time, open, high, low and close): a time, a price and an amount are trades',
    );
    expect(() => parseOhlcv(text, 'bitstampUSD.csv', NOW)).toThrow("aggregate them into bars first (pandas: read_csv(file, names=['time', 'price', 'amount'])");
  });

  it('says a file of dates and closes is not bars', () => {
    expect(() => parseOhlcv('2024-01-02,185.64\n2024-01-03,184.25\n', 'closes.csv', NOW)).toThrow('has no header and 2 fields a row ("2024-01-02,185.64"), too few for a bar');
  });
});
