import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { accountName } from '../core/os-user.js';
import { shellArg } from '../core/shell-arg.js';
import { unwritableFile } from './unwritable-data-dir.js';

export interface ProcessUser {
  uid: number;
  gid: number;
  name?: string;
}

function currentUser(): ProcessUser | undefined {
  if (typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return undefined; // Windows
  const name = accountName();
  return { uid: process.getuid(), gid: process.getgid(), ...(name ? { name } : {}) };
}

type Owner = Pick<Stats, 'uid' | 'gid' | 'mode'>;

/** The folder itself, or the nearest existing folder above it (where it would have to be created). */
function nearestFolder(dir: string): { path: string; stat: Owner; readOnlyMount?: boolean } | null {
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      // A read-only file system answers EROFS whoever asks.
      return { path, stat: statSync(path), readOnlyMount: unwritableFile(path) === 'EROFS' };
    } catch {
      if (dirname(path) === path) return null;
    }
  }
}

/**
 * What to check when the store's folder refused a file: SQLite says only "unable to open database file". A folder
 * owned by another user (a Docker bind mount owned by root, while the image runs as node, uid 1000) is the usual cause:
 * name both users and the command that fixes it. Mode bits only (no ACLs, no supplementary groups): it words a failure
 * that already happened.
 */
export function writableHint(dir: string, user: ProcessUser | undefined = currentUser(), folder = nearestFolder(dir)): string {
  const plain = 'Check that the data directory is writable.';
  // A read-only mount refuses every user, root too: its owner and mode are beside the point.
  if (folder?.readOnlyMount) return `${folder.path} is on a read-only file system (a volume or bind mount made read-only, :ro): mount it read-write, or set CONCLAVE_DATA_DIR to a folder on a writable one.`;
  if (!user || !folder || user.uid === 0) return plain;
  const { path, stat } = folder;
  const writable = stat.uid === user.uid ? stat.mode & 0o200 : stat.gid === user.gid ? stat.mode & 0o020 : stat.mode & 0o002;
  if (writable) return plain;
  const who = `uid ${user.uid}${user.name ? ` (${user.name})` : ''}`;
  const what = path === resolve(dir) ? `The data directory ${path}` : `The data directory ${dir} does not exist and cannot be made: ${path}`;
  const head = `${what} belongs to uid ${stat.uid} (mode ${(stat.mode & 0o777).toString(8)}) and conclave runs as ${who}, which may not write there: `;
  // Its own folder, made read-only: a chown changes nothing, its mode does.
  if (stat.uid === user.uid) return `${head}let its owner write it (chmod u+rwx ${shellArg(path)}), or set CONCLAVE_DATA_DIR to a folder it can write.`;
  return (
    head +
    `give the data directory to this user (mkdir -p ${shellArg(dir)} && chown ${user.uid}:${user.gid} ${shellArg(dir)}; the Docker image runs as uid 1000), or set CONCLAVE_DATA_DIR to a folder it can write.`
  );
}

/** A file's owner and mode, or null when it cannot be read (gone meanwhile, or its folder cannot be searched). */
function ownerOf(file: string): Owner | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/**
 * What to do when a file of the store (the store, its lock file) exists but may not be written: made by another
 * user, such as the daemon run once as root. SQLite would open it read-only without a word and fail at the first write.
 * `code` is the refusal (unwritableFile's): EROFS is a read-only mount, not an owner.
 */
export function unwritableFileHint(
  file: string,
  dir: string,
  code: string | undefined,
  user: ProcessUser | undefined = currentUser(),
  stat: Owner | null = ownerOf(file),
): string {
  // A read-only mount refuses every user: "made by another user... chown" sent the operator the wrong way.
  if (code === 'EROFS') {
    return `${file} is on a read-only file system (a volume or bind mount made read-only, :ro): mount ${shellArg(dir)} read-write, or set CONCLAVE_DATA_DIR to a folder on a writable one.`;
  }
  const owner = stat ? ` belongs to uid ${stat.uid} (mode ${(stat.mode & 0o777).toString(8)})` : '';
  const who = user ? ` and conclave runs as uid ${user.uid}${user.name ? ` (${user.name})` : ''}` : '';
  // Its own file (or root, whom no owner stops): "made by another user... chown" named a fix that changes nothing.
  if (stat && user && (user.uid === 0 || stat.uid === user.uid)) {
    if (user.uid !== 0 && !(stat.mode & 0o200)) {
      return `${file}${owner}${who}, which may not write it: its own file, made read-only. Let its owner write it (chmod u+w ${shellArg(file)}), or set CONCLAVE_DATA_DIR to a folder of its own.`;
    }
    // The mode lets it write: what refuses is an attribute of the file (chattr +i, +a) or a security policy.
    return (
      `${file}${owner}${who}, which may write it by its mode, yet the system refuses: the file is marked immutable or append-only ` +
      `(lsattr ${shellArg(file)} shows an i or an a; chattr -i -a ${shellArg(file)} lifts them, as root), or a security policy (SELinux, AppArmor) forbids it.`
    );
  }
  const fix = user ? ` (chown -R ${user.uid}:${user.gid} ${shellArg(dir)})` : '';
  return (
    `${file}${owner}${who}, which may not write it: it was made by another user (a run as root?). ` +
    `Give the data directory and its files to this user${fix}, or set CONCLAVE_DATA_DIR to a folder of its own.`
  );
}

/**
 * Why this user may not read `file` (a store of mode 600 another user owns), when that is why: a read needs no write
 * access to the folder, yet the data directory's owner and mode were blamed and a chown of the folder advised.
 */
export function unreadableFileHint(file: string, user: ProcessUser | undefined = currentUser(), stat: Owner | null = ownerOf(file)): string | undefined {
  if (!user || !stat || user.uid === 0) return undefined;
  // Its groups too: a member of the file's group by a supplementary group reads a file of mode 640.
  const inGroup = stat.gid === user.gid || (user.uid === process.getuid?.() && typeof process.getgroups === 'function' && process.getgroups().includes(stat.gid));
  const readable = stat.uid === user.uid ? stat.mode & 0o400 : inGroup ? stat.mode & 0o040 : stat.mode & 0o004;
  if (readable) return undefined;
  return `${file} belongs to uid ${stat.uid} (mode ${(stat.mode & 0o777).toString(8)}) and this runs as uid ${user.uid}${user.name ? ` (${user.name})` : ''}, which may not read it: run it as the daemon's user (sudo -u conclave ...), or let this user read the file.`;
}
