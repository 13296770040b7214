import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { readNumber } from '../../src/market/csv-fields.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe("Yahoo's history page copied as text (tabs, Close*, Adj Close**, volumes grouped by commas)", () => {
  it('reads as the same bars as the original file; the dividend row and the footnote are the only rows refused', () => {
    const text = readFileSync(ORCL, 'utf8').trim();
    const [, ...rows] = text.split('\n');
    const page = rows.reverse().map((r) => {
      const [date, open, high, low, close, adj, volume] = r.split(',');
      const [y, m, d] = date!.split('-').map(Number) as [number, number, number];
      return [`${MONTHS[m - 1]!} ${d}, ${y}`, open, high, low, close, adj, Number(volume).toLocaleString('en-US')].join('\t');
    });
    page.splice(10, 0, `${page[10]!.split('\t')[0]!}\t0.12 Dividend`);
    const copied = ['Date\tOpen\tHigh\tLow\tClose*\tAdj Close**\tVolume', ...page, '*Close price adjusted for splits.'].join('\n');
    const loaded = parseOhlcv(copied, 'orcl-page.tsv', NOW);
    expect(loaded.rejected.map((r) => r.code)).toEqual(['malformed-row', 'malformed-row']);
    expect(loaded.bars).toEqual(parseOhlcv(text, 'orcl.csv', NOW).bars);
  });

  it('reads commas grouping thousands where they cannot be a decimal comma, whatever the separator', () => {
    expect(readNumber('4,157,500', '\t')).toBe(4_157_500);
    expect(readNumber('1,234.56', ';')).toBe(1234.56);
    expect(readNumber('1,75', ';')).toBe(1.75);
  });
});
