import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { zonelessTimeWarnings } from '../../src/backtest/zoneless-warnings.js';

/** Alpha Vantage's intraday CSV (TIME_SERIES_INTRADAY, datatype=csv): New York times without a zone, newest first. */
function alphaVantage(dir: string): string {
  const path = join(dir, 'intraday_5min_IBM.csv');
  const rows = Array.from({ length: 8 }, (_, i) => {
    const minute = 55 - 5 * i;
    return `2024-01-05 15:${String(minute).padStart(2, '0')}:00,${160 + i},${161 + i},${159 + i},${160.5 + i},${1000 + i}`;
  });
  writeFileSync(path, ['timestamp,open,high,low,close,volume', ...rows].join('\n') + '\n');
  return path;
}

/** A daily file: dates alone, no time of day the zone would move. */
function daily(dir: string): string {
  const path = join(dir, 'daily.csv');
  writeFileSync(path, ['Date,Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,100', '2024-01-03,10.5,11,10,10.8,100', '2024-01-04,10.8,11.2,10.6,11,100', '2024-01-05,11,11.4,10.9,11.2,100'].join('\n') + '\n');
  return path;
}

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('intraday times written without a zone', () => {
  it('are said per file, naming --times-in SYMBOL=ZONE; a daily file and a file whose zone is named stay silent', async () => {
    const dir = tempDir();
    const [av, day] = [alphaVantage(dir), daily(dir)];
    const lines = zonelessTimeWarnings(await loadSeries([{ file: av, symbol: 'IBM' }, { file: day, symbol: 'DAY' }], {}));
    expect(lines).toEqual([expect.stringMatching(/\(IBM\) writes its intraday times without a time zone: they are read as UTC; .*--times-in IBM=America\/New_York/)]);
    expect(zonelessTimeWarnings(await loadSeries([{ file: av, symbol: 'IBM', timesIn: 'America/New_York' }, { file: day, symbol: 'DAY' }], {}))).toEqual([]);
  });

  it('are said once a file: the symbols read from one file share its line, which names them all', async () => {
    const dir = tempDir();
    const [av, day] = [alphaVantage(dir), daily(dir)];
    const other = join(dir, 'other_5min.csv');
    writeFileSync(other, readFileSync(av, 'utf8'));
    const specs = [...['A', 'B', 'C'].map((symbol) => ({ file: av, symbol })), { file: day, symbol: 'DAY' }, { file: other, symbol: 'D' }];
    const lines = zonelessTimeWarnings(await loadSeries(specs, {}));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${av} \\(A, B, C\\) writes its intraday times without a time zone: .*--times-in A=America/New_York.*as for each of its 3 symbols`));
    expect(lines[0]).not.toMatch(/--times-in [BC]=/);
    expect(lines[1]).toMatch(new RegExp(`^${other} \\(D\\) writes .*--times-in D=America/New_York`));
    expect(lines[1]).not.toContain('as for each');
  });

  it('are said once on stderr and marked in report.json, as check-data says them', () => {
    const dir = tempDir();
    const [av, day] = [alphaVantage(dir), daily(dir)];
    const out = join(dir, 'out');
    const r = conclave(['--out', out, `IBM=${av}`, `DAY=${day}`]);
    expect(r.status, r.stderr).toBe(0);
    const said = r.stderr.split('\n').filter((l) => l.includes('without a time zone'));
    expect(said).toEqual([expect.stringMatching(new RegExp(`^conclave backtest: warning: ${av} \\(IBM\\) writes its intraday times without a time zone.*--times-in IBM=America/New_York`))]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { symbols: { symbol: string; zonelessTimes?: boolean; timesIn?: string }[] };
    expect(report.symbols.map((s) => [s.symbol, s.zonelessTimes])).toEqual([['IBM', true], ['DAY', undefined]]);
    const named = conclave(['--out', join(dir, 'named'), '--times-in', 'IBM=America/New_York', `IBM=${av}`, `DAY=${day}`]);
    expect(named.status, named.stderr).toBe(0);
    expect(named.stderr).not.toContain('without a time zone');
    const zoned = JSON.parse(readFileSync(join(dir, 'named', 'report.json'), 'utf8')) as { symbols: { zonelessTimes?: boolean; timesIn?: string }[] };
    expect(zoned.symbols[0]).toMatchObject({ timesIn: 'America/New_York' });
    expect(zoned.symbols[0]!.zonelessTimes).toBeUndefined();
  }, 60_000);
});
