import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startDaemon, type DaemonProcess } from '../helpers/daemon-process.js';

const fastEnv = (dataDir: string) => ({
  CONCLAVE_DATA_DIR: dataDir,
  CONCLAVE_MODEL_SCAN_INTERVAL_MS: '300',
  CONCLAVE_NEWS_SCAN_INTERVAL_MS: '400',
  CONCLAVE_POSITION_CHECK_INTERVAL_MS: '200',
  CONCLAVE_HEALTH_INTERVAL_MS: '300',
  CONCLAVE_MODEL_THRESHOLD: '0.5',
  // A new simulated bar every second: entries answer their hypothesis now, so a panel needs a few bars to find one.
  CONCLAVE_SIM_BAR_MS: '1000',
  CONCLAVE_CHIEF: '{"buyThreshold":0.12,"sellThreshold":0.12,"minConviction":0.02,"costMultiple":0}',
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function conclave(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const digest = (files: string[]) => {
  const hash = createHash('sha256');
  for (const f of files) if (existsSync(f)) hash.update(readFileSync(f));
  return hash.digest('hex');
};

/** Waits for the exit and says how long it took from `since`. */
async function exitAfter(daemon: DaemonProcess, since: number) {
  const result = await daemon.exited;
  return { ...result, ms: Date.now() - since };
}

describe('one daemon per store', () => {
  it('a second start on the same data dir refuses at once, names the first, writes nothing; the lock survives no SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-lock-'));
    const db = join(dataDir, 'conclave-paper.db');
    const first = startDaemon(fastEnv(dataDir));
    await first.waitFor((l) => l.msg === 'order', 30_000);

    // Freeze the first so the store holds still, then try a second daemon (the CLI's start, as a user would).
    first.child.kill('SIGSTOP');
    await sleep(200);
    const before = digest([db, `${db}-wal`]);
    const startedAt = Date.now();
    const second = conclave(['start'], fastEnv(dataDir));
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(new RegExp(`already running on this store: pid ${first.child.pid} on host ${hostname()}, started 20\\d\\d-`));
    const fatal = second.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 'fatal');
    expect(fatal?.owner).toMatchObject({ pid: first.child.pid, host: hostname() });
    expect(digest([db, `${db}-wal`])).toBe(before);

    // Read-only commands and the kill switch still work beside the running daemon.
    expect(conclave(['status', '--json'], fastEnv(dataDir)).code).toBe(0);
    expect(conclave(['explain'], fastEnv(dataDir)).code).toBe(0);
    first.child.kill('SIGCONT');
    expect(conclave(['halt', '--reason', 'test', '--who', 'ops'], fastEnv(dataDir)).code).toBe(0);
    const resumed = conclave(['resume', '--reason', 'done'], fastEnv(dataDir));
    expect(resumed.code).toBe(0);
    expect(resumed.err).toBe(''); // recorded beside the daemon's writes
    const actions = new Database(db, { readonly: true }).prepare('SELECT action, who, reason FROM operator_actions ORDER BY id').all();
    expect(actions).toEqual([
      { action: 'halt', who: `ops (command line, ${hostname()})`, reason: 'test' },
      { action: 'resume', who: expect.stringMatching(/ \(command line, /) as unknown, reason: 'done' },
    ]);

    // A killed daemon leaves no stale lock behind: the next one starts.
    first.child.kill('SIGKILL');
    await first.exited;
    const third = startDaemon(fastEnv(dataDir));
    await third.waitFor((l) => l.msg === 'conclave starting', 30_000);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
  }, 90_000);
});

describe('two daemons started at the same moment on a fresh data dir', () => {
  it('exactly one runs; the other exits 1 naming it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-race-'));
    const a = startDaemon(fastEnv(dataDir));
    const b = startDaemon(fastEnv(dataDir));
    const loser = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const winner = loser === a ? b : a;
    expect((await loser.exited).code).toBe(1);
    expect(loser.stderr.join('')).toMatch(new RegExp(`already running on this store: pid ${winner.child.pid} on host`));
    await winner.waitFor((l) => l.msg === 'conclave starting', 30_000);
    winner.child.kill('SIGTERM');
    expect((await winner.exited).code).toBe(0);
  }, 60_000);
});

describe('the store under the daemon', () => {
  it('notices its store deleted within a loop interval: halts, says so, exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-deleted-'));
    const db = join(dataDir, 'conclave-paper.db');
    const daemon = startDaemon(fastEnv(dataDir));
    await daemon.waitFor((l) => l.msg === 'order', 30_000);
    const deletedAt = Date.now();
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const { code, ms } = await exitAfter(daemon, deletedAt);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(10_000);
    const fatal = daemon.lines.find((l) => l.level === 'fatal')!;
    expect(fatal.msg).toMatch(/conclave-paper\.db(-wal)? was deleted while the daemon had it open.*restore the store from a backup/);
    expect(daemon.stderr.join('')).toMatch(/was deleted while the daemon had it open/);
    // Halted at once: no entry order after the alarm.
    const after = daemon.lines.slice(daemon.lines.indexOf(fatal));
    expect(after.filter((l) => l.msg === 'order' && l.side === 'buy')).toEqual([]);
    // Nor does the next start open a new, empty account in its place.
    const next = conclave(['start'], fastEnv(dataDir));
    expect(next.code).toBe(1);
    expect(next.err).toMatch(/is missing, but a store was made here before/);
    expect(existsSync(db)).toBe(false);
  }, 60_000);

  it('refuses a 0-byte store instead of opening a new account', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-empty-'));
    const db = join(dataDir, 'conclave-paper.db');
    writeFileSync(db, '');
    const r = conclave(['start'], fastEnv(dataDir));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/exists but is empty \(0 bytes\).*not a new account.*Restore it from a backup/);
    expect(statSync(db).size).toBe(0);
    expect(conclave(['status'], fastEnv(dataDir)).err).toMatch(/exists but is empty/);
    // No file at all is a new account, as before.
    rmSync(db);
    const fresh = conclave(['status'], fastEnv(dataDir));
    expect(fresh.err).toMatch(/no store at/);
  });

  it('a full disk (a 2 MB tmpfs) halts trading and exits 1 within 10 s, no unhandled rejection', async (ctx) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'conclave-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status === 0;
    if (!mounted) ctx.skip(); // not root or not allowed here; the injected fault in test/store/storage-failure.test.ts still runs
    try {
      const dataDir = join(mountPoint, 'data');
      mkdirSync(dataDir);
      // Through `conclave start`, which used to only set process.exitCode: the loops a failed stop left running kept it alive.
      const daemon = startDaemon(fastEnv(dataDir), ['bin/conclave.js', 'start']);
      await daemon.waitFor((l) => l.msg === 'order', 30_000);
      // Fill what is left of the disk.
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; ; i++) {
        try {
          writeFileSync(join(mountPoint, `filler-${i}`), chunk);
        } catch {
          break;
        }
      }
      for (let i = 0; i < 16; i++) {
        try {
          writeFileSync(join(mountPoint, `small-${i}`), Buffer.alloc(4096, 1));
        } catch {
          break;
        }
      }
      const fatal = await daemon.waitFor((l) => l.level === 'fatal', 60_000);
      const alarmAt = Date.now();
      expect(fatal.msg).toMatch(/database or disk is full.*Trading is halted.*free space/);
      const { code, ms } = await exitAfter(daemon, alarmAt);
      expect(code).toBe(1);
      expect(ms).toBeLessThan(10_000);
      expect(daemon.lines.some((l) => /unhandled|uncaught/.test(String(l.msg)))).toBe(false);
    } finally {
      spawnSync('umount', ['-l', mountPoint]);
    }
  }, 120_000);
});

describe('signals', () => {
  const startCli = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['bin/conclave.js', 'start'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
    const started = new Promise<void>((r) => {
      const check = () => (out.includes('"msg":"conclave starting"') ? r() : setTimeout(check, 20));
      check();
    });
    return { child, exited, started, out: () => out };
  };

  it('SIGHUP stops gracefully (exit 0); a second signal during the stop does not cut it short', async () => {
    const hup = startDaemon(fastEnv(mkdtempSync(join(tmpdir(), 'conclave-sig-'))));
    await hup.waitFor((l) => l.msg === 'conclave starting', 30_000);
    hup.child.kill('SIGHUP');
    expect(await hup.exited).toEqual({ code: 0, signal: null });
    expect(hup.lines.at(-1)!.msg).toMatch(/stopped; store closed/);

    // An idle daemon stops in some 5-30 ms, and a loaded machine may not run this test between two signals for that
    // long: signal it every 2 ms until it is gone (as an impatient operator would), and try again, up to five daemons,
    // until one of them took a signal during its stop. Every one of them must have stopped gracefully.
    let reported = false;
    for (let attempt = 0; attempt < 5 && !reported; attempt++) {
      const twice = startCli(fastEnv(mkdtempSync(join(tmpdir(), 'conclave-sig-'))));
      await twice.started;
      await sleep(500);
      let exited = false;
      twice.exited.then(
        () => (exited = true),
        () => (exited = true),
      );
      for (let i = 0; i < 2_000 && !exited; i++) {
        twice.child.kill('SIGINT');
        twice.child.kill('SIGTERM');
        await sleep(2);
      }
      expect(await twice.exited).toEqual({ code: 0, signal: null });
      expect(twice.out()).toMatch(/stopped; store closed/);
      reported = /already stopping/.test(twice.out());
    }
    expect(reported, 'a second signal reached a stopping daemon in five tries').toBe(true);
  }, 60_000);

  it('conclave start ends the process on SIGTERM within 10 s, and a signal during start-up stops it gracefully', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-sig-'));
    const cli = startCli(fastEnv(dataDir));
    await cli.started;
    await sleep(500);
    const at = Date.now();
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    expect(Date.now() - at).toBeLessThan(10_000);

    // A signal before the daemon is built: handled as soon as the handlers are in, never an exit by signal.
    const early = startDaemon(fastEnv(dataDir));
    await sleep(400);
    early.child.kill('SIGTERM');
    const result = await early.exited;
    // Killed before Node ran any of conclave's code is possible on a slow machine (signal 'SIGTERM'); anything after is 0.
    if (result.signal === null) expect(result.code).toBe(0);
    const store = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
    expect(store.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  }, 60_000);
});
