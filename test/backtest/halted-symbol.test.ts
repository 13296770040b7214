import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BacktestBroker, fillTimeouts } from '../../src/backtest/backtest-broker.js';
import { backtest, GOOG, ORCL, tempDir } from './helpers.js';

const DAY = 86_400_000;
const bar = (time: number, open: number) => ({ time, open, high: open + 1, low: open - 1, close: open, volume: 1 });

/**
 * ORCL with the bar of `day` (an entry's fill, by default the July 2005 entry decided on the 13th's close) and the 99
 * after it cut out: the entry finds no bar to fill at for about 5 months. Also the date trading reopens.
 */
function haltedOrcl(dir: string, day = '2005-07-14'): { file: string; reopening: string } {
  const lines = readFileSync(ORCL, 'utf8').trim().split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${day},`));
  const file = join(dir, 'orcl-halted.csv');
  writeFileSync(file, [...lines.slice(0, at), ...lines.slice(at + 100)].join('\n') + '\n');
  return { file, reopening: lines[at + 100]!.slice(0, 10) };
}

/** `conclave backtest ARGS` as a user runs it, with no setting from this environment. */
const backtestCli = (args: string[], timeout = 60_000) => spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout });

describe('an order whose symbol has no bar for a long time (a halt, a hole in the file)', () => {
  it('fills at the next bar within the timeout, and is cancelled at a bar past it (the broker)', async () => {
    let now = 10 * DAY;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, fillTimeoutMs: fillTimeouts(() => DAY, 4 * DAY) });
    await broker.submit({ clientOrderId: 'weekend', symbol: 'X', side: 'buy', qty: 1 });
    // Friday's bar closes on Saturday 00:00; Tuesday's opens 3 days later, after a holiday Monday.
    const [filled] = broker.openBar('X', bar(13 * DAY, 100));
    expect(filled!.result).toMatchObject({ status: 'filled', fills: [{ price: 100, time: 13 * DAY }] });
    broker.closeBar('X');
    // Easter: Thursday's bar closes on Friday 00:00, Tuesday's opens the whole timeout later, and is within it.
    await broker.submit({ clientOrderId: 'easter', symbol: 'X', side: 'buy', qty: 1 });
    const [easter] = broker.openBar('X', bar(now + 4 * DAY, 100));
    expect(easter!.result.status).toBe('filled');
    broker.closeBar('X');
    now = 14 * DAY;
    await broker.submit({ clientOrderId: 'halt', symbol: 'X', side: 'buy', qty: 1 });
    const [halted] = broker.openBar('X', bar(14 * DAY + 150 * DAY, 40));
    expect(halted!.result.status).toBe('cancelled');
    expect(halted!.result.fills).toEqual([]);
    expect(halted!.result.reason).toMatch(/^no bar of X after the decision at .* until .*, over the 345600000 ms an order waits/);
    // A weekly or monthly file waits at least 2 of its bars.
    expect(fillTimeouts(() => 7 * DAY, 4 * DAY)('W')).toBe(14 * DAY);
  });

  it('is cancelled once its timeout passes with no bar of its symbol opened in it, or when its file has ended (the broker)', async () => {
    const now = 10 * DAY;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, fillTimeoutMs: () => 4 * DAY });
    await broker.submit({ clientOrderId: 'opens-in-time', symbol: 'X', side: 'buy', qty: 1 });
    await broker.submit({ clientOrderId: 'halted', symbol: 'Y', side: 'buy', qty: 1 });
    await broker.submit({ clientOrderId: 'ended', symbol: 'Z', side: 'buy', qty: 1 });
    const nextOpen = (symbol: string) => ({ X: 13 * DAY, Y: 200 * DAY })[symbol];
    expect(broker.expire(13 * DAY, nextOpen)).toEqual([]);
    expect(broker.expire(14 * DAY, nextOpen)).toEqual([]); // the whole timeout is still within it
    const expired = broker.expire(14 * DAY + 1, nextOpen);
    expect(expired.map((e) => [e.clientOrderId, e.result.status])).toEqual([['halted', 'cancelled'], ['ended', 'cancelled']]);
    expect(broker.pending).toBe(1);
    expect(broker.openBar('X', bar(13 * DAY, 100))[0]!.result.status).toBe('filled');
  });

  it('is cancelled when its timeout passes while another file goes on (ORCL halted beside GOOG), not held as exposure till the reopening', async () => {
    const span = { from: '2005-01-01', to: '2008-12-31' };
    const plain = await backtest([{ symbol: 'ORCL', file: ORCL }], span);
    const entry = plain.record.fills.find((f) => f.reason === 'entry')!;
    const day = new Date(entry.time).toISOString().slice(0, 10);
    const run = await backtest([{ symbol: 'ORCL', file: haltedOrcl(tempDir(), day).file }, { symbol: 'GOOG', file: GOOG }], span);
    const db = new Database(run.storeFile, { readonly: true });
    try {
      // ORCL's first entry, decided on the bar before the cut as in the run alone (the panel judges a symbol on its own bars).
      const order = db.prepare("SELECT status, created_at AS createdAt, updated_at AS updatedAt FROM orders WHERE symbol = 'ORCL' AND purpose = 'entry' ORDER BY created_at LIMIT 1").get() as { status: string; createdAt: number; updatedAt: number };
      expect(new Date(order.createdAt).toISOString().slice(0, 10) <= day).toBe(true);
      expect(order.status).toBe('cancelled');
      // At GOOG's first bar close more than 5 days after the decision: within a long weekend of it.
      expect(order.updatedAt - order.createdAt).toBeGreaterThan(5 * DAY);
      expect(order.updatedAt - order.createdAt).toBeLessThanOrEqual(8 * DAY);
    } finally {
      db.close();
    }
  }, 60_000);

  it('is not filled at the reopening months after its decision, in a run over ORCL with a stretch of bars cut out', async () => {
    const files = (file: string) => [{ symbol: 'ORCL', file }];
    const span = { from: '2005-01-01', to: '2008-12-31' };
    const plain = await backtest(files(ORCL), span);
    const entry = plain.record.fills.find((f) => f.reason === 'entry')!;
    const day = new Date(entry.time).toISOString().slice(0, 10);
    // The order waits about 5 months for a bar.
    const { file: cut, reopening } = haltedOrcl(tempDir(), day);
    const halted = await backtest(files(cut), span);
    expect(halted.record.fills.filter((f) => f.verdictId === entry.verdictId)).toEqual([]);
    expect(halted.record.fills.some((f) => new Date(f.time).toISOString().startsWith(reopening) && f.reason === 'entry')).toBe(false);
    const db = new Database(halted.storeFile, { readonly: true });
    try {
      const order = db.prepare('SELECT status, reason FROM orders WHERE verdict_id = ?').get(entry.verdictId) as { status: string; reason: string };
      expect(order.status).toBe('cancelled');
      expect(order.reason).toMatch(/^no bar of ORCL after the decision at .*, over the 432000000 ms an order waits/);
    } finally {
      db.close();
    }
  }, 60_000);

  it('is counted on stderr by the command, with where to read each (backtest.log), so a run that lost it says so', () => {
    // As the run above.
    const out = tempDir();
    const cut = haltedOrcl(out).file;
    const run = (file: string) => backtestCli(['--baseline-seeds', '0', '--json', '--from', '2005-01-01', '--to', '2008-12-31', '--out', join(out, 'run'), `ORCL=${file}`]);
    const halted = run(cut);
    expect(halted.status, halted.stderr).toBe(0);
    expect(halted.stderr).toContain(`conclave backtest: warning: 1 order cancelled unfilled: the symbol had no bar within paperFillTimeoutMs (432000000 ms, at least 2 bars) of the decision (a halt, a hole in the file, a file that ended); each is in ${join(out, 'run', 'backtest.log')}`);
    expect(run(ORCL).stderr).toBe('');
    // The walk-forward's folds count theirs too: the same entry falls in the second (out-of-sample) fold of 2004-07 to 2006-06.
    const walk = backtestCli(['--baseline-seeds', '0', '--json', '--walk-forward', '2', '--from', '2004-07-01', '--to', '2006-06-30', '--out', join(out, 'walk'), `ORCL=${cut}`]);
    expect(walk.status, walk.stderr).toBe(0);
    expect(walk.stderr).toContain(`conclave backtest: warning: 1 order cancelled unfilled: the symbol had no bar within paperFillTimeoutMs (432000000 ms, at least 2 bars) of the decision (a halt, a hole in the file, a file that ended); each is in ${join(out, 'walk', 'backtest.log')}`);
  }, 60_000);

  it("backtest.log tells the coin-flip runs' lines from the panel's, so the one order the command counts is the one line without a run", () => {
    // The coin flips write to the same backtest.log: after '1 order cancelled unfilled ... each is in backtest.log', the
    // log of a run with 6 seeds held 4 such lines, none saying which run it came from (found by the data probe).
    const out = tempDir();
    const run = backtestCli(['--baseline-seeds', '6', '--jobs', '1', '--json', '--from', '2005-01-01', '--to', '2008-12-31', '--out', join(out, 'run'), `ORCL=${haltedOrcl(out).file}`], 120_000);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: 1 order cancelled unfilled');
    const cancelled = readFileSync(join(out, 'run', 'backtest.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { run?: string; msg: string }).filter((l) => l.msg.includes('cancelled, not filled'));
    expect(cancelled.filter((l) => l.run === undefined)).toHaveLength(1);
    const flips = cancelled.filter((l) => l.run !== undefined);
    expect(flips.length).toBeGreaterThan(0);
    for (const l of flips) expect(l.run).toMatch(/^baseline-\d+$/);
  }, 120_000);
});
