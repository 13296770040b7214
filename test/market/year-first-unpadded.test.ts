import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

describe('year-first dates with the month or day unpadded (2013/1/4)', () => {
  it('vn.py’s index file (date,close,high,low,open,volume; 1995/1/3) reads as the same bars', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      return `${y}/${Number(m)}/${Number(d)},${close},${high},${low},${open},${volume}`;
    });
    const loaded = parseOhlcv(['date,close,high,low,open,volume', ...lines].join('\n'), 'csi300.csv', NOW);
    // Every row whose month or day is below 10 was refused ('time "1995/1/3" ... is not a date this reader knows').
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('reads Sierra Chart’s date (2007/12/3) and a time after it, and still refuses what is not a date', () => {
    expect(parseBarTime('2007/12/3')).toBe(Date.UTC(2007, 11, 3));
    expect(parseBarTime('2026-6-21 18:00:00')).toBe(Date.UTC(2026, 5, 21, 18));
    expect(parseBarTime('2013/1/4T09:30')).toBe(Date.UTC(2013, 0, 4, 9, 30));
    expect(parseBarTime('2013/2/30')).toBeNaN();
    expect(parseBarTime('2013/13/1')).toBeNaN();
    expect(parseBarTime('2013/1-4')).toBeNaN();
  });
});
