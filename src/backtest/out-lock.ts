/**
 * One backtest per output folder. Two runs into one --out removed each other's files as they went: the second cleared
 * the first's seeds mid-run and failed on a rename, and the first's report.json was left beside the second's store, so
 * `conclave explain` read another run than the report described. The store's own lock (an OS lock the process's end
 * drops, SIGKILL included) is taken on `backtest.lock` in the folder for the whole run.
 */
import { join } from 'node:path';
import { OperationalError } from '../core/errors.js';
import { StoreLock, StoreLockedError } from '../store/store-lock.js';

/** `backtest.lock` and `backtest.owner` (who runs there), named as the store lock names its files. */
const LOCK_BASE = 'backtest.db';

export class OutDirBusyError extends OperationalError {}

/** Takes the folder's lock, or throws OutDirBusyError naming the run that holds it. The folder must exist. */
export function lockOutDir(outDir: string, now: number): StoreLock {
  try {
    return StoreLock.acquire(join(outDir, LOCK_BASE), now, outDir);
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error;
    const who = error.owner ? `pid ${error.owner.pid} on host ${error.owner.host}, started ${error.owner.startedAt} (${error.owner.command})` : 'a process that has not yet said who it is';
    throw new OutDirBusyError(
      `--out ${outDir} is in use by another backtest: ${who}. Two runs in one folder would remove each other's files. ` +
        `Wait for it to end, or give this run another --out. (Lock: ${error.lockFile})`,
    );
  }
}
