import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };
const rows = readFileSync(ORCL, 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));

/** ORCL in yfinance's full layout, its prices adjusted, with `splits` declared in the Stock Splits column by row. */
const yahoo = (splits: Record<number, number>) =>
  [
    'Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits',
    ...rows.map(([date, open, high, low, close, adj, volume], i) => `${date},${open},${high},${low},${close},${adj},${volume},0.0,${splits[i] ?? 0}`),
  ].join('\n');

describe('a split the file declares that is too small to show in prices (yfinance writes a spin-off as one)', () => {
  it('does not quarantine the adjusted history after it', () => {
    // Pfizer's file declares 1.054 on the day of the Viatris spin-off, its prices already adjusted: a +3 % day was
    // matched (12 % tolerance) as that split unadjusted, and the five years after it were quarantined.
    const loaded = parseOhlcv(yahoo({ 2000: 1.054, 3000: 0.96 }), 'orcl-spin-off.csv', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toHaveLength(rows.length);
  });

  it('a declared split of a visible ratio, left unadjusted, still quarantines from it on', () => {
    const unadjusted = rows.map((r, i) => (i >= 2000 ? [r[0], ...r.slice(1, 5).map((p) => String(Number(p) * 0.8)), ...r.slice(5)] : r));
    const text = [
      'Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits',
      ...unadjusted.map(([date, open, high, low, close, adj, volume], i) => `${date},${open},${high},${low},${close},${adj},${volume},0.0,${i === 2000 ? 1.25 : 0}`),
    ].join('\n');
    const loaded = parseOhlcv(text, 'orcl-5-4.csv', NOW);
    expect(loaded.quarantined[0]!.row).toBe(2002);
    expect(loaded.quarantined[0]!.code).toBe('unadjusted-split');
  });
});
