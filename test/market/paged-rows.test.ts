import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2026, 11, 2) };
const [header, ...rows] = readFileSync(ORCL, 'utf8').trimEnd().split('\n');
const original = parseOhlcv([header, ...rows].join('\n'), ORCL, NOW);

describe('rows saved as pages of an API’s answers, the newest page first', () => {
  it('are read in time order, every row kept, and the result says how many pages there were (check-data’s order: line)', () => {
    // Three pages of the real ORCL days, as a script paging back in time appends them: each oldest first.
    const pages = [rows.slice(0, 1000), rows.slice(1000, 3000), rows.slice(3000)];
    const paged = parseOhlcv([header, ...pages[2]!, ...pages[1]!, ...pages[0]!].join('\n'), 'paged.csv', NOW);
    expect(paged.rejected).toEqual([]);
    expect(paged.bars).toEqual(original.bars);
    expect(paged.pagesReordered).toBe(3);
    expect(original.pagesReordered).toBeUndefined();
  });

  it('are not read so when the pages overlap (a download appended twice): the rows repeated are left out, as before', () => {
    const twice = [header, ...rows.slice(2000, 3000), ...rows.slice(2500, 3500)].join('\n');
    const r = parseOhlcv(twice, 'twice.csv', NOW);
    expect(r.pagesReordered).toBeUndefined();
    expect(r.bars).toEqual(original.bars.slice(2000, 3500));
    expect(r.rejected).toHaveLength(500);
  });

  it('are not read so for a mistyped date: that row stays a stray row, taken out', () => {
    const typo = rows.map((l, i) => (i === 1999 ? l.replace(/^2002/, '2012') : l));
    const r = parseOhlcv([header, ...typo].join('\n'), 'typo.csv', NOW);
    expect(r.pagesReordered).toBeUndefined();
    expect(r.rejected.map((x) => x.code)).toEqual(['out-of-order']);
  });
});
