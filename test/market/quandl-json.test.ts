import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// Nasdaq Data Link's (Quandl's) JSON answer for a dataset, as its /api/v3/datasets/WIKI/AAPL.json writes it.
const dataset = (data: unknown[][]) => JSON.stringify({
  dataset: {
    id: 9775409, dataset_code: 'AAPL', database_code: 'WIKI', name: 'Apple Inc. (AAPL)', frequency: 'daily',
    column_names: ['Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'Ex-Dividend', 'Split Ratio', 'Adj. Open', 'Adj. High', 'Adj. Low', 'Adj. Close', 'Adj. Volume'],
    start_date: '2014-06-05', end_date: '2014-06-10', data,
  },
});

describe("Quandl's JSON answer", () => {
  it('is read as the CSV it also serves: newest first, the adjusted prices read across the split', () => {
    // Apple's 7:1 split of 2014-06-09: raw 647.35 then 92.70, adjusted 92.48 then 92.70. Refused whole before, as
    // "expected a JSON array", which did not say what the file was.
    const text = dataset([
      ['2014-06-10', 94.73, 95.05, 93.57, 94.25, 62777000, 0, 1, 94.73, 95.05, 93.57, 94.25, 62777000],
      ['2014-06-09', 92.7, 93.88, 91.75, 93.7, 75415000, 0, 7, 92.7, 93.88, 91.75, 93.7, 75415000],
      ['2014-06-06', 649.9, 651.26, 644.47, 645.57, 12497800, 0, 1, 92.843, 93.037, 92.067, 92.224, 87484600],
      ['2014-06-05', 646.2, 649.37, 642.61, 647.35, 10847100, 0, 1, 92.314, 92.767, 91.801, 92.479, 75929700],
    ]);
    const loaded = parseOhlcv(text, 'AAPL.json');
    expect(loaded.rejected).toEqual([]);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars.map((b) => [new Date(b.time).toISOString().slice(0, 10), b.close])).toEqual([
      ['2014-06-05', 92.479], ['2014-06-06', 92.224], ['2014-06-09', 93.7], ['2014-06-10', 94.25],
    ]);
  });

  it('other JSON objects are not taken for it', () => {
    expect(() => parseOhlcv('{"dataset": {"name": "x"}}', 'x.json')).toThrow(/expected a JSON array/);
  });
});
