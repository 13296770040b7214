import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function status(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, ['bin/conclave.js', 'status', ...args], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir }, encoding: 'utf8' });
}

describe('conclave status --store', () => {
  it("reads the store named (a backtest's), with the kill switch of its own folder, not the data dir's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-status-store-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const daemon = openStore(join(dataDir, 'conclave-paper.db'), { kind: 'paper' });
    daemon.ensureAccount(10_000, 0, '2026-01-05');
    daemon.close();
    new KillSwitch({ file: join(dataDir, 'HALT'), mode: 'paper' }).halt('maintenance', false);
    const run = join(dir, 'run');
    mkdirSync(run);
    const file = join(run, 'conclave-paper.db');
    const backtest = openStore(file, { kind: 'backtest' });
    backtest.ensureAccount(50_000, 0, '2026-01-05');
    backtest.savePosition({ symbol: 'ORCL', qty: 3, avgPrice: 20, openedAt: 0, stopPrice: 18, targetPrice: null, atr: null, peakPrice: 21, trailingActive: false, markPrice: 21 }, 0);
    backtest.close();

    const named = status(dataDir, ['--store', file, '--json']);
    expect(named.status, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({ mode: 'backtest', halted: false, startingCash: 50_000, positions: [{ symbol: 'ORCL', qty: 3 }], otherMode: null });
    const text = status(dataDir, ['--store', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^mode backtest\n/);
    expect(text.stdout).toContain('ORCL');
    // Without it, the data dir's store, halted, as before.
    const own = status(dataDir, ['--json']);
    expect(own.status, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ mode: 'paper', halted: true, halt: { reason: 'maintenance' }, startingCash: 10_000, positions: [] });
    // A missing file is a bad argument (exit 78), said with what to name.
    const missing = status(dataDir, ['--store', join(run, 'nothing.db')]);
    expect([missing.status, missing.stderr]).toEqual([78, `conclave: no store at ${join(run, 'nothing.db')}: name the SQLite file of a run (a backtest's is in its output folder)\n`]);
  }, 60_000);
});
