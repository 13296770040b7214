import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');

/** The shared ORCL file as a spreadsheet in a European locale saves it: `;` between fields, decimal commas, dotted dates. */
function european(text: string): string {
  const [header, ...rows] = text.trim().split('\n');
  const comma = (x: string) => x.replace('.', ',');
  const lines = rows.map((r) => {
    const [date, open, high, low, close, adj, volume] = r.split(',');
    const [y, m, d] = date!.split('-');
    return [`${d}.${m}.${y}`, ...[open, high, low, close, adj].map((x) => comma(x!)), volume].join(';');
  });
  return [header!.replace(/,/g, ';'), ...lines].join('\r\n');
}

describe('a European export: fields separated by semicolons, decimal commas', () => {
  it('reads the same bars as the original file', () => {
    const text = readFileSync(ORCL, 'utf8');
    const original = parseOhlcv(text, 'orcl.csv', { now: Date.UTC(2024, 0, 1) });
    const loaded = parseOhlcv(european(text), 'orcl-eu.csv', { now: Date.UTC(2024, 0, 1) });
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toHaveLength(original.bars.length);
    expect(loaded.bars).toEqual(original.bars);
  });

  it('reads thousands grouped by points before a decimal comma ("1.234,56") or in a large volume ("4.157.500"), tab-separated too', () => {
    const rows = ['Date\tOpen\tHigh\tLow\tClose\tVolume', '2024-01-02\t1.234,56\t1.240,00\t1.230,10\t1.238,50\t1500', '2024-01-03\t1.238,50\t1.250,00\t1.236,5\t1.249,25\t4.157.500'];
    const r = parseOhlcv(rows.join('\n'), 'x.tsv', { now: Date.UTC(2024, 5, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [1234.56, 1240, 1230.1, 1238.5, 1500],
      [1238.5, 1250, 1236.5, 1249.25, 4_157_500],
    ]);
  });

  it('reads a volume a European spreadsheet wrote in scientific notation with a decimal comma ("1,23321E+11")', () => {
    // Excel in a Polish or German locale writes large volumes so (a Yahoo BTC-USD download re-saved there): the row
    // was rejected for its volume, its prices lost with it.
    const rows = ['Date;Open;High;Low;Close;Adj Close;Volume', '2021-01-04;32810,949219;33440,218750;28722,755859;31971,914063;31971,914063;8,1163E+10', '2021-01-05;31977,041016;34437,589844;30221,187500;33992,429688;33992,429688;6,72E+10'];
    const r = parseOhlcv(rows.join('\r\n'), 'btc.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.volume)).toEqual([8.1163e10, 6.72e10]);
  });

  it('in a comma-separated file reads quoted decimal commas, unless its numbers are written the English way', () => {
    // Investing.com's Italian or German export: commas between fields, decimal commas inside quotes.
    const r = parseOhlcv('Date,Open,High,Low,Close\n2024-01-02,"1,5","1,7","1,4","1,6"\n', 'x.csv');
    expect(r.bars.map((b) => [b.open, b.high, b.low, b.close])).toEqual([[1.5, 1.7, 1.4, 1.6]]);
    // Thousands separated by commas and decimals by a point: a decimal comma after them is a mistake, refused with why.
    const english = parseOhlcv('Date,Open,High,Low,Close\n2024-01-02,"1,234.5","1,240.0","1,230.0","1,236.5"\n2024-01-03,"1,5","1,7","1,4","1,6"\n', 'x.csv');
    expect(english.bars.map((b) => b.close)).toEqual([1236.5]);
    expect(english.rejected[0]?.message).toContain('a decimal comma? write decimals with a point');
  });
});
