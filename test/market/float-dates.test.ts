import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

describe('YYYYMMDD dates written as floats (19991110.0)', () => {
  it('pandas’ float column of dates (date,Open,High,Low,Close,Volume,adjClose; 19991110.0) reads as the same bars', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => `${date!.replaceAll('-', '')}.0,${open},${high},${low},${close},${volume}.0,${close}`);
    const loaded = parseOhlcv(['date,Open,High,Low,Close,Volume,adjClose', ...lines].join('\n'), '987654.csv', NOW);
    // Every row was refused ('time "19991110.0" in column "date" is not a date this reader knows').
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('reads eight digits and a zero fraction as the day, and nothing else so', () => {
    expect(parseBarTime('19991110.0')).toBe(Date.UTC(1999, 10, 10));
    expect(parseBarTime('20240102.00')).toBe(Date.UTC(2024, 0, 2));
    expect(parseBarTime('20240102.5')).toBeNaN();
    expect(parseBarTime('20241302.0')).toBeNaN();
  });
});
