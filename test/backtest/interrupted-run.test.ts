import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

const ARGS = (out: string) => ['bin/conclave.js', 'backtest', '--baseline-seeds', '3', '--json', '--out', out, `ORCL=${ORCL}`];
const ENV = { PATH: process.env.PATH ?? '' };

describe('a backtest interrupted by Ctrl-C', () => {
  it('leaves a folder the same command runs into again', async () => {
    const out = tempDir();
    const child = spawn(process.execPath, ARGS(out), { env: ENV, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
    // Interrupt once the run has made its store, before it writes run.json.
    for (let i = 0; i < 600 && !existsSync(join(out, 'conclave-paper.db')); i++) await sleep(25);
    expect(existsSync(join(out, 'conclave-paper.db'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).not.toBe(0);
    expect(existsSync(join(out, 'run.json')), 'interrupted before the end').toBe(false);
    const again = spawnSync(process.execPath, ARGS(out), { encoding: 'utf8', env: ENV, timeout: 60_000 });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(existsSync(join(out, 'run.json'))).toBe(true);
  }, 90_000);
});
