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

describe('two digits of year, month first (WSJ and MarketWatch: "Date, Open, High, Low, Close", 10/16/20)', () => {
  // Newest first, a space after each comma; every row of such a file was refused for its two-digit year.
  const wsj = 'Date, Open, High, Low, Close\n01/04/00, 1455.22, 1455.22, 1397.43, 1399.42\n01/03/00, 1469.25, 1478.00, 1438.36, 1455.22\n12/31/99, 1464.47, 1472.42, 1458.19, 1469.25\n12/30/99, 1463.46, 1473.10, 1462.60, 1464.47\n';

  it('reads them when a year above 31 shows the year is last, with the century POSIX takes', () => {
    const r = parseOhlcv(wsj, 'HistoricalPrices.csv');
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(1999, 11, 30), Date.UTC(1999, 11, 31), Date.UTC(2000, 0, 3), Date.UTC(2000, 0, 4)]);
    expect(r.bars[3]).toMatchObject({ open: 1455.22, high: 1455.22, low: 1397.43, close: 1399.42 });
  });

  it('reads them when a day above 12 second and a year above 12 last leave month, day, year the only order', () => {
    // WSJ's Safaricom file, 2008-2024: 10/16/20 cannot be 2010-16-20 nor 2010-20-16.
    const r = parseOhlcv('Date, Open, High, Low,Close, Volume\n06/11/24,18.15,18.15,18,18.05,9094600\n06/10/24,18.35,18.35,18,18.1,270300\n05/31/24,18.3,18.4,18.1,18.2,100\n', 'SCOM.csv');
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2024, 4, 31), Date.UTC(2024, 5, 10), Date.UTC(2024, 5, 11)]);
    expect(r.bars[2]).toMatchObject({ open: 18.15, close: 18.05, volume: 9094600 });
  });

  it('still refuses them, saying why, when the dates fit a year first too (19/05/22 could be 2019-05-22)', () => {
    const r = parseOhlcv('Date,Open,High,Low,Close\n19/05/22,1,2,0.5,1.5\n20/05/22,1,2,0.5,1.5\n', 'x.csv');
    expect(r.bars).toEqual([]);
    expect(r.rejected[0]!.message).toMatch(/a two-digit year is read only where the dates show it is last/);
  });
});
