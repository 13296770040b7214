import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// Tongdaxin's (通达信) export: a title line, a header separated by tabs, rows separated by commas, a footer.
describe('a header separated by tabs over rows separated by commas', () => {
  it('reads as the same bars', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => [date.replace(/-/g, '/'), open, high, low, close, volume, '0.00'].join(','));
    const text = ['600000 浦发银行 日线 前复权', '      日期\t    开盘\t    最高\t    最低\t    收盘\t    成交量\t    成交额', ...lines, '数据来源:通达信'].join('\r\n');
    const loaded = parseOhlcv(text, 'SH#600000.txt', NOW);
    // Every row was refused: 'row has 1 fields, the header names 7: a field is missing'.
    expect(loaded.bars).toEqual(original);
    expect(loaded.rejected.filter((r) => !/footer/.test(r.message))).toEqual([]);
  });

  it('leaves a header whose rows are split the same way as it is', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => [date, open, high, low, close, volume].join('\t'));
    const loaded = parseOhlcv(['Date\tOpen\tHigh\tLow\tClose\tVolume', ...lines].join('\n'), 'orcl.tsv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });
});
