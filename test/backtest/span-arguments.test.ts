import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoArgument } from '../../src/backtest/span-arguments.js';
import { MINUTE, OHLCV, ORCL, tempDir } from './helpers.js';

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

/** Rows of the shared minute file (`2006-01-03,09:01:00,...`) dated on a day. */
const minuteRowsOn = (day: string) => readFileSync(MINUTE, 'utf8').split('\n').filter((l) => l.startsWith(`${day},`)).length;

describe('--from and --to', () => {
  it('--to as a date alone takes in that whole day: one day of minute bars runs', () => {
    const r = conclave(['--from', '2006-01-03', '--to', '2006-01-03', '--out', tempDir(), MINUTE]);
    expect(r.status, r.stderr).toBe(0);
    const day = minuteRowsOn('2006-01-03');
    expect(day).toBeGreaterThan(700);
    expect((JSON.parse(r.stdout) as { bars: number }).bars).toBe(day);
  }, 60_000);

  it('--to with a time keeps it to the millisecond, and a daily file is cut as before', () => {
    expect(parseIsoArgument('--to', '2006-01-03T12:00:00Z', true)).toBe(Date.parse('2006-01-03T12:00:00Z'));
    expect(parseIsoArgument('--to', '2006-01-03', true)).toBe(Date.parse('2006-01-04T00:00:00Z') - 1);
    expect(parseIsoArgument('--from', '2006-01-03')).toBe(Date.parse('2006-01-03T00:00:00Z'));
    const r = conclave(['--from', '2012-01-03', '--to', '2012-01-31', '--out', tempDir(), `ORCL=${ORCL}`]);
    expect(r.status, r.stderr).toBe(0);
    // ORCL's January 2012 from the 3rd: 20 sessions, the 31st included.
    expect(JSON.parse(r.stdout)).toMatchObject({ bars: 20, name: 'ORCL_20120103-20120131' });
  }, 60_000);

  it('a day the month does not have is refused (exit 78), not rolled into the next month', () => {
    for (const text of ['2005-02-30', '2005-04-31T10:00:00Z', '2006-02-29 09:30']) {
      expect(() => parseIsoArgument('--to', text, true), text).toThrow(/is not a date: \d{4}-\d{2} has no day (29|30|31)/);
    }
    expect(parseIsoArgument('--to', '2004-02-29', true)).toBe(Date.parse('2004-03-01T00:00:00Z') - 1);
    const r = conclave(['--from', '2012-01-03', '--to', '2012-02-30', '--out', tempDir(), `ORCL=${ORCL}`]);
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('--to "2012-02-30" is not a date: 2012-02 has no day 30');
  }, 60_000);

  it("a date alone is the day of the zone a file's times are read in (--times-in)", () => {
    // The minute file's rows run to 22:00 on some days: read in New York, those are the next UTC day's.
    const r = conclave(['--times-in', 'America/New_York', '--from', '2006-01-03', '--to', '2006-01-03', '--out', tempDir(), MINUTE]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ bars: minuteRowsOn('2006-01-03'), name: '2006-01-02-VOLUME-MIN-001_20060103-20060103' });
  }, 60_000);

  it("a date alone is the file's own day: bars written ahead of UTC (Tokyo's +09:00) are cut at their own midnight", () => {
    // The shared Tokyo file's days from 2023-03-20 to 2023-03-24 (the 21st a holiday): 4 bars, each at 15:00 UTC the day before.
    const tokyo = join(OHLCV, 'yfinance__4063-T-1d-bad-stock-split.csv');
    const r = conclave(['--from', '2023-03-20', '--to', '2023-03-24', '--out', tempDir(), `X=${tokyo}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ bars: 4, name: 'X_20230320-20230324' });
    // With times, the bounds are instants as written: 2023-03-20T00:00Z is after the bar of the 20th (15:00Z on the 19th).
    const exact = conclave(['--from', '2023-03-20T00:00:00Z', '--to', '2023-03-24T23:59:59Z', '--out', tempDir(), `X=${tokyo}`]);
    expect(exact.status, exact.stderr).toBe(0);
    expect(JSON.parse(exact.stdout)).toMatchObject({ bars: 3, name: 'X_20230322-20230324' });
  }, 60_000);
});
