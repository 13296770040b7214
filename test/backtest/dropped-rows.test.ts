import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OHLCV, ORCL, tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { droppedRowsLine } from '../../src/backtest/dropped-rows.js';

const SPLIT = join(OHLCV, 'yfinance__4063-T-1d-bad-stock-split.csv');

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('conclave backtest over files with rows it cannot use', () => {
  it('counts only the rows up to the span’s end: one after --to was never the run’s to use', async () => {
    // ORCL with one row repeated in 2005 and one in 2010: two duplicate times, rejected.
    const [header, ...rows] = readFileSync(ORCL, 'utf8').trim().split('\n');
    const file = join(tempDir(), 'orcl-dups.csv');
    writeFileSync(file, [header, ...rows.flatMap((r) => (r.startsWith('2005-03-01') || r.startsWith('2010-03-01') ? [r, r] : [r]))].join('\n'));
    const [within] = await loadSeries([{ file, symbol: 'ORCL' }], { to: Date.UTC(2007, 0, 1) });
    expect(droppedRowsLine(within!)).toMatch(/^\S+ \(ORCL\): 1 row not used: 1 rejected \(1 duplicate-time\); the earliest is row \d+ \(2005-03-01T00:00:00Z\)/);
    expect([within!.rejected, within!.quarantined]).toEqual([1, 0]);
    const [whole] = await loadSeries([{ file, symbol: 'ORCL' }], {});
    expect(droppedRowsLine(whole!)).toMatch(/: 2 rows not used: 2 rejected \(2 duplicate-time\)/);
  });

  it('sends the user to check-data with the zone the run read the file’s times in', async () => {
    // Hang Seng minutes in Hong Kong time, one row repeated: check-data without --times-in lists it 8 hours off.
    const file = join(tempDir(), 'hsi.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `2025-12-01 10:${String(i).padStart(2, '0')}:00,25900,25910,25890,25905`);
    writeFileSync(file, ['datetime,open,high,low,close', ...rows.slice(0, 20), rows[19], ...rows.slice(20)].join('\n'));
    const [zoned] = await loadSeries([{ file, symbol: 'HSI', timesIn: 'Asia/Hong_Kong' }], {});
    expect(droppedRowsLine(zoned!)).toContain(`(2025-12-01T02:19:00Z); run conclave check-data ${file} --times-in Asia/Hong_Kong for why`);
    const [utc] = await loadSeries([{ file, symbol: 'HSI' }], {});
    expect(droppedRowsLine(utc!)).toContain(`run conclave check-data ${file} for why`);
  });

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

  it('says with the figures that a file whose rows are quarantined to its end is seen only up to them (a crash the size of a split is in no figure)', () => {
    const out = tempDir();
    const r = conclave(['--out', out, `SHIN=${SPLIT}`]);
    expect(r.status, r.stderr).toBe(0);
    const note = 'SHIN: no bar after 2023-03-27 is used: its 13 rows from 2023-03-28 on are quarantined (unadjusted-split: a split the file is not adjusted for, or a real move of its size)';
    expect(r.stdout).toContain(`Data:\n  ${note}; what SHIN did from then on is in none of these figures. conclave check-data ${SPLIT} tells why`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { symbols: { quarantinedTail?: unknown }[] };
    expect(report.symbols[0]!.quarantinedTail).toEqual({ from: '2023-03-28T15:00:00.000Z', rows: 13, code: 'unadjusted-split' });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`<strong>${note}`);
    const json = conclave(['--json', '--out', tempDir(), `SHIN=${SPLIT}`]);
    expect((JSON.parse(json.stdout) as { symbols: { quarantinedTail?: unknown }[] }).symbols[0]!.quarantinedTail).toEqual(report.symbols[0]!.quarantinedTail);
    // A span that holds only quarantined rows says so, not only where the usable bars run.
    const none = conclave(['--out', tempDir(), '--from', '2023-04-01', `SHIN=${SPLIT}`]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('its usable bars run from 2023-03-14T15:00:00Z to 2023-03-27T15:00:00Z; its 13 rows from 2023-03-28T15:00:00Z on are quarantined (unadjusted-split): run conclave check-data');
    // Up to --to, the count is of the span's rows, and the file's own count beside it.
    const upTo = conclave(['--out', tempDir(), '--from', '2023-03-31', '--to', '2023-04-03', `SHIN=${SPLIT}`]);
    expect(upTo.status).toBe(1);
    expect(upTo.stderr).toContain("its 4 rows from 2023-03-28T15:00:00Z up to --to (13 to the file's end) are quarantined (unadjusted-split)");
  }, 60_000);

  it("quotes a path with spaces in the check-data command it gives, so that it runs as given (Investing.com's 'Gold Futures Historical Data.csv')", async () => {
    // Given unquoted, the command said: error: too many arguments for 'check-data'. Expected 1 argument but got 3.
    const file = join(tempDir(), "Gold Futures Historical Data (it's daily).csv");
    const orcl = readFileSync(ORCL, 'utf8').trim().split('\n');
    writeFileSync(file, [orcl[0], ...orcl.slice(1, 120), orcl[120], orcl[120]].join('\n') + '\n');
    const [series] = await loadSeries([{ symbol: 'GOLD', file }], {});
    const line = droppedRowsLine(series!)!;
    const quoted = `'${file.replace(/'/g, "'\\''")}'`;
    expect(line).toContain(`run conclave check-data ${quoted} for why and what to do`);
    const shown = spawnSync('/bin/sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
    expect(shown.stdout).toBe(file);
    expect(droppedRowsLine({ ...series!, file: '/data/gold.csv' })).toContain('run conclave check-data /data/gold.csv for why');
  });

  it('says nothing on stderr for a clean file', () => {
    const r = conclave(['--json', '--out', tempDir(), '--from', '2014-01-01', ORCL]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  }, 60_000);

  it("dates Yahoo's null rows, and names the row alone where a row has no readable date (a footer)", async () => {
    // ORCL as Yahoo writes a day without prices ("null" in every column), with a footer line after the rows.
    const orcl = readFileSync(ORCL, 'utf8').trim().split('\n');
    const file = join(tempDir(), 'yahoo.csv');
    const nullRow = (line: string) => `${line.split(',')[0]!},null,null,null,null,null,null`;
    writeFileSync(file, [...orcl.slice(0, 200), nullRow(orcl[200]!), ...orcl.slice(201), 'Data provided by example.com'].join('\r\n') + '\r\n');
    const [series] = await loadSeries([{ file, symbol: 'ORCL' }], {});
    // The null row is row 201, 1995-10-16; the footer has no date.
    expect(droppedRowsLine(series!)).toBe(
      `${file} (ORCL): 2 rows not used: 2 rejected (1 non-finite, 1 malformed-row); the earliest is row 201 (1995-10-16T00:00:00Z); run conclave check-data ${file} for why and what to do`,
    );
    // With only the footer lost, the line names its row and no time (it said "row 5038 (?)").
    writeFileSync(file, [...orcl, 'Data provided by example.com'].join('\n'));
    const [footerOnly] = await loadSeries([{ file, symbol: 'ORCL' }], {});
    expect(droppedRowsLine(footerOnly!)).toContain('the earliest is row 5038; run conclave check-data');
  });
});
