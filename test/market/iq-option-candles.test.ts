import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
// IQ Option's get_candles answer saved by pandas: `from` and `to` bound the bar (epoch seconds), `at` is nanoseconds.
const HEADER = 'id,from,at,to,open,close,min,max,volume';

describe('IQ Option’s candles (from, to; min and max)', () => {
  it('dates each bar by its `from`, reads min and max as the low and high', () => {
    const text = [HEADER, '2484945,1660019040,1660019100000000000,1660019100,0.824888,0.824899,0.824869,0.824916,0', '2484946,1660019100,1660019160000000000,1660019160,0.824902,0.824981,0.824865,0.824981,3'].join('\n');
    const r = parseOhlcv(text, 'EURUSD.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [1660019040000, 0.824888, 0.824916, 0.824869, 0.824899, 0],
      [1660019100000, 0.824902, 0.824981, 0.824865, 0.824981, 3],
    ]);
  });

  it('a `from` column without a `to` is not taken for the time', () => {
    expect(() => parseOhlcv('from,open,high,low,close\n1660019040,1,2,0.5,1.5\n', 'x.csv', NOW)).toThrow(/no date column/);
  });
});
