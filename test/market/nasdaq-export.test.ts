import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };

describe("Nasdaq.com's historical data (Date,Close/Last,Volume,Open,High,Low; $ prices; MM/DD/YYYY; newest first)", () => {
  it('reads as the same bars as the original file', () => {
    const text = readFileSync(ORCL, 'utf8').trim();
    const [, ...rows] = text.split('\n');
    const nasdaq = rows.reverse().map((r) => {
      const [date, open, high, low, close, , volume] = r.split(',');
      const [y, m, d] = date!.split('-');
      return `${m}/${d}/${y},$${close},${volume},$${open},$${high},$${low}`;
    });
    const loaded = parseOhlcv(['Date,Close/Last,Volume,Open,High,Low', ...nasdaq].join('\n'), 'orcl-nasdaq.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.descending).toBe(true);
    expect(loaded.bars).toEqual(parseOhlcv(text, 'orcl.csv', NOW).bars);
  });

  it('a currency sign alone is no price, and a negative one is refused as any negative price', () => {
    const r = parseOhlcv('Date,Open,High,Low,Close\n2024-01-02,$,$2,$1,$1.5\n2024-01-03,-$1,$2,$1,$1.5\n', 'x.csv', NOW);
    expect(r.rejected.map((x) => x.row)).toEqual([2, 3]);
    expect(r.rejected[0]!.message).toBe('open "$" is not a number');
    expect(r.rejected[1]!.message).toBe('open is -1; prices must be > 0');
  });
});
