import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { MAX_STRAY_ROWS } from '../../src/market/stray-rows.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = Date.UTC(2026, 11, 2);
const lines = readFileSync(ORCL, 'utf8').trimEnd().split('\n');
const original = parseOhlcv(lines.join('\n'), ORCL, { now: NOW });
/** ORCL with the data rows at these 0-based indexes re-dated by `redate`. */
const edited = (indexes: number[], redate: (line: string) => string) =>
  parseOhlcv(lines.map((l, i) => (indexes.includes(i - 1) ? redate(l) : l)).join('\n'), ORCL, { now: NOW });
const timesOf = (bars: readonly { time: number }[]) => bars.map((b) => b.time);

describe('rows dated out of sequence with the rows around them', () => {
  it('takes out a row whose year was mistyped into the future, and keeps every row after it', () => {
    const at = 1999; // 2002-12-09
    const r = edited([at], (l) => l.replace(/^2002/, '2102'));
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ row: at + 2, code: 'out-of-order', time: Date.UTC(2102, 11, 9) });
    expect(r.rejected[0]!.message).toContain('after the present');
    expect(timesOf(r.bars)).toEqual(timesOf(original.bars).filter((_, i) => i !== at));
  });

  it('takes out a row mistyped into a later year of the file, so the real bar of that date stays', () => {
    const at = 1999;
    const r = edited([at], (l) => l.replace(/^2002/, '2012'));
    expect(r.rejected.map((i) => i.row)).toEqual([at + 2]);
    expect(r.rejected[0]!.message).toMatch(/after the rows that follow it \(row 2002, 2002-12-10.*typo in its date/);
    expect(r.bars).toEqual(original.bars.filter((_, i) => i !== at));
    // The real 2012-12-09... is not in ORCL (a Sunday); the real 2012-12-10 keeps its own prices.
    const dec10 = Date.UTC(2012, 11, 10);
    expect(r.bars.find((b) => b.time === dec10)).toEqual(original.bars.find((b) => b.time === dec10));
  });

  it('takes out a short run of mistyped rows, and the first row when it is the stray', () => {
    const run = Array.from({ length: MAX_STRAY_ROWS }, (_, k) => 3000 + k);
    const r = edited(run, (l) => l.replace(/^20(\d\d)/, (_m, y: string) => `20${String(Number(y) + 3).padStart(2, '0')}`));
    expect(r.rejected.map((i) => i.row)).toEqual(run.map((k) => k + 2));
    expect(r.bars).toHaveLength(original.bars.length - MAX_STRAY_ROWS);
    const first = edited([0], (l) => l.replace(/^1995/, '2005'));
    expect(first.rejected.map((i) => i.row)).toEqual([2]);
    expect(first.bars).toEqual(original.bars.slice(1));
  });

  it('still reads two downloads put one after the other as before: the first kept, the overlap of the second out of order', () => {
    const text = [...lines.slice(0, 3001), ...lines.slice(1500)].join('\n');
    const r = parseOhlcv(text, ORCL, { now: NOW });
    expect(timesOf(r.bars)).toEqual(timesOf(original.bars));
    expect(r.rejected.every((i) => i.code === 'out-of-order' || i.code === 'duplicate-time')).toBe(true);
    expect(r.rejected[0]!.message).toContain('sort the file by time');
  });

  it('rejects a last row dated after the present, which would have stretched a run by a century', () => {
    const last = lines.length - 2;
    const r = edited([last], (l) => l.replace(/^2014/, '2114'));
    expect(r.rejected.map((i) => i.row)).toEqual([last + 2]);
    expect(r.bars).toEqual(original.bars.slice(0, -1));
    // Dated within two days of the present, a row is history (a daily bar labelled in a time zone ahead of UTC).
    const today = parseOhlcv(`Date,Open,High,Low,Close,Volume\n2026-12-02,1,2,1,2,10\n2026-12-03,2,3,2,3,10\n`, 'x.csv', { now: NOW });
    expect(today.bars).toHaveLength(2);
  });

  // Cut from a whole market's file, one symbol's rows came out of order: each row going back in time was rejected as a
  // typo in its date, and the run went on with what was left.
  it('refuses a file whose rows are in no time order, saying to sort it, rather than calling each row a typo', () => {
    const head = lines.slice(1, 201);
    const shuffled = head.slice(100).flatMap((l, i) => [l, head[i]!]);
    expect(() => parseOhlcv([lines[0], ...shuffled].join('\n'), ORCL, { now: NOW })).toThrow(/is not in time order: from one row to the next its dates rise 99 times and fall 100 times, too many for typos in dates\. Sort its rows by time/);
    // Newest first is an order: read reversed, as before.
    expect(timesOf(parseOhlcv([lines[0], ...head.slice().reverse()].join('\n'), ORCL, { now: NOW }).bars)).toEqual(timesOf(original.bars.slice(0, 200)));
    // Ten typos in 5,036 rows are typos: each taken out, the file read.
    const typos = Array.from({ length: 10 }, (_, k) => 200 + 400 * k);
    const r = edited(typos, (l) => l.replace(/^(\d{4})/, (_m, y: string) => String(Number(y) + 1)));
    expect(r.rejected.map((i) => i.row)).toEqual(typos.map((k) => k + 2));
  });
});
