import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const orcl = parseOhlcv(readFileSync(ORCL, 'utf8'), ORCL);
const rows = readFileSync(ORCL, 'utf8').trim().split('\n').slice(1, 301).map((l) => l.split(','));
/** ORCL's first 300 rows with their dates rewritten by `date` (from [y, m, d] strings). */
const rewritten = (date: (y: string, m: string, d: string) => string, header = 'Date,Open,High,Low,Close,Adj Close,Volume') =>
  [header, ...rows.map(([iso, ...rest]) => [date(...(iso!.split('-') as [string, string, string])), ...rest].join(','))].join('\n');

describe('dates with slashes and the year last', () => {
  it('reads a US file month first and a European one day first, as their dates above the 12th show', () => {
    const us = parseOhlcv(rewritten((y, m, d) => `${m}/${d}/${y}`), 'us.csv');
    const eu = parseOhlcv(rewritten((y, m, d) => `${Number(d)}/${Number(m)}/${y}`), 'eu.csv');
    for (const r of [us, eu]) {
      expect(r.rejected).toEqual([]);
      expect(r.bars).toEqual(orcl.bars.slice(0, 300));
    }
  });

  it('refuses a file whose dates fit both orders, or mix them, saying which', () => {
    const early = rows.filter(([iso]) => Number(iso!.slice(8, 10)) <= 12).slice(0, 20);
    const both = parseOhlcv(['Date,Open,High,Low,Close', ...early.map(([iso, o, h, l, c]) => `${iso!.slice(5, 7)}/${iso!.slice(8, 10)}/${iso!.slice(0, 4)},${o},${h},${l},${c}`)].join('\n'), 'x.csv');
    expect(both.bars).toEqual([]);
    expect(both.rejected[0]!.message).toMatch(/no date of the file has a number above 12.*rewrite them as YYYY-MM-DD/);
    const mixed = parseOhlcv('Date,Open,High,Low,Close\n13/01/2024,1,2,0.5,1.5\n01/14/2024,1,2,0.5,1.5\n', 'x.csv');
    expect(mixed.bars).toEqual([]);
    expect(mixed.rejected.map((r) => r.code)).toEqual(['invalid-time', 'invalid-time']);
    expect(mixed.rejected[0]!.message).toMatch(/mixes both orders/);
  });

  it('reads them written with dashes (02-10-2017 23:59, as Excel saves a day-first file) in the same order rule', () => {
    const stamp = (23 * 60 + 59) * 60_000;
    const dayFirst = parseOhlcv(rewritten((y, m, d) => `${d}-${m}-${y} 23:59`), 'coin_Cardano.csv');
    expect(dayFirst.rejected).toEqual([]);
    expect(dayFirst.bars.map((b) => [b.time, b.open, b.close])).toEqual(orcl.bars.slice(0, 300).map((b) => [b.time + stamp, b.open, b.close]));
    const monthFirst = parseOhlcv(rewritten((y, m, d) => `${m}-${d}-${y}`), 'us.csv');
    expect(monthFirst.rejected).toEqual([]);
    expect(monthFirst.bars).toEqual(orcl.bars.slice(0, 300));
    const both = parseOhlcv('Date,Open,High,Low,Close\n02-01-2024,1,2,0.5,1.5\n03-01-2024,1,2,0.5,1.5\n', 'x.csv');
    expect(both.bars).toEqual([]);
    expect(both.rejected[0]!.message).toMatch(/no date of the file has a number above 12/);
    // A two-digit year is still not guessed.
    expect(parseOhlcv('Date,Open,High,Low,Close\n22-01-19,1,2,0.5,1.5\n', 'x.csv').bars).toEqual([]);
  });

  it('reads a month by name, which is never ambiguous', () => {
    const dashed = parseOhlcv(rewritten((y, m, d) => `${d}-${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]!}-${y}`), 'nse.csv');
    expect(dashed.rejected).toEqual([]);
    expect(dashed.bars).toEqual(orcl.bars.slice(0, 300));
    const spelled = parseOhlcv('Date\tOpen\tHigh\tLow\tClose\nJan 3, 2024\t1\t2\t0.5\t1.5\nSeptember 30, 2024\t1\t2\t0.5\t1.5\n4 Oct 2024\t1\t2\t0.5\t1.5\nFoo 5, 2024\t1\t2\t0.5\t1.5\n', 'yahoo.tsv');
    expect(spelled.bars.map((b) => b.time)).toEqual([Date.UTC(2024, 0, 3), Date.UTC(2024, 8, 30), Date.UTC(2024, 9, 4)]);
    expect(spelled.rejected.map((r) => r.code)).toEqual(['invalid-time']);
  });

  it('reads an Investing.com export: newest first, quoted, the close named Price, volumes abbreviated', () => {
    const lines = ['"Date","Price","Open","High","Low","Vol.","Change %"'];
    for (const [iso, o, h, l, c, , v] of [...rows].reverse()) {
      const vol = Number(v) >= 1e6 ? `${(Number(v) / 1e6).toFixed(2)}M` : `${(Number(v) / 1e3).toFixed(2)}K`;
      lines.push(`"${iso!.slice(5, 7)}/${iso!.slice(8, 10)}/${iso!.slice(0, 4)}","${c}","${o}","${h}","${l}","${vol}","0.10%"`);
    }
    const r = parseOhlcv(lines.join('\n'), 'investing.csv');
    expect(r.descending).toBe(true);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map(({ time, open, high, low, close }) => ({ time, open, high, low, close }))).toEqual(
      orcl.bars.slice(0, 300).map(({ time, open, high, low, close }) => ({ time, open, high, low, close })),
    );
    // 36301200 written 36.30M.
    expect(r.bars[0]!.volume).toBeCloseTo(36.3e6, 0);
    const noVolume = parseOhlcv('"Date","Price","Open","High","Low","Vol.","Change %"\n"01/15/2024","1.5","1","2","0.5","-","0.1%"\n', 'fx.csv');
    expect(noVolume.bars[0]).toMatchObject({ close: 1.5, volume: 0, time: Date.UTC(2024, 0, 15) });
  });
});
