import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OHLCV, ORCL, tempDir } from './helpers.js';

const SPLIT = join(OHLCV, 'yfinance__4063-T-1d-bad-stock-split.csv');

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('conclave backtest over files with rows it cannot use', () => {
  it('says which file lost rows and from when (stderr, backtest.log, the page), and a rerun does not append to the log', () => {
    const out = tempDir();
    // ORCL's first 300 rows with every 50th repeated: 5 duplicate times, rejected.
    const orcl = readFileSync(ORCL, 'utf8').split('\n');
    const dups = join(tempDir(), 'dups.csv');
    writeFileSync(dups, [orcl[0], ...orcl.slice(1, 301).flatMap((line, i) => ((i + 1) % 50 === 0 ? [line, line] : [line]))].join('\n') + '\n');
    for (let run = 0; run < 2; run++) {
      const r = conclave(['--json', '--out', out, SPLIT, dups]);
      expect(r.status, r.stderr).toBe(0);
      // The unadjusted 5:1 split quarantines the file from 2023-03-28 (row 14 of a newest-first file) to its end.
      expect(r.stderr).toContain(`${SPLIT} (4063-T): 13 rows not used: 13 quarantined (13 unadjusted-split); the earliest is row 14 (2023-03-28T15:00:00Z)`);
      expect(r.stderr).toContain(`${dups} (DUPS): 6 rows not used: 6 rejected (6 duplicate-time)`);
      expect(r.stderr).toContain(`run conclave check-data ${SPLIT}`);
      expect(() => JSON.parse(r.stdout) as unknown, 'stdout holds the JSON alone').not.toThrow();
      const log = readFileSync(join(out, 'backtest.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file?: string; row?: number; code?: string });
      const rows = log.filter((l) => l.code !== undefined);
      expect(rows.filter((l) => l.file === SPLIT).map((l) => l.row)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
      expect(rows.filter((l) => l.file === dups && l.code === 'duplicate-time')).toHaveLength(6);
    }
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page).toMatch(/<strong>4063-T<\/strong>: 13 rows quarantined and 0 rejected in [^<]*yfinance__4063-T-1d-bad-stock-split.csv are not used/);
    expect(page).toMatch(/<strong>DUPS<\/strong>: 0 rows quarantined and 6 rejected/);
  }, 60_000);

  it('says nothing on stderr for a clean file', () => {
    const r = conclave(['--json', '--out', tempDir(), '--from', '2014-01-01', ORCL]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  }, 60_000);
});
