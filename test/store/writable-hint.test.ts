import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unreadableFileHint, unwritableFileHint, writableHint } from '../../src/store/writable-hint.js';

const PLAIN = 'Check that the data directory is writable.';
const at = (path: string, stat: { uid: number; gid: number; mode: number }) => ({ path, stat });
const runuser = spawnSync('runuser', ['--help']).status === 0;

describe('the hint of a data dir the store cannot write', () => {
  it('names a read-only file system as such, for root too, not an owner or a mode', () => {
    // A docker -v ...:ro mount, the folder's mode writable: it said only "Check that the data directory is writable".
    const ro = { ...at('/srv/conclave', { uid: 1000, gid: 1000, mode: 0o40755 }), readOnlyMount: true };
    const said = '/srv/conclave is on a read-only file system (a volume or bind mount made read-only, :ro): mount it read-write, or set CONCLAVE_DATA_DIR to a folder on a writable one.';
    expect(writableHint('/srv/conclave', { uid: 1000, gid: 1000 }, ro)).toBe(said);
    expect(writableHint('/srv/conclave', { uid: 0, gid: 0 }, ro)).toBe(said);
    expect(writableHint('/srv/conclave', { uid: 1000, gid: 1000 }, { ...ro, readOnlyMount: false })).toBe(PLAIN);
  });

  it('names the folder\'s owner, the process\'s user and the chown that fixes it', () => {
    // A Docker bind mount owned by root, the image running as node: SQLite said only "unable to open database file".
    expect(writableHint('/srv/conclave', { uid: 1000, gid: 1000, name: 'node' }, at('/srv/conclave', { uid: 0, gid: 0, mode: 0o40755 }))).toBe(
      'The data directory /srv/conclave belongs to uid 0 (mode 755) and conclave runs as uid 1000 (node), which may not write there: ' +
        'give the data directory to this user (mkdir -p /srv/conclave && chown 1000:1000 /srv/conclave; the Docker image runs as uid 1000), or set CONCLAVE_DATA_DIR to a folder it can write.',
    );
    expect(writableHint('/d', { uid: 4242, gid: 4242 }, at('/d', { uid: 1000, gid: 1000, mode: 0o40775 }))).toMatch(/runs as uid 4242, which may not write there: give the data directory to this user \(mkdir -p \/d && chown 4242:4242 \/d;/);
    // A folder still to be made (CONCLAVE_DATA_DIR=/var/lib/conclave without systemd's StateDirectory=): its parent is named.
    expect(writableHint('/var/lib/conclave', { uid: 1000, gid: 1000 }, at('/var/lib', { uid: 0, gid: 0, mode: 0o40755 }))).toMatch(
      /^The data directory \/var\/lib\/conclave does not exist and cannot be made: \/var\/lib belongs to uid 0 \(mode 755\) and conclave runs as uid 1000/,
    );
  });

  it('quotes a path with spaces or quotes in the command it suggests, so that the command can be pasted', () => {
    // It wrote `mkdir -p /tmp/x/my data && chown ...`: pasted, that made ./data and /tmp/x/my, and chowned those.
    const dir = join(mkdtempSync(join(tmpdir(), 'conclave-hint-')), "Conclave data (Bob's)");
    const quoted = `'${dir.replace("'", "'\\''")}'`;
    const hint = writableHint(dir, { uid: 4242, gid: 4242 }, at(dir, { uid: 4343, gid: 4343, mode: 0o40755 }));
    const command = /\((mkdir -p .*? && chown 4242:4242 .*?); the Docker image/.exec(hint)?.[1];
    expect(command).toBe(`mkdir -p ${quoted} && chown 4242:4242 ${quoted}`);
    // Run by a shell as written (chown to the user running it: allowed to anyone), it makes exactly that folder.
    const r = spawnSync('sh', ['-c', command!.replace('4242:4242', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dirname(dir))).toEqual(["Conclave data (Bob's)"]);
    expect(unwritableFileHint(join(dir, 'conclave-paper.db'), dir, undefined, { uid: 1000, gid: 1000 })).toContain(`(chown -R 1000:1000 ${quoted})`);
  });

  it('says a read-only file system is one, not a file made by another user (chown cannot fix a :ro mount)', () => {
    const hint = unwritableFileHint('/data/conclave-paper.db', '/data', 'EROFS', { uid: 1000, gid: 1000 });
    expect(hint).toBe('/data/conclave-paper.db is on a read-only file system (a volume or bind mount made read-only, :ro): mount /data read-write, or set CONCLAVE_DATA_DIR to a folder on a writable one.');
    expect(unwritableFileHint('/data/conclave-paper.db', '/data', 'EACCES', { uid: 1000, gid: 1000 })).toContain('chown -R 1000:1000 /data');
  });

  it("says chmod, not chown, for the user's own store file made read-only, and an attribute where the mode allows", () => {
    // It said "it was made by another user (a run as root?) ... (chown -R 1000:1000 /data)" of the user's own file.
    const own = { uid: 1000, gid: 1000, mode: 0o100444 };
    expect(unwritableFileHint('/data/conclave-paper.db', '/data', 'EACCES', { uid: 1000, gid: 1000, name: 'conclave' }, own)).toBe(
      '/data/conclave-paper.db belongs to uid 1000 (mode 444) and conclave runs as uid 1000 (conclave), which may not write it: its own file, made read-only. ' +
        'Let its owner write it (chmod u+w /data/conclave-paper.db), or set CONCLAVE_DATA_DIR to a folder of its own.',
    );
    // chattr +i: EPERM for its owner, and for root, whatever the mode says.
    for (const user of [{ uid: 1000, gid: 1000 }, { uid: 0, gid: 0 }]) {
      const hint = unwritableFileHint('/my data/conclave-paper.db', '/my data', 'EPERM', user, { uid: 1000, gid: 1000, mode: 0o100644 });
      expect(hint).toContain('which may write it by its mode, yet the system refuses: the file is marked immutable or append-only');
      expect(hint).toContain("(lsattr '/my data/conclave-paper.db' shows an i or an a; chattr -i -a '/my data/conclave-paper.db' lifts them, as root)");
      expect(hint).not.toContain('chown');
    }
    // Root's file under a service's user is still told as another user's.
    expect(unwritableFileHint('/data/conclave-paper.db', '/data', 'EACCES', { uid: 1000, gid: 1000 }, { uid: 0, gid: 0, mode: 0o100644 })).toContain('it was made by another user (a run as root?)');
  });

  it("says chmod, not chown, for the user's own folder made read-only", () => {
    // It said "give the data directory to this user (... chown 1000:1000 /d)" of a folder that was already its own.
    expect(writableHint('/srv/my data', { uid: 1000, gid: 1000 }, at('/srv/my data', { uid: 1000, gid: 1000, mode: 0o40500 }))).toBe(
      "The data directory /srv/my data belongs to uid 1000 (mode 500) and conclave runs as uid 1000, which may not write there: let its owner write it (chmod u+rwx '/srv/my data'), or set CONCLAVE_DATA_DIR to a folder it can write.",
    );
    expect(writableHint('/srv/d/new', { uid: 1000, gid: 1000 }, at('/srv/d', { uid: 1000, gid: 1000, mode: 0o40555 }))).toMatch(/\/srv\/d belongs to uid 1000 .*let its owner write it \(chmod u\+rwx \/srv\/d\)/);
  });

  it('stays plain when the mode bits let the process write, for root, and when nothing can be read', () => {
    expect(writableHint('/d', { uid: 1000, gid: 1000 }, at('/d', { uid: 1000, gid: 0, mode: 0o40700 }))).toBe(PLAIN);
    expect(writableHint('/d', { uid: 1000, gid: 50 }, at('/d', { uid: 0, gid: 50, mode: 0o40770 }))).toBe(PLAIN);
    expect(writableHint('/d', { uid: 1000, gid: 1000 }, at('/d', { uid: 0, gid: 0, mode: 0o41777 }))).toBe(PLAIN);
    expect(writableHint('/d', { uid: 0, gid: 0 }, at('/d', { uid: 1000, gid: 1000, mode: 0o40500 }))).toBe(PLAIN);
    expect(writableHint('/d', undefined, at('/d', { uid: 0, gid: 0, mode: 0o40755 }))).toBe(PLAIN);
    expect(writableHint('/d', { uid: 1000, gid: 1000 }, null)).toBe(PLAIN);
  });

  // Root writes anywhere: the refusal is seen by running the daemon as another user (root with runuser only).
  it.runIf(process.getuid?.() === 0 && runuser)('is what the daemon says when started by a user who may not write its data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-rodata-')); // root's, 0700
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, resolve('dist/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 20_000,
    });
    // Exit 78, a configuration error: the unit restarted it ten times (exit 1) for a folder no restart makes writable.
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(`Cannot create the store's lock file ${join(dir, 'conclave-paper.lock')}: unable to open database file. The data directory ${dir} belongs to uid 0 (mode 700) and conclave runs as uid 65534 (nobody), which may not write there: give the data directory to this user (mkdir -p ${dir} && chown 65534:`);
  });

  // The daemon as the given user (nobody, when the tests run as root, whom no mode bit stops) on `dataDir`.
  const asUser = process.getuid?.() === 0 ? (runuser ? 'nobody' : undefined) : '';
  const daemon = (dataDir: string, user = asUser) => {
    const command = [process.execPath, resolve('dist/src/main.js')];
    const env = { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir };
    const r = user ? spawnSync('runuser', ['-u', user, '--', ...command], { env, encoding: 'utf8', timeout: 20_000 }) : spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, err: r.stderr };
  };

  it('a data dir under a file exits 78 (a setting no restart fixes), as any user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-rodata-'));
    writeFileSync(join(dir, 'file'), '');
    const r = daemon(join(dir, 'file', 'data'), '');
    expect(r.code).toBe(78);
    // Said by the configuration, before any store or lock file is tried: the path names the file it passes through.
    expect(r.err).toContain(`dataDir = "${join(dir, 'file', 'data')}" passes through ${join(dir, 'file')}, which is a file, not a folder: point CONCLAVE_DATA_DIR at a folder`);
  });

  it.runIf(asUser !== undefined)('a read-only data dir (0500), or one to be made inside it, exits 78 with the hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-rodata-'));
    chmodSync(dir, 0o755);
    const data = join(dir, 'data');
    mkdirSync(data, { mode: 0o500 });
    chmodSync(data, 0o500);
    if (asUser) chownSync(data, 65534, 65534);
    for (const target of [data, join(data, 'sub')]) {
      const r = daemon(target);
      expect(r.code, target).toBe(78);
      expect(r.err, target).toMatch(/which may not write there: let its owner write it \(chmod u\+rwx /);
    }
    expect(readdirSync(data)).toEqual([]);
  });

  it.runIf(asUser !== undefined)("a store file of the daemon's own user made read-only (chmod 444) exits 78 with chmod, not chown", () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-rodata-'));
    chmodSync(dir, 0o777);
    const store = join(dir, 'conclave-paper.db');
    writeFileSync(store, 'x', { mode: 0o444 });
    chmodSync(store, 0o444);
    if (asUser) chownSync(store, 65534, 65534);
    const r = daemon(dir);
    expect(r.code).toBe(78);
    expect(r.err).toContain(`Cannot write the store ${store} (EACCES): ${store} belongs to uid `);
    expect(r.err).toContain(`which may not write it: its own file, made read-only. Let its owner write it (chmod u+w ${store})`);
  });

  // Root's files in the service's folder (the daemon run once as root): SQLite opened them read-only without a word,
  // the lock was "taken" without locking, and the start failed at its first write with exit 1.
  it.runIf(process.getuid?.() === 0 && runuser)('a store and lock file another user made exit 78, naming the owner and the chown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-rodata-'));
    chmodSync(dir, 0o777);
    for (const name of ['conclave-paper.lock', 'conclave-paper.db']) {
      writeFileSync(join(dir, name), name.endsWith('.db') ? 'x' : '', { mode: 0o644 });
    }
    const lock = daemon(dir, 'nobody');
    expect(lock.code).toBe(78);
    expect(lock.err).toContain(`Cannot use the store's lock file ${join(dir, 'conclave-paper.lock')} (EACCES): ${join(dir, 'conclave-paper.lock')} belongs to uid 0 (mode 644) and conclave runs as uid 65534 (nobody), which may not write it: it was made by another user (a run as root?). Give the data directory and its files to this user (chown -R 65534:`);
    chownSync(join(dir, 'conclave-paper.lock'), 65534, 65534);
    const store = daemon(dir, 'nobody');
    expect(store.code).toBe(78);
    expect(store.err).toContain(`Cannot write the store ${join(dir, 'conclave-paper.db')} (EACCES): `);
  });
});

describe('the hint of a store this user may not read', () => {
  it("names the file's owner and mode, not the folder's, and says nothing when the file is readable", () => {
    const nobody = { uid: 65534, gid: 65534, name: 'nobody' };
    // The status of a store of mode 600 in a folder of mode 755: "give the data directory to this user (chown)".
    expect(unreadableFileHint('/var/lib/conclave/conclave-paper.db', nobody, { uid: 998, gid: 998, mode: 0o100600 })).toBe(
      "/var/lib/conclave/conclave-paper.db belongs to uid 998 (mode 600) and this runs as uid 65534 (nobody), which may not read it: run it as the daemon's user (sudo -u conclave ...), or let this user read the file.",
    );
    expect(unreadableFileHint('/x.db', nobody, { uid: 998, gid: 998, mode: 0o100644 })).toBeUndefined();
    expect(unreadableFileHint('/x.db', nobody, { uid: 998, gid: 65534, mode: 0o100640 })).toBeUndefined();
    expect(unreadableFileHint('/x.db', { uid: 0, gid: 0 }, { uid: 998, gid: 998, mode: 0o100600 })).toBeUndefined();
  });
});
