import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ORCL = resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');

function conclave(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** ORCL's real bars with open, high, low, close and adjusted close times `factor` (a sub-penny coin at 1e-7), volume as it is. */
function scaledOrcl(dir: string, factor: number): string {
  const [header, ...rows] = readFileSync(ORCL, 'utf8').trim().split('\n');
  const scaled = rows.map((row) => {
    const [date, ...fields] = row.split(',');
    return [date, ...fields.map((f, i) => (i < 5 ? String(Number(f) * factor) : f))].join(',');
  });
  const file = join(dir, 'TINY.csv');
  writeFileSync(file, [header, ...scaled].join('\n') + '\n');
  return file;
}

/** A backtest of 2010 that ends holding TINY (bought 2010-09-20), its store in `dir` as a daemon's data dir has it. */
function backtestHolding(factor: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-extreme-'));
  const run = conclave(['backtest', '--baseline-seeds', '0', '--from', '2010-01-01', '--to', '2011-01-01', '--out', dir, `TINY=${scaledOrcl(dir, factor)}`], { CONCLAVE_DATA_DIR: dir });
  expect(run.code, run.err).toBe(0);
  return dir;
}

describe('prices of a sub-penny coin', () => {
  it('conclave status shows a position’s prices with their digits, not as 0.0000', () => {
    const dir = backtestHolding(1e-7);
    const status = conclave(['status'], { CONCLAVE_DATA_DIR: dir });
    expect(status.code, status.err).toBe(0);
    const line = status.out.split('\n').find((l) => l.trimStart().startsWith('TINY'));
    // Bought at 0.0000027363675 (ORCL's 27.363675 of 2010-09-20), stop 2 ATR below it, marked at the last close.
    expect(line).toMatch(/avg 0\.0000027364 {2}mark 0\.0000031300 {2}unrealized 2,812\.63 {2}stop 0\.0000025982 \(stop loss\)/);
    expect(line).not.toContain('0.0000 ');
  });
});
