import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('dates with the year, month and day each followed by its character', () => {
  it('reads Investing.com’s Chinese export dated 2011年5月19日, newest first', () => {
    // Made-up prices in its layout: every row was refused as "not a date this reader knows".
    const text = [
      '\uFEFF日期,收盘,开盘,高,低,交易量,涨跌幅',
      '2011年5月19日,"2,859.57","2,879.39","2,884.14","2,856.83",7.70B,-0.46%',
      '2011年5月18日,"2,872.77","2,846.72","2,877.43","2,843.68",7.68B,0.70%',
    ].join('\n');
    const r = parseOhlcv(text, 'SSE.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2011, 4, 18), 2846.72, 2877.43, 2843.68, 2872.77, 7.68e9],
      [Date.UTC(2011, 4, 19), 2879.39, 2884.14, 2856.83, 2859.57, 7.7e9],
    ]);
  });

  it('reads the Japanese and Korean forms, with a time after them, and no impossible day', () => {
    expect(parseBarTime('2024年1月5日')).toBe(Date.UTC(2024, 0, 5));
    expect(parseBarTime('2024年01月05日 09:30')).toBe(Date.UTC(2024, 0, 5, 9, 30));
    expect(parseBarTime('2023년 10월 9일')).toBe(Date.UTC(2023, 9, 9));
    expect(parseBarTime('2023年13月9日')).toBeNaN();
    expect(parseBarTime('2023年10月9')).toBeNaN();
  });
});
