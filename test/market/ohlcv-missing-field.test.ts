import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const NOW = { now: Date.UTC(2024, 0, 1) };

describe('a row with a field missing', () => {
  it('is rejected as one, not read with its values in the wrong columns', () => {
    const text = readFileSync(path.join(DIR, 'backtesting.py__GOOG.csv'), 'utf8').trim();
    const lines = text.split('\n');
    const header = lines[0]!.split(',');
    const close = header.findIndex((n) => n.trim().toLowerCase() === 'close');
    // A hand edit that lost the close of row 11: its volume was read as the close ("close 2420400 is outside [low, high]").
    const edited = lines.map((l, i) => (i === 10 ? l.split(',').filter((_, k) => k !== close).join(',') : l)).join('\n');
    const loaded = parseOhlcv(edited, 'goog-edited.csv', NOW);
    expect(loaded.rejected).toHaveLength(1);
    expect(loaded.rejected[0]).toMatchObject({ row: 11, code: 'malformed-row' });
    expect(loaded.rejected[0]!.message).toBe(`row has ${header.length - 1} fields, the header names ${header.length}: a field is missing`);
    expect(loaded.bars).toHaveLength(parseOhlcv(text, 'goog.csv', NOW).bars.length - 1);
  });
});

describe('a last line of one field after the bars (EODHD)', () => {
  it('is said to be a footer, not a bar with a field missing or a download cut short', () => {
    const eodhd = ['Date,Open,High,Low,Close,Adjusted_close,Volume', '2018-08-09,54.6600,54.6900,54.6500,54.6800,54.6800,587700.00', '2018-08-10,54.7400,54.7900,54.7200,54.7300,54.7300,889200.00', '79932'];
    for (const text of [eodhd.join('\n'), `${eodhd.join('\n')}\n`]) {
      const loaded = parseOhlcv(text, 'BNDX.US.csv', { now: Date.UTC(2019, 0, 1) });
      expect(loaded.bars).toHaveLength(2);
      expect(loaded.rejected).toHaveLength(1);
      // It was "row has 1 fields, the header names 7: a field is missing".
      expect(loaded.rejected[0]).toMatchObject({ row: 4, code: 'malformed-row', message: 'the last line, "79932", is one field after the bars: a footer the download wrote (EODHD\'s ends with such a number), not a bar; left out' });
    }
  });
});

describe('a JSON bar with values missing', () => {
  it('is rejected for what it lacks, not for a time it has', () => {
    const t = Date.UTC(2023, 0, 2);
    const loaded = parseOhlcv(JSON.stringify([[t, 10, 11, 9, 10.5, 100], [t + 86_400_000, 10.5, 11]]), 'short.json', NOW);
    expect(loaded.bars).toHaveLength(1);
    expect(loaded.rejected).toHaveLength(1);
    expect(loaded.rejected[0]).toMatchObject({ row: 2, code: 'malformed-row', message: 'element 2 is not [ts_ms, open, high, low, close, volume] (it has 3 values)' });
  });
});

describe('a JSON bar with a null price', () => {
  it('says the price is missing, not that it is NaN', () => {
    const t = Date.UTC(2023, 0, 2);
    const loaded = parseOhlcv(JSON.stringify([[t, 10, 11, 9, 10.5, 100], [t + 86_400_000, 10.5, 11, 10, null, 100]]), 'null.json', NOW);
    expect(loaded.bars).toHaveLength(1);
    expect(loaded.rejected[0]).toMatchObject({ row: 2, code: 'non-finite', message: 'close is missing, null or not a number' });
  });
});
