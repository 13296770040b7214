import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What the file system says when a path may not be written at all: the data dir's setting or owner is wrong. */
const REFUSALS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR']);

/**
 * Why a store's file in `dir` could not be made or opened for writing, when the cause is the folder itself (its
 * owner, its mode, a read-only file system, a file where a folder should be): a restart cannot fix that, the
 * configuration must (exit 78). Undefined for anything else: a full disk, an I/O error, a busy lock. SQLite says only
 * "unable to open database file", so the folder (or its nearest existing parent) and the file are asked directly.
 */
export function unwritableDataDir(error: unknown, dir: string, file?: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REFUSALS.has(code)) return code;
  const folder = nearestExisting(dir);
  // A file in it needs the folder's write and search bits; the file (when it exists already) its write bit.
  const checks: [string | undefined, number][] = [[file, constants.W_OK], [folder, constants.W_OK | constants.X_OK]];
  for (const [path, mode] of checks) {
    if (path === undefined) continue;
    try {
      accessSync(path, mode);
    } catch (refusal) {
      const why = (refusal as NodeJS.ErrnoException).code;
      if (why !== undefined && REFUSALS.has(why)) return why;
    }
  }
  return undefined;
}

/** The folder, or the nearest path above it that exists (where it would have to be made); a file there is ENOTDIR. */
function nearestExisting(dir: string): string | undefined {
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      statSync(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) return undefined;
    }
  }
}

/** The refusal to write `file` when it exists and this user may not write it; undefined when absent or writable. */
export function unwritableFile(file: string): string | undefined {
  try {
    statSync(file);
  } catch {
    return undefined; // absent, or its folder cannot be searched: the folder is what refuses, and is told as such
  }
  try {
    accessSync(file, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && REFUSALS.has(code) ? code : undefined;
  }
}
