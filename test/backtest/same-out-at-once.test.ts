import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

const ENV = { PATH: process.env.PATH ?? '' };
const args = (out: string, from: string) => ['bin/conclave.js', 'backtest', '--baseline-seeds', '20', '--jobs', '1', '--from', from, '--out', out, `ORCL=${ORCL}`];

describe('two backtests into one --out at once', () => {
  it('the second refuses, naming the first, and leaves the first its folder', async () => {
    const out = tempDir();
    const first = spawn(process.execPath, args(out, '2005-01-01'), { env: ENV, stdio: 'ignore' });
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    // The first has begun writing (its log is made once it has the folder) and is far from done (20 seeds after it).
    for (let i = 0; i < 600 && !existsSync(join(out, 'backtest.log')); i++) await sleep(25);
    const second = spawnSync(process.execPath, args(out, '2008-01-01'), { encoding: 'utf8', env: ENV, timeout: 60_000 });
    expect(second.stderr).toContain(`--out ${out} is in use by another backtest: pid ${first.pid}`);
    expect(second.stderr).toContain('give this run another --out');
    expect(second.status).toBe(1);
    expect(await firstExit).toBe(0);
    // The store beside the report is the first run's (2005 on), not the refused one's (2008 on).
    const db = new Database(join(out, 'conclave-paper.db'), { readonly: true });
    const oldest = (db.prepare('SELECT min(decided_at) AS t FROM verdicts').get() as { t: number }).t;
    db.close();
    expect(new Date(oldest).getUTCFullYear()).toBe(2005);
    // Once it has ended, the folder takes a new run.
    const again = spawnSync(process.execPath, args(out, '2012-01-01'), { encoding: 'utf8', env: ENV, timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
  }, 120_000);
});
