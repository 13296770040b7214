import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskLine, folderBytes } from '../../src/backtest/folder-size.js';
import { ORCL, tempDir } from './helpers.js';

/**
 * Each run keeps its store (a 50-symbol daily run's is over 100 MB) and nothing prunes them: the summary says what the
 * run takes, and what all the runs kept in the data dir's backtests/ take, on the disk that is usually the daemon's.
 */
describe('what a backtest leaves on disk', () => {
  it('counts the files under a folder, its subfolders too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'x'.repeat(1000));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b'), 'y'.repeat(24));
    expect(folderBytes(dir)).toBe(1024);
    expect(folderBytes(join(dir, 'missing'))).toBe(0);
    expect(diskLine(dir, null)).toBe('outputs take 0.0 MB');
  });

  it('is said after the summary: the run’s size, and all the runs’ in the data dir', () => {
    // A space in the path: the store's command is printed quoted, to be copied whole.
    const data = join(tempDir(), 'my data');
    const run = () =>
      spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--from', '2012-01-01', '--to', '2012-03-31', `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: data }, timeout: 60_000 });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`\\n {2}its store: conclave explain --store '${data}/backtests/[^/']+/conclave-paper\\.db'\\n`));
    const line = first.stdout.trimEnd().split('\n').at(-1)!;
    const [, own, all] = /^ {2}outputs take ([\d.]+) MB; .*backtests holds ([\d.]+) MB in 1 run \(delete those you no longer need: nothing prunes them\)$/.exec(line) ?? [];
    expect(Number(own)).toBeGreaterThan(0.1);
    expect(all).toBe(own);
    // Another run kept beside it (a file there is no run): two runs, their sizes added up.
    writeFileSync(join(data, 'backtests', 'note.txt'), 'not a run');
    mkdirSync(join(data, 'backtests', 'older-run'));
    writeFileSync(join(data, 'backtests', 'older-run', 'conclave-paper.db'), Buffer.alloc(3 * 1_048_576));
    const again = /backtests holds ([\d.]+) MB in 2 runs /.exec(run().stdout);
    expect(Number(again?.[1])).toBeCloseTo(Number(own) + 3, 0);
  }, 120_000);
});
