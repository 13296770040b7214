import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

describe('a file whose every line is one quoted field holding the columns', () => {
  it('reads the columns inside the quotes (a tab-separated table saved again as a one-column CSV)', () => {
    // As a public EUR/USD minute file is: '"Time\tOpen\t...\tVolume"' then '"2022-01-04 18:00:00\t1.12834\t..."', CRLF.
    // It was refused: its header, one field, had no date column.
    const text = '"Time\tOpen\tHigh\tLow\tClose\tVolume"\r\n"2022-01-04 18:00:00\t1.12834\t1.1284\t1.12834\t1.12838\t24"\r\n"2022-01-04 18:01:00\t1.1284\t1.1284\t1.12837\t1.12837\t6"\r\n';
    const r = parseOhlcv(text, 'EURUSD_M1.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2022, 0, 4, 18, 0), 1.12834, 1.1284, 1.12834, 1.12838, 24],
      [Date.UTC(2022, 0, 4, 18, 1), 1.1284, 1.1284, 1.12837, 1.12837, 6],
    ]);
  });

  it('leaves ordinary quoted fields alone', () => {
    const r = parseOhlcv('"Date","Open","High","Low","Close"\n"2024-01-01","1","2","0.5","1.5"\n', 'q.csv', { now: Date.UTC(2024, 5, 1) });
    expect(r.bars).toHaveLength(1);
    expect(r.bars[0]).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5 });
  });
});
