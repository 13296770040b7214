import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTimesIn } from '../../src/backtest/file-arguments.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { unusedZoneWarnings } from '../../src/backtest/zoneless-warnings.js';
import { loadConfig } from '../../src/config/config.js';
import { MINUTE, ORCL, tempDir } from './helpers.js';

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('--times-in: the zone of clock times a file writes without one', () => {
  const specs = [
    { file: MINUTE, symbol: 'FUT' },
    { file: ORCL, symbol: 'ORCL' },
  ];

  it('names one zone for every file, or one for a symbol over it', () => {
    expect(withTimesIn(specs, [])).toEqual(specs);
    expect(withTimesIn(specs, ['Europe/Berlin']).map((s) => s.timesIn)).toEqual(['Europe/Berlin', 'Europe/Berlin']);
    expect(withTimesIn(specs, ['orcl=America/New_York', 'Europe/Berlin']).map((s) => s.timesIn)).toEqual(['Europe/Berlin', 'America/New_York']);
    expect(withTimesIn(specs, ['FUT=Etc/GMT-2'])).toEqual([{ ...specs[0], timesIn: 'Etc/GMT-2' }, specs[1]]);
  });

  it('refuses a zone the runtime does not know, a symbol no file is, and two zones for every file or for one symbol', () => {
    expect(() => withTimesIn(specs, ['EST5EDTX'])).toThrow(/--times-in "EST5EDTX": "EST5EDTX" is not a time zone this runtime knows; name an IANA zone/);
    expect(() => withTimesIn(specs, ['AAPL=America/New_York'])).toThrow('--times-in "AAPL=America/New_York": no file is symbol AAPL; the files\' symbols are FUT, ORCL');
    expect(() => withTimesIn(specs, ['UTC', 'Asia/Tokyo'])).toThrow(/names two zones for every file \(UTC, Asia\/Tokyo\)/);
    expect(() => withTimesIn(specs, ['ORCL=Europe/Berlin', 'orcl=America/New_York'])).toThrow('--times-in names two zones for ORCL (Europe/Berlin, America/New_York): name one');
    expect(withTimesIn(specs, ['ORCL=Europe/Berlin', 'orcl=Europe/Berlin']).map((s) => s.timesIn)).toEqual([undefined, 'Europe/Berlin']);
  });

  it('reads the same zones in a replayFiles entry as on the command line: UTC under any of its names, no unknown zone', () => {
    const replay = (timesIn: string) => loadConfig({ env: { CONCLAVE_REPLAY_FILES: JSON.stringify([{ file: ORCL, timesIn }]) } }).replayFiles;
    for (const zone of ['Z', 'UTC', 'gmt', 'Etc/GMT-2', 'America/New_York']) {
      expect(withTimesIn(specs, [zone])[0]!.timesIn).toBe(zone);
      expect(replay(zone)).toEqual([{ file: ORCL, timesIn: zone }]);
    }
    expect(() => replay('Mars/Olympus')).toThrow(/not a time zone this runtime knows/);
  });

  it('says when a zone it was given changed nothing: dates alone, or a zone for every file that no file used', async () => {
    const span = { to: Date.parse('2006-01-03T23:59:00Z') };
    const warned = async (values: string[]) => unusedZoneWarnings(values, await loadSeries(withTimesIn(specs, values), span));
    expect(await warned(['America/New_York'])).toEqual([]);
    expect(await warned(['FUT=America/New_York'])).toEqual([]);
    expect(await warned(['ORCL=Asia/Tokyo', 'FUT=America/New_York'])).toEqual([
      `--times-in ORCL=Asia/Tokyo changed nothing: ${ORCL} writes no clock time without a zone (times that carry their UTC offset, are in UTC, or are dates alone are read as written)`,
    ]);
    expect(await warned(['FUT=America/New_York', 'Asia/Tokyo'])).toEqual([
      `--times-in Asia/Tokyo changed nothing: ${ORCL} writes no clock time without a zone (times that carry their UTC offset, are in UTC, or are dates alone are read as written)`,
    ]);
  });

  it('runs the file on its instants: New York times of January are five hours behind UTC, in every output', () => {
    const out = tempDir();
    const r = conclave(['--times-in', 'FUT=America/New_York', '--to', '2006-01-03', '--baseline-seeds', '0', '--out', out, '--json', `FUT=${MINUTE}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { symbols: { firstBar: string; timesIn?: string }[] };
    // The file's first row is 2006-01-02,09:01:00.
    expect(report.symbols[0]).toMatchObject({ firstBar: '2006-01-02T14:01:00.000Z', timesIn: 'America/New_York' });
    expect(readFileSync(join(out, 'equity.csv'), 'utf8').split('\n')[1]).toMatch(/^2006-01-02T14:02:00/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('its times read in America/New_York');
    const bad = conclave(['--times-in', 'Mars/Olympus', ORCL]);
    expect(bad.status).toBe(78);
    expect(bad.stderr).toMatch(/^conclave: --times-in "Mars\/Olympus": "Mars\/Olympus" is not a time zone/);
  }, 60_000);
});
