import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
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

/** A backtest of 2010 that ends holding TINY (bought 2010-09-27), its store in `dir` as a daemon's data dir has it. */
function backtestHolding(factor: number, startingCash = 100_000): { dir: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-extreme-'));
  const env = { CONCLAVE_DATA_DIR: dir, CONCLAVE_STARTING_CASH: String(startingCash) };
  const run = conclave(['backtest', '--baseline-seeds', '0', '--from', '2010-01-01', '--to', '2011-01-01', '--out', dir, `TINY=${scaledOrcl(dir, factor)}`], env);
  expect(run.code, run.err).toBe(0);
  return { dir, out: run.out };
}

describe('prices of a sub-penny coin', () => {
  it('conclave status shows a position’s prices with their digits, not as 0.0000', () => {
    const { dir } = backtestHolding(1e-7);
    const status = conclave(['status'], { CONCLAVE_DATA_DIR: dir });
    expect(status.code, status.err).toBe(0);
    const line = status.out.split('\n').find((l) => l.trimStart().startsWith('TINY'));
    // Bought at 0.0000026873431 (ORCL's 26.873431 of 2010-09-27), stop 2 ATR below it, marked at the last close.
    expect(line).toMatch(/avg 0\.0000026873 {2}mark 0\.0000031300 {2}unrealized 3,204\.74 {2}stop 0\.0000025508 \(stop loss\)/);
    expect(line).not.toContain('0.0000 ');
  });

  it('a backtest’s summary, report page and explain show the quantity bought, not the float’s binary tail', () => {
    // 10,000,000 of cash in a coin at 0.0000027: 723,979,547,764.374 bought (the store's quantity, a multiple of the lot step).
    const { dir, out } = backtestHolding(1e-7, 10_000_000);
    expect(out).toContain('TINY: 723,979,547,764 bought at 0.000002687');
    // The report's trades table read such a quantity as "714,531,415,498.80700684" (and 8,203,445,783.57 as "8,203,445,783.56999969").
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<td class="num">723,979,547,764</td>');
    expect(page).not.toMatch(/\d\.\d{8}<\/td>/);
    const entry = readFileSync(join(dir, 'fills.csv'), 'utf8').split('\n').find((l) => l.includes(',buy,723979547'));
    const verdict = entry!.split(',')[8]!;
    // It said the quantity rounded to 12 digits ("qty 714531415500" of 714,531,415,498.807): more than was bought.
    const explain = conclave(['explain', '--store', join(dir, 'conclave-paper.db'), verdict]);
    expect(explain.out).toContain('risk gate: accepted, qty 723979547764: within all limits');
    expect(explain.out).toMatch(/fill: buy 723979547764 at 0\.0000026873431/);
  });

  it('fills.csv and trades.csv write the quantities and prices the store holds', () => {
    const { dir } = backtestHolding(1e-7, 10_000_000);
    const db = new Database(join(dir, 'conclave-paper.db'), { readonly: true });
    const stored = db.prepare('SELECT qty, price, fee FROM fills ORDER BY rowid').all() as { qty: number; price: number; fee: number }[];
    db.close();
    const rows = readFileSync(join(dir, 'fills.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(stored.length);
    rows.forEach((row, i) => {
      // It wrote 12 significant digits (714531415499 of the 714531415498.807 bought).
      expect(Number(row[3])).toBe(stored[i]!.qty);
      expect(Math.abs(Number(row[4]) / stored[i]!.price - 1)).toBeLessThan(1e-14);
      expect(Math.abs(Number(row[5]) / stored[i]!.fee - 1)).toBeLessThan(1e-14);
    });
    expect(rows.map((r) => r[3])).toContain('723979547764.374');
    const trade = readFileSync(join(dir, 'trades.csv'), 'utf8').split('\n').find((l) => l.includes(',723979547'));
    expect(trade!.split(',')[5]).toBe('723979547764.374');
    expect(trade!.split(',')[2]).toBe('0.00000268734310005');
  });
});
