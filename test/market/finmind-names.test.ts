import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
const HEADER = 'date,stock_id,Trading_Volume,Trading_money,open,max,min,close,spread,Trading_turnover';

describe('FinMind’s TaiwanStockPrice (open,max,min,close; Trading_Volume)', () => {
  it('reads max and min as the high and low, and Trading_Volume as the volume', () => {
    const text = [HEADER, '2016-01-04,2330,43800291,6137797502,142.5,143.5,139.0,139.5,-3.5,14188', '2016-01-05,2330,46502108,6436850512,139.0,140.0,137.0,138.0,-1.5,15836'].join('\n');
    const r = parseOhlcv(text, 'tsmc.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2016, 0, 4), 142.5, 143.5, 139, 139.5, 43800291],
      [Date.UTC(2016, 0, 5), 139, 140, 137, 138, 46502108],
    ]);
  });

  it('a file with its own high and low keeps them, whatever its max and min columns hold', () => {
    const r = parseOhlcv('date,open,high,low,close,max,min\n2024-01-02,10,12,9,11,99,1\n', 'x.csv', NOW);
    expect([r.bars[0]!.high, r.bars[0]!.low]).toEqual([12, 9]);
  });
});
