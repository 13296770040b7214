import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('a month by name with two digits of year (29-Dec-17)', () => {
  it("Google Finance's old download (d-MMM-yy, newest first) reads as the same bars", () => {
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      return `${Number(d)}-${MONTHS[Number(m) - 1]}-${y!.slice(2)},${open},${high},${low},${close},${volume}`;
    });
    const loaded = parseOhlcv(['\uFEFFDate,Open,High,Low,Close,Volume', ...lines].join('\n'), 'goog.csv', NOW);
    // Every row was refused: 'time "3-Jan-95" is not a date this reader knows'.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("takes the century as POSIX does: 69-99 the 1900s, 00-68 the 2000s", () => {
    expect(parseBarTime('01-Apr-10')).toBe(Date.UTC(2010, 3, 1));
    expect(parseBarTime('31-Dec-68')).toBe(Date.UTC(2068, 11, 31));
    expect(parseBarTime('1-Jan-69')).toBe(Date.UTC(1969, 0, 1));
    expect(parseBarTime('12 Dec 99 16:00')).toBe(Date.UTC(1999, 11, 12, 16));
  });
});
