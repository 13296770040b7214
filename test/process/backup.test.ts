import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-backup-'));
  dirs.push(dir);
  return dir;
};

function conclave(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const counts = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    const n = (table: string) => (db.prepare(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;
    return { verdicts: n('verdicts'), fills: n('fills'), positions: n('positions'), cash: (db.prepare('SELECT cash FROM account').get() as { cash: number }).cash };
  } finally {
    db.close();
  }
};

describe('conclave backup', () => {
  it('copies the store of a running daemon as committed, checked, and a daemon’s data dir restored from it reads the same account', async () => {
    const { kernel, clock, dataDir } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0' });
    dirs.push(dataDir);
    await kernel.start();
    try {
      for (let i = 0; i < 24 && kernel.store.positions().length === 0; i++) await runFor(clock, 3600_000);
      const store = join(dataDir, 'conclave-paper.db');
      const before = counts(store);
      expect(before.fills).toBeGreaterThan(0);
      // Another writer is in the middle of a transaction: the copy holds what was committed, and is not held up.
      const writer = new Database(store);
      writer.exec('BEGIN IMMEDIATE; UPDATE account SET cash = cash + 1000');
      const folder = tempDir();
      const r = conclave(['backup', '--out', folder], { CONCLAVE_DATA_DIR: dataDir });
      writer.exec('ROLLBACK');
      writer.close();
      expect(r.code, r.err).toBe(0);
      const [name] = readdirSync(folder);
      expect(name).toMatch(/^conclave-paper-\d{8}T\d{6}Z\.db$/);
      const copy = join(folder, name!);
      expect(r.out).toContain(`${copy}: a copy of ${store}, `);
      expect(r.out).toContain("SQLite's check ok, ledger ok");
      expect(counts(copy)).toEqual(before);

      // Restored into a new data dir, the account reads as it was.
      const restored = tempDir();
      copyFileSync(copy, join(restored, 'conclave-paper.db'));
      const original = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
      const back = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: restored });
      expect(back.code, back.err).toBe(0);
      const pick = (s: string) => {
        const { cash, realizedPnl, fees, positions, ledger } = JSON.parse(s) as Record<string, unknown>;
        return { cash, realizedPnl, fees, positions, ledger };
      };
      expect(pick(back.out)).toEqual(pick(original.out));
    } finally {
      await kernel.stop();
    }
  }, 60_000);

  it('never overwrites a file, and says what to give instead (exit 78)', async () => {
    const { kernel, dataDir } = await virtualKernel();
    dirs.push(dataDir);
    await kernel.stop();
    const folder = tempDir();
    const existing = join(folder, 'last-night.db');
    writeFileSync(existing, 'yesterday');
    const taken = conclave(['backup', '--out', existing], { CONCLAVE_DATA_DIR: dataDir });
    expect(taken.code).toBe(78);
    expect(taken.err).toContain(`--out ${existing} exists: a backup never overwrites a file`);
    expect(readFileSync(existing, 'utf8')).toBe('yesterday');
    const nowhere = conclave(['backup', '--out', join(folder, 'no', 'such.db')], { CONCLAVE_DATA_DIR: dataDir });
    expect(nowhere.code).toBe(78);
    expect(nowhere.err).toContain(`the folder ${join(folder, 'no')} does not exist`);
    expect(readdirSync(folder)).toEqual(['last-night.db']);
    // An empty --out (an unset variable in a cron line), a folder not made yet, a file where the folder should be: each
    // is a bad argument said as such; they exited 1 with SQLite's "unable to open database file".
    const cases: [string, string][] = [
      ['', '--out "" is empty: name a new file, or a folder to write a dated copy into'],
      [`${join(folder, 'backups')}/`, `--out ${join(folder, 'backups')}/: the folder does not exist; create it first`],
      [join(existing, 'x.db'), `--out ${join(existing, 'x.db')}: ${existing} is a file, not a folder`],
      // A folder not made yet, without the slash: the first run wrote a file by its name, every later one was refused.
      [join(folder, 'conclave'), `--out ${join(folder, 'conclave')} does not exist: a folder? create it first (mkdir -p ${join(folder, 'conclave')}); a file? name it with .db`],
    ];
    for (const [out, said] of cases) {
      const r = conclave(['backup', '--out', out], { CONCLAVE_DATA_DIR: dataDir });
      expect(r.err).toContain(said);
      expect(r.code).toBe(78);
    }
    expect(readdirSync(folder)).toEqual(['last-night.db']);
  });

  it('removes the partial copies a killed backup left in its folder, and no one else’s', async () => {
    const { kernel, dataDir } = await virtualKernel();
    dirs.push(dataDir);
    await kernel.start();
    await kernel.stop();
    const folder = tempDir();
    // A backup killed mid-way (kill -9, a timer's timeout) left its copy and journal; nothing removed them, ever.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const hourAgo = (Date.now() - 2 * 3600_000) / 1000;
    const left = [`conclave-paper-20261201T000000Z.db.partial-${dead}`, `conclave-paper-20261201T000000Z.db.partial-${dead}-journal`];
    const kept = [`conclave-paper-20261202T000000Z.db.partial-${process.pid}`, `conclave-live-20261201T000000Z.db.partial-${dead}`, 'notes.partial-7'];
    for (const name of [...left, ...kept]) {
      writeFileSync(join(folder, name), 'half a copy');
      utimesSync(join(folder, name), hourAgo, hourAgo);
    }
    // One being written now (another host's backup, whose pid means nothing here) is left alone.
    writeFileSync(join(folder, `conclave-paper-20261203T000000Z.db.partial-${dead}`), 'being written');
    const r = conclave(['backup', '--out', folder], { CONCLAVE_DATA_DIR: dataDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`removed 2 partial copies left by backups that did not finish (killed or crashed): ${left.join(', ')}`);
    const now = readdirSync(folder);
    expect(now.filter((name) => left.includes(name))).toEqual([]);
    expect(now).toEqual(expect.arrayContaining([...kept, `conclave-paper-20261203T000000Z.db.partial-${dead}`]));
    expect(now.filter((name) => /^conclave-paper-\d{8}T\d{6}Z\.db$/.test(name))).toHaveLength(1);
  });

  it('--keep N leaves the N newest dated copies of its store in the folder, and nothing else is touched', async () => {
    const { kernel, dataDir } = await virtualKernel();
    dirs.push(dataDir);
    await kernel.start();
    await kernel.stop();
    const folder = tempDir();
    const old = ['conclave-paper-20261201T000000Z.db', 'conclave-paper-20261201T010000Z.db', 'conclave-paper-20261201T020000Z.db'];
    const others = ['conclave-live-20200101T000000Z.db', 'before-upgrade.db', 'conclave-paper-20261201T000000Z.db.partial-1-x', 'conclave-paper-20261101T000000Z.db'];
    for (const name of others) writeFileSync(join(folder, name), 'a copy');
    // Copies as a backup writes them, under older (and newer) names.
    const first = tempDir();
    expect(conclave(['backup', '--out', join(first, 'b.db')], { CONCLAVE_DATA_DIR: dataDir }).code).toBe(0);
    const store = join(first, 'b.db');
    // Left alone too: a copy dated after the new one (a clock that ran ahead: it pushed the new copy out), and a
    // backtest's store's copy, also named conclave-paper.
    const future = 'conclave-paper-29990101T000000Z.db';
    const backtest = 'conclave-paper-20261130T000000Z.db';
    for (const name of [...old, future, backtest]) copyFileSync(store, join(folder, name));
    const tagged = new Database(join(folder, backtest));
    tagged.prepare(`UPDATE store_meta SET value = 'backtest' WHERE key = 'kind'`).run();
    tagged.close();
    others.push(future, backtest);
    writeFileSync(join(folder, `${old[0]}-wal`), 'its wal');
    const r = conclave(['backup', '--out', folder, '--keep', '2'], { CONCLAVE_DATA_DIR: dataDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`removed 2 older copies (--keep 2): ${old[0]}, ${old[1]}`);
    const now = readdirSync(folder).sort();
    const made = now.filter((name) => /^conclave-paper-\d{8}T\d{6}Z\.db$/.test(name) && !others.includes(name));
    expect(made).toEqual([old[2], expect.stringMatching(/^conclave-paper-20\d{6}T/)]);
    expect(r.out).toContain(`${join(folder, made[1]!)}: a copy of`);
    expect(now).toEqual([...made, ...others].sort());

    // Beside a file name it would prune nothing while the folder fills: refused before any copy is made.
    const file = conclave(['backup', '--out', join(folder, 'one.db'), '--keep', '2'], { CONCLAVE_DATA_DIR: dataDir });
    expect(file.code).toBe(78);
    expect(file.err).toContain('--keep applies to a folder given as --out');
    for (const bad of ['0', '-1', '1.5', 'all', '']) {
      const b = conclave(['backup', '--out', folder, '--keep', bad], { CONCLAVE_DATA_DIR: dataDir });
      expect(b.code, bad).toBe(78);
      expect(b.err).toContain('a whole number ≥ 1');
    }
    expect(readdirSync(folder).sort()).toEqual(now);
  });

  // Root writes anywhere: the refusal is seen as another user (nobody, with runuser), or as the user running the tests.
  const runuser = spawnSync('runuser', ['--help']).status === 0;
  it.runIf(process.getuid?.() !== 0 || runuser)('a folder this user may not write in is a bad argument (exit 78), not a failing disk (exit 1)', async () => {
    const { kernel, dataDir } = await virtualKernel();
    dirs.push(dataDir);
    await kernel.stop();
    const folder = tempDir();
    const asRoot = process.getuid?.() === 0;
    // As nobody: the store readable, the folder not writable; as another user: the folder read-only.
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    chmodSync(folder, asRoot ? 0o755 : 0o555);
    for (const out of [join(folder, 'b.db'), folder]) {
      const command = [process.execPath, join(process.cwd(), 'bin/conclave.js'), 'backup', '--out', out];
      const env = { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir };
      const r = asRoot ? spawnSync('runuser', ['-u', 'nobody', '--', ...command], { env, encoding: 'utf8' }) : spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8' });
      // It read "backup to ... failed: unable to open database ...; check the free space and permissions", exit 1.
      expect(r.stderr).toContain(`--out ${out}: this user may not write in ${folder} (EACCES): name a folder it may write`);
      expect(r.status).toBe(78);
    }
    chmodSync(folder, 0o755);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('carries a halt: a daemon started on a backup taken while halted is halted, once, until resumed', async () => {
    const { kernel, dataDir } = await virtualKernel();
    dirs.push(dataDir);
    await kernel.start();
    await kernel.stop();
    expect(conclave(['halt', '--reason', 'exchange incident'], { CONCLAVE_DATA_DIR: dataDir }).code).toBe(0);
    const folder = tempDir();
    const r = conclave(['backup', '--out', join(folder, 'halted.db')], { CONCLAVE_DATA_DIR: dataDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('the kill switch is on: the copy carries the halt');

    // Restored into a new data dir (another machine), which has no HALT file.
    const restored = tempDir();
    copyFileSync(join(folder, 'halted.db'), join(restored, 'conclave-paper.db'));
    const started = await virtualKernel({}, {}, restored);
    expect(started.kernel.killSwitch.state()).toMatchObject({ halted: true });
    expect(started.kernel.killSwitch.state().reason).toMatch(/^restored from a backup taken while the kill switch was on \(exchange incident\)/);
    expect(started.logs.some((l) => l.msg === 'the store comes from a backup taken while trading was halted: halted again here until `conclave resume`')).toBe(true);
    await started.kernel.stop();
    // Said once: resumed, a restart does not halt again.
    expect(conclave(['resume', '--reason', 'reviewed'], { CONCLAVE_DATA_DIR: restored }).code).toBe(0);
    const again = await virtualKernel({}, {}, restored);
    expect(again.kernel.killSwitch.state().halted).toBe(false);
    await again.kernel.stop();
  }, 60_000);
});
