import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const NOW = { now: Date.UTC(2024, 0, 1) };

describe('a separator ending every data row but not the header', () => {
  it('reads as the file without it (the extra empty field is not a time of day)', () => {
    const text = readFileSync(path.join(DIR, 'backtrader__orcl-1995-2014.txt'), 'utf8').trim();
    const [header, ...rows] = text.split('\n');
    const trailing = [header, ...rows.map((r) => `${r},`)].join('\n');
    const loaded = parseOhlcv(trailing, 'orcl-trailing.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(parseOhlcv(text, 'orcl.csv', NOW).bars);
  });

  it("still reads backtrader's unnamed time column (one name fewer than fields, the second a time of day)", () => {
    const loaded = parseOhlcv(readFileSync(path.join(DIR, 'backtrader__2006-01-02-volume-min-001.txt'), 'utf8'), 'min.txt', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars[0]!.time).toBe(Date.UTC(2006, 0, 2, 9, 1));
  });
});
