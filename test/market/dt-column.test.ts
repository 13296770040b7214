import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('a bar time column named dt', () => {
  it('reads czsc’s minutes (symbol,dt,open,close,high,low,vol) in the zone named, over the lunch break', () => {
    // As czsc's test data has the Shanghai Composite: every such file was refused for having no date column.
    const text = [
      'symbol,dt,open,close,high,low,vol',
      '000001.XSHG,2020-07-01 11:30:00,3010.34,3011.77,3011.79,3010.26,106753600.0',
      '000001.XSHG,2020-07-01 13:01:00,3013.4,3015.75,3015.75,3013.4,410989300.0',
    ].join('\n');
    const r = parseOhlcv(text, '000001.XSHG_1MIN.csv', { now: NOW.now, timesIn: 'Asia/Shanghai' });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2020, 6, 1, 3, 30), 3010.34, 3011.79, 3010.26, 3011.77, 106_753_600],
      [Date.UTC(2020, 6, 1, 5, 1), 3013.4, 3015.75, 3013.4, 3015.75, 410_989_300],
    ]);
  });
});
