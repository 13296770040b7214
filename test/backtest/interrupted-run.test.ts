import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
    // Nothing of the interrupted run: only what the file itself warns of (ORCL's real gap of 1997-12-09).
    expect(again.stderr.split('\n').filter((line) => line && !line.includes('traded nowhere near the close before them'))).toEqual([]);
    expect(again.status).toBe(0);
    expect(existsSync(join(out, 'run.json'))).toBe(true);
  }, 90_000);
});

describe('a backtest stopped during its coin-flip seeds', () => {
  // The panel's run was complete, but the stop threw it away: no report, and a message calling its store partial.
  it.each(['SIGINT', 'SIGTERM'] as const)('ends on %s with the panel’s report among the seeds that ended, as --baseline-seeds k gives', async (signal) => {
    const out = tempDir();
    const args = (seeds: number, dir: string) => ['bin/conclave.js', 'backtest', '--baseline-seeds', String(seeds), '--jobs', '1', '--json', '--from', '2010-01-01', '--out', dir, `ORCL=${ORCL}`];
    const child = spawn(process.execPath, args(20, out), { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Seed 2's folder: seed 1 has ended.
    for (let i = 0; i < 1200 && !existsSync(join(out, 'baseline', 'seed-2')); i++) await sleep(25);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    const m = /stopped by (SIG\w+) during the coin-flip baseline, (\d+) of 20 seeds ended: the panel’s run was complete, and its report places the panel among (seed 1|seeds 1 to (\d+)), as --baseline-seeds (\d+) would/.exec(stderr.replace(/'/g, '’'));
    expect(m, stderr).not.toBeNull();
    expect(m![1]).toBe(signal);
    const k = Number(m![5]);
    expect(k).toBeGreaterThanOrEqual(1);
    const report = await readFile(join(out, 'report.json'), 'utf8');
    expect((JSON.parse(stdout) as { baseline: { seeds: number } }).baseline.seeds).toBe(k);
    expect(existsSync(join(out, 'baseline')), 'the seeds’ folders are gone').toBe(false);
    // The same report as a run asked for those seeds.
    const whole = tempDir();
    const again = spawnSync(process.execPath, args(k, whole), { encoding: 'utf8', env: ENV, timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(report).toBe(await readFile(join(whole, 'report.json'), 'utf8'));
  }, 90_000);
});

describe('a walk-forward stopped during its coin-flip seeds', () => {
  // It exited at once saying no report was written, though its folds were complete, and left the seeds' half-made
  // folders (a seed on a worker made its next fold's folder after any removal).
  it('ends on SIGINT with the folds’ report among the seeds that ended, the workers stopped and their folders gone', async () => {
    const out = tempDir();
    const args = (seeds: number) => ['bin/conclave.js', 'backtest', '--walk-forward', '3', '--baseline-seeds', String(seeds), '--jobs', '2', '--json', '--from', '2010-01-01', '--out', out, `ORCL=${ORCL}`];
    const child = spawn(process.execPath, args(20), { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Seed 3's folder: a seed has ended (two run at once).
    for (let i = 0; i < 1200 && !existsSync(join(out, 'baseline', 'seed-3')); i++) await sleep(25);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const m = /stopped by SIGINT during the coin-flip baseline, (\d+) of 20 seeds ended: the panel’s folds were complete, and its report (places the panel among (seed 1|seeds 1 to \d+), as --baseline-seeds (\d+) would|has no coin-flip baseline, as --baseline-seeds (0) would)/.exec(stderr.replace(/'/g, '’'));
    expect(m, stderr).not.toBeNull();
    const k = Number(m![4] ?? m![5]);
    expect(existsSync(join(out, 'baseline')), 'the seeds’ folders are gone').toBe(false);
    expect((JSON.parse(stdout) as { baseline: { seeds: number } | null }).baseline?.seeds ?? 0).toBe(k);
    const report = await readFile(join(out, 'report.json'), 'utf8');
    // The lock is released: the same command for those seeds runs into the folder, and writes the same report.
    const again = spawnSync(process.execPath, args(k), { encoding: 'utf8', env: ENV, timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe(report);
  }, 90_000);
});
