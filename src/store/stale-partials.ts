import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { processRunning } from '../core/process-running.js';

/**
 * A backup writes its copy as `<target>.partial-<pid>` (and SQLite its `-journal`) and renames it once whole. A backup
 * killed before that (SIGKILL, a timer's timeout, a reboot) left them behind, as large as the store, and nothing ever
 * removed them: a folder fed by an hourly job filled up. The next backup into the folder removes those of its store
 * whose process is not running here and that no one has written for an hour (a backup from another host into a shared
 * folder, whose pid means nothing here, writes its copy as it goes).
 */
export const STALE_PARTIAL_MS = 3_600_000;

/** Removes the stale partial copies beside `target` of backups of `store`; returns what it removed and what it could not. */
export function removeStalePartials(target: string, store: string, now: number): { removed: string[]; failed: string[] } {
  const folder = dirname(target);
  const dated = `${basename(store).replace(/\.db$/, '')}-`;
  const removed: string[] = [];
  const failed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    return { removed, failed: [`the list of ${folder} (${errorMessage(error)})`] };
  }
  for (const name of names) {
    const match = /^(.+)\.partial-(\d+)(?:-journal)?$/.exec(name);
    if (!match || (match[1] !== basename(target) && !match[1]!.startsWith(dated))) continue;
    const pid = Number(match[2]);
    const path = join(folder, name);
    try {
      if (pid === process.pid || processRunning(pid) || now - statSync(path).mtimeMs < STALE_PARTIAL_MS) continue;
      rmSync(path, { force: true });
      removed.push(name);
    } catch (error) {
      failed.push(`${name} (${errorMessage(error)})`);
    }
  }
  return { removed, failed };
}
