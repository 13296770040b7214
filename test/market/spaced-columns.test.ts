import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const NOW = { now: Date.UTC(2024, 0, 1) };
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8').trim();

describe('columns separated by spaces', () => {
  it('ORCL with single spaces, or aligned with runs of them, reads as the comma-separated file', () => {
    const text = read('backtrader__orcl-1995-2014.txt');
    const expected = parseOhlcv(text, 'orcl.csv', NOW).bars;
    const lines = text.split('\n').map((l) => l.split(','));
    const single = lines.map((f) => f.join(' ')).join('\n');
    const aligned = lines.map((f) => f.map((x) => x.padStart(12)).join('  ')).join('\r\n');
    for (const [name, spaced] of [['single', single], ['aligned', aligned]] as const) {
      const loaded = parseOhlcv(spaced, `orcl-${name}.txt`, NOW);
      expect(loaded.rejected, name).toEqual([]);
      expect(loaded.bars, name).toEqual(expected);
    }
  });

  it('a date and its time of day separated by a space are joined again (the 5-minute file, with and without header)', () => {
    const text = read('backtrader__2006-min-005.txt');
    const expected = parseOhlcv(text, 'min5.csv', NOW).bars;
    const [, ...rows] = text.split('\n').map((l) => l.split(',').slice(0, 7).join(' '));
    for (const spaced of [['Date Open High Low Close Volume', ...rows].join('\n'), rows.join('\n')]) {
      const loaded = parseOhlcv(spaced, 'min5.txt', NOW);
      expect(loaded.rejected).toEqual([]);
      expect(loaded.bars).toEqual(expected);
    }
  });

  it('sentences of five words or more before a comma-separated file do not make it a spaced table', () => {
    // The 5-minute file with its date and time in one field ("2006-01-02 09:05:00"): lines with spaces and commas.
    const text = read('backtrader__2006-min-005.txt').replace(/^(\d{4}-\d{2}-\d{2}),/gm, '$1 ').replace(/^Date,Time,/, 'Datetime,');
    const expected = parseOhlcv(text, 'min5.csv', NOW).bars;
    expect(expected.length).toBeGreaterThan(2000);
    for (const banner of ['Prices downloaded from the example site', 'Prices downloaded from the example site\nGenerated on the third of January']) {
      expect(parseOhlcv(`${banner}\n${text}`, 'min5.csv', NOW).bars).toEqual(expected);
    }
  });
});
