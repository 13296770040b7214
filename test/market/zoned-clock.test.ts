import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOhlcvFile, parseOhlcv } from '../../src/market/ohlcv-file.js';
import { wallClockToUtc } from '../../src/market/zoned-clock.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');

/** The wall clock of `zone` at a UTC instant, as if it were UTC (the reference, one Intl call a time). */
const formats = new Map<string, Intl.DateTimeFormat>();
function wallAt(zone: string, utc: number): number {
  if (!formats.has(zone)) formats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }));
  const parts = formats.get(zone)!.formatToParts(new Date(utc));
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
}

describe('wall-clock times of a time zone to UTC', () => {
  it('gives the instants of known New York times, daylight saving included', () => {
    const ny = wallClockToUtc('America/New_York')!;
    const at = (wall: string) => new Date(ny(Date.parse(`${wall}Z`))).toISOString();
    expect(at('2021-01-04T09:30:00')).toBe('2021-01-04T14:30:00.000Z');
    expect(at('2021-07-01T09:30:00')).toBe('2021-07-01T13:30:00.000Z');
    expect(at('2021-03-14T03:00:00')).toBe('2021-03-14T07:00:00.000Z'); // the first hour of summer time
    expect(at('2021-03-14T01:59:00')).toBe('2021-03-14T06:59:00.000Z');
    expect(at('2006-01-02T09:31:00')).toBe('2006-01-02T14:31:00.000Z');
  });

  it('agrees with the zone at every 45 minutes of a year (each quarter of an hour in turn), in zones that change by an hour, by half an hour or never', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Etc/GMT-2']) {
      const toUtc = wallClockToUtc(zone)!;
      let checked = 0;
      for (let utc = Date.UTC(2020, 0, 1); utc < Date.UTC(2021, 0, 1); utc += 2_700_000) {
        const wall = wallAt(zone, utc);
        const back = toUtc(wall);
        // A wall time the clocks show twice (the hour they go back) is either instant; every other is this one.
        expect(back === utc || wallAt(zone, back) === wall, `${zone} ${new Date(utc).toISOString()}`).toBe(true);
        checked++;
      }
      expect(checked).toBe(11_712);
    }
  });

  it('reads each time on its own in a half hour in which the clocks change (Kathmandu moved from +05:30 to +05:45 at 00:00 of 1986)', () => {
    const toUtc = wallClockToUtc('Asia/Kathmandu')!;
    for (let utc = Date.UTC(1985, 11, 31, 17); utc < Date.UTC(1985, 11, 31, 20); utc += 60_000) {
      expect(new Date(toUtc(wallAt('Asia/Kathmandu', utc))).toISOString()).toBe(new Date(utc).toISOString());
    }
  });

  it('is the identity for UTC, and undefined for a zone the runtime does not know', () => {
    expect(wallClockToUtc('UTC')!(1_234_567)).toBe(1_234_567);
    expect(wallClockToUtc('Mars/Olympus')).toBeUndefined();
  });
});

describe('an OHLCV file read with the zone of its times (timesIn)', () => {
  it("moves its clock times written without a zone, and neither dates alone nor times with an offset", async () => {
    const minute = path.join(DIR, 'backtrader__2006-01-02-volume-min-001.txt');
    const utc = await loadOhlcvFile(minute);
    const ny = await loadOhlcvFile(minute, { timesIn: 'America/New_York' });
    expect(utc.zonelessClock).toBe(true);
    expect(ny.zonelessClock).toBe(false);
    expect(ny.zonedRows).toBe(utc.totalRows);
    expect(ny.bars.map((b) => b.time - 5 * 3_600_000)).toEqual(utc.bars.map((b) => b.time)); // January: EST
    expect(ny.bars.map((b) => b.close)).toEqual(utc.bars.map((b) => b.close));
    for (const file of ['backtrader__orcl-1995-2014.txt', 'yfinance__EA-15m-no-bad-divs.csv']) {
      const asWritten = await loadOhlcvFile(path.join(DIR, file));
      const zoned = await loadOhlcvFile(path.join(DIR, file), { timesIn: 'Asia/Tokyo' });
      expect(zoned.zonedRows, file).toBe(0);
      expect(zoned.bars, file).toEqual(asWritten.bars);
    }
    // HistData's ASCII bars: no header, YYYYMMDD HHMMSS in EST all year (UTC-5, Etc/GMT+5 in IANA's signs).
    const histdata = '20100103 170000;1.430100;1.430400;1.430100;1.430400;0\n20100103 170100;1.430400;1.430500;1.430300;1.430500;0\n';
    const fx = parseOhlcv(histdata, 'DAT_ASCII_EURUSD_M1_2010.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'Etc/GMT+5' });
    expect(fx.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2010-01-03T22:00:00.000Z', '2010-01-03T22:01:00.000Z']);
    expect(parseOhlcv(histdata, 'DAT_ASCII_EURUSD_M1_2010.csv', { now: Date.UTC(2024, 0, 1) }).zonelessClock).toBe(true);
    // JSON bars too: a clock time without a zone is flagged; with an offset, or epoch milliseconds, it is not.
    const json = (time: unknown) => parseOhlcv(JSON.stringify([{ time, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 }]), 'bars.json', { now: Date.UTC(2024, 0, 1) });
    expect(json('2010-01-04 09:30:00').zonelessClock).toBe(true);
    expect(json('2010-01-04T09:30:00-05:00').zonelessClock).toBe(false);
    expect(json(Date.UTC(2010, 0, 4, 14, 30)).zonelessClock).toBe(false);
    await expect(loadOhlcvFile(minute, { timesIn: 'EST5' })).rejects.toThrow(/time zone "EST5" is not one this runtime knows; name an IANA zone/);
  });

  it('reads the hour the clocks go back, written twice, as two hours in the file’s order (ascending or descending)', () => {
    // 24/7 hourly bars written on Berlin’s wall clock: 02:00 comes twice on 2023-10-29 (CEST, then CET).
    const hours = Array.from({ length: 6 }, (_, i) => Date.UTC(2023, 9, 28, 22) + i * 3_600_000);
    const row = (utc: number, i: number) => `${new Date(wallAt('Europe/Berlin', utc)).toISOString().slice(0, 19).replace('T', ' ')},${100 + i},${102 + i},${99 + i},${101 + i},1`;
    const rows = hours.map(row);
    expect(rows.map((r) => r.slice(11, 16))).toEqual(['00:00', '01:00', '02:00', '02:00', '03:00', '04:00']);
    const read = (lines: string[]) => parseOhlcv(`Date,Open,High,Low,Close,Volume\n${lines.join('\n')}\n`, 'btc-berlin.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'Europe/Berlin' });
    for (const lines of [rows, [...rows].reverse()]) {
      const result = read(lines);
      expect([result.rejected, result.quarantined, result.gaps]).toEqual([[], [], []]);
      expect(result.bars.map((b) => [b.time, b.open])).toEqual(hours.map((t, i) => [t, 100 + i]));
    }
    // New York’s minutes: 01:00-01:59 twice on 2023-11-05, EDT then EST.
    const minutes = Array.from({ length: 180 }, (_, i) => Date.UTC(2023, 10, 5, 5) + i * 60_000);
    const ny = parseOhlcv(`time,open,high,low,close\n${minutes.map((t, i) => `${new Date(wallAt('America/New_York', t)).toISOString().slice(0, 19)},${10 + i},${11 + i},${9 + i},${10 + i}`).join('\n')}\n`, 'es-ny.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'America/New_York' });
    expect([ny.rejected, ny.quarantined, ny.gaps]).toEqual([[], [], []]);
    expect(ny.bars.map((b) => b.time)).toEqual(minutes);
  });

  it('refuses, saying why, a time the zone’s clocks skip, instead of reading it as the hour after', () => {
    // Hourly bars on a fixed UTC+1 clock all year (many FX servers), read as Berlin’s: 02:00 of 2023-03-26 is no Berlin time.
    const hours = Array.from({ length: 6 }, (_, i) => Date.UTC(2023, 2, 26, -1 + i));
    const lines = hours.map((t, i) => `${new Date(t + 3_600_000).toISOString().slice(0, 19).replace('T', ' ')},${100 + i},${102 + i},${99 + i},${101 + i},1`);
    expect(lines.map((r) => r.slice(11, 16))).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00']);
    const csv = parseOhlcv(`Date,Open,High,Low,Close,Volume\n${lines.join('\n')}\n`, 'eurusd-gmt1.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'Europe/Berlin' });
    expect(csv.rejected.map((r) => [r.row, r.code])).toEqual([[4, 'invalid-time']]);
    expect(csv.rejected[0]!.message).toMatch(/time "2023-03-26 02:00:00" is one Europe\/Berlin's clocks skip \(they go forward that night\).*give timesIn \(--times-in\) the zone the file was written in/);
    expect(csv.bars.map((b) => b.open)).toEqual([100, 101, 103, 104, 105]);
    const json = parseOhlcv(JSON.stringify([{ time: '2023-03-26 02:30:00', open: 1, high: 2, low: 0.5, close: 1.5 }]), 'bars.json', { now: Date.UTC(2024, 0, 1), timesIn: 'Europe/Berlin' });
    expect(json.rejected.map((r) => r.message)).toEqual([expect.stringMatching(/^time "2023-03-26 02:30:00" is one Europe\/Berlin's clocks skip/)]);
    // Midnight skipped (Santiago’s clocks go from 00:00 to 01:00 on 2024-09-08) is a daily bar’s label: kept, as that day’s first instant.
    const santiago = parseOhlcv('Date,Open,High,Low,Close\n2024-09-07 00:00,1,2,0.5,1.5\n2024-09-08 00:00,1,2,0.5,1.5\n2024-09-09 00:00,1,2,0.5,1.5\n', 'ipsa.csv', { now: Date.UTC(2025, 0, 1), timesIn: 'America/Santiago' });
    expect(santiago.rejected).toEqual([]);
    expect(santiago.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2024-09-07T04:00:00.000Z', '2024-09-08T04:00:00.000Z', '2024-09-09T03:00:00.000Z']);
    // Read on its own clock, the same file is whole.
    expect(parseOhlcv(`Date,Open,High,Low,Close,Volume\n${lines.join('\n')}\n`, 'eurusd-gmt1.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'Etc/GMT-1' }).bars.map((b) => b.time)).toEqual(hours);
  });
});
