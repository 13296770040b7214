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
