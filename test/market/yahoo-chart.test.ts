import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError, parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };

describe("Yahoo's chart API answer (v8/finance/chart), saved as it came", () => {
  it('reads as the same bars as the CSV, a day without prices (nulls) refused as its row', () => {
    const text = readFileSync(ORCL, 'utf8').trim();
    const rows = text.split('\n').slice(1).map((r) => r.split(','));
    const num = (i: number) => rows.map((r) => Number(r[i]));
    const close = num(4) as (number | null)[];
    const quote = { open: num(1) as (number | null)[], high: num(2), low: num(3), close, volume: num(6) };
    quote.open[100] = null;
    close[100] = null;
    const answer = {
      chart: {
        result: [{ meta: { symbol: 'ORCL', currency: 'USD' }, timestamp: rows.map((r) => Date.parse(`${r[0]!}T00:00:00Z`) / 1000), indicators: { quote: [quote], adjclose: [{ adjclose: num(5) }] } }],
        error: null,
      },
    };
    const loaded = parseOhlcv(JSON.stringify(answer), 'orcl-chart.json', NOW);
    expect(loaded.rejected.map((r) => r.row)).toEqual([101]);
    const expected = parseOhlcv(text, 'orcl.csv', NOW).bars.filter((_, i) => i !== 100);
    expect(loaded.bars).toEqual(expected);
  });

  it("says so when Yahoo answered an error instead of a chart", () => {
    const answer = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
    expect(() => parseOhlcv(JSON.stringify(answer), 'x.json', NOW)).toThrow(DataFileError);
    expect(() => parseOhlcv(JSON.stringify(answer), 'x.json', NOW)).toThrow(/Yahoo's chart answer without data \("No data found, symbol may be delisted"\)/);
  });
});
