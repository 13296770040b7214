import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarTime } from '../../src/market/bar-time.js';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const MIN5 = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__2006-min-005.txt');

describe('times on a 12-hour clock (AM/PM), as a spreadsheet in a US locale saves them', () => {
  it('reads 12 AM as midnight and 12 PM as noon, and refuses an hour that a 12-hour clock does not have', () => {
    expect(parseBarTime('2024-01-03 9:30:00 AM')).toBe(Date.UTC(2024, 0, 3, 9, 30));
    expect(parseBarTime('2024-01-03 4:00 PM')).toBe(Date.UTC(2024, 0, 3, 16));
    expect(parseBarTime('2024-01-03 12:15 AM')).toBe(Date.UTC(2024, 0, 3, 0, 15));
    expect(parseBarTime('2024-01-03 12:15:30 pm')).toBe(Date.UTC(2024, 0, 3, 12, 15, 30));
    expect(parseBarTime('2024-01-03 09:30:00PM')).toBe(Date.UTC(2024, 0, 3, 21, 30));
    expect(parseBarTime('2024-01-03 13:30 PM')).toBeNaN();
    expect(parseBarTime('2024-01-03 0:30 AM')).toBeNaN();
  });

  it('a file of the shared 5-minute bars written as 1/2/2006 9:05:00 AM reads as the original', () => {
    const text = readFileSync(MIN5, 'utf8');
    const [, ...rows] = text.trim().split('\n');
    const us = rows.map((r) => {
      const [date, time, ...rest] = r.split(',');
      const [y, m, d] = date!.split('-').map(Number) as [number, number, number];
      const [hh, mm, ss] = time!.split(':');
      const hour = Number(hh);
      const clock = `${hour % 12 || 12}:${mm!}:${ss!} ${hour < 12 ? 'AM' : 'PM'}`;
      return [`${m}/${d}/${y} ${clock}`, ...rest.slice(0, 5)].join(',');
    });
    const loaded = parseOhlcv(['Date,Open,High,Low,Close,Volume', ...us].join('\n'), 'us.csv');
    const original = parseOhlcv(text, 'min5.csv');
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => b.time)).toEqual(original.bars.map((b) => b.time));
    expect(loaded.bars.some((b) => new Date(b.time).getUTCHours() >= 13)).toBe(true);
  });
});
