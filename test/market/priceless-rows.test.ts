import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };
const [header, ...rows] = readFileSync(ORCL, 'utf8').trim().split('\n').slice(0, 60);

describe('a row with a time and no prices (an intraday file writes one for each bar of its lunch break)', () => {
  it('is rejected as a time without trades, while one missing price alone is still named', () => {
    const lines = rows.map((r, i) => {
      const [date, ...rest] = r.split(',');
      if (i === 10 || i === 11) return `${date},,,,,,`;
      if (i === 20) return `${date},,${rest.slice(1).join(',')}`;
      return r;
    });
    const loaded = parseOhlcv([header, ...lines].join('\n'), 'orcl-breaks.csv', NOW);
    expect(loaded.rejected.map((r) => [r.row, r.message])).toEqual([
      [12, 'no prices on this row: a time without trades (a break in the session?)'],
      [13, 'no prices on this row: a time without trades (a break in the session?)'],
      [22, 'open is empty'],
    ]);
    expect(loaded.bars).toHaveLength(rows.length - 3);
  });
});
