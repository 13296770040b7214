import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG, ORCL, tempDir } from './helpers.js';

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('conclave backtest (the real process)', () => {
  it('runs, prints only the summary without a terminal, writes its outputs and a store explain reads', () => {
    const out = tempDir();
    const r = conclave(['--from', '2012-01-01', '--to', '2012-12-31', '--out', out, '--json', `ORCL=${ORCL}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { name: string; bars: number; outDir: string };
    expect(summary).toMatchObject({ name: 'ORCL_20120103-20121231', bars: 250, outDir: out });
    expect(existsSync(join(out, 'record.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ bars: 250 });
    const explain = spawnSync(process.execPath, ['bin/conclave.js', 'explain', '--store', join(out, 'conclave-paper.db')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/ORCL/);
  }, 60_000);

  it('exits 78 naming the bad argument', () => {
    const cases: [string[], RegExp][] = [
      [['--from', '31/01/2005', ORCL], /--from/],
      [['--from', '2006-01-01', '--to', '2005-01-01', ORCL], /--from .*after --to/],
      [['--bogus', ORCL], /unknown option '--bogus'/],
      [['/nonexistent/file.csv'], /FILE "\/nonexistent\/file.csv" does not exist/],
      [[`A=${ORCL}`, `A=${GOOG}`], /symbol A comes from two files/],
    ];
    for (const [args, message] of cases) {
      const r = conclave(args);
      expect(r.status, args.join(' ')).toBe(78);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);

  it("refuses to replace a store that no backtest wrote", () => {
    const out = tempDir();
    writeFileSync(join(out, 'conclave-paper.db'), 'the daemon');
    const r = conclave(['--out', out, ORCL]);
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/holds a store that no backtest wrote/);
    expect(readFileSync(join(out, 'conclave-paper.db'), 'utf8')).toBe('the daemon');
  }, 60_000);

  it('exits 1 with the reason when no usable bar is left', () => {
    const r = conclave(['--from', '2030-01-01', '--out', tempDir(), ORCL]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no bar of .*orcl.* falls between 2030-01-01/);
  }, 60_000);
});
