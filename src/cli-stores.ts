import { existsSync, readdirSync, statSync } from 'node:fs';
import { runMode } from './config/run-mode.js';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from './config/config.js';
import { ENV_FILE_OPTION } from './config/env-file.js';
import { haltFile, storeFile } from './kernel/kernel-paths.js';
import { openStore, type Store } from './store/store.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { LiveClock } from './core/clock.js';
import { CockpitRepository, type OperatorAction } from './store/cockpit-repository.js';
import { recordedStoreCheck, storeCheckStatusLine } from './store/store-check-record.js';

// The commands' access to a store: which one, and what to say when it is not where the command looked.

/**
 * The kill switch acts on the data dir the command was configured with; run without the daemon's configuration (its
 * env file, CONCLAVE_DATA_DIR) it writes into another folder and the daemon trades on. No store there says so: exit 1.
 */
export function noStoreFor(action: 'halt' | 'resume', cfg: Config): boolean {
  if (existsSync(storeFile(cfg))) return false;
  process.stderr.write(
    `conclave ${action}: no store at ${storeFile(cfg)}: no daemon has run in ${runMode(cfg)} mode with CONCLAVE_DATA_DIR=${cfg.dataDir}, ` +
      `so a daemon running elsewhere is NOT ${action === 'halt' ? 'halted' : 'resumed'}. Run this with the daemon's configuration ` +
      `(its CONCLAVE_DATA_DIR and CONCLAVE_MODE; a service's env file is read with ${ENV_FILE_OPTION}: \`sudo -u conclave CONCLAVE_DATA_DIR=/var/lib/conclave ` +
      `conclave ${ENV_FILE_OPTION} /etc/conclave/conclave.env ${action}\`), or \`docker exec conclave conclave ${action}\`.` +
      (action === 'halt'
        ? ` (${haltFile(cfg)} was written: any daemon on this folder, running or started later, is halted.)`
        : existsSync(haltFile(cfg)) ? ` (${haltFile(cfg)} was left in place: it halts any daemon on this folder.)` : '') + '\n',
  );
  process.exitCode = 1;
  return true;
}

/**
 * Records a kill-switch command among the store's operator actions, as the dashboard records its own, so the cockpit
 * and the store say who halted from a shell, not only that the halt file changed. The daemon may be writing the store:
 * this is one INSERT that waits its turn (WAL takes one writer at a time). A store it cannot write (a read-only mount,
 * a busy disk) is said on stderr and changes nothing else: the halt file, already written, is what the daemon obeys.
 */
export function recordCommandAction(cfg: Config, action: OperatorAction['action'], reason: string, who: string): void {
  const file = storeFile(cfg);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    new CockpitRepository(db).recordOperatorAction({ time: new LiveClock().now(), action, who: `${who} (command line, ${hostname()})`, reason });
  } catch (error) {
    process.stderr.write(`conclave ${action === 'resume' ? 'resume' : 'halt'}: done, but not recorded among the operator actions of ${file} (${errorMessage(error)})\n`);
  } finally {
    db?.close();
  }
}

/**
 * Opens the store read-only: safe while the daemon runs (WAL lets readers and one writer work at once). An older
 * schema is read through a migrated copy, or as it is with `asStored` (a backup's source).
 */
export function openStoreReadOnly(cfg: Config, storePath?: string, takesStore = false, asStored = false): Store {
  if (storePath !== undefined) return openNamedStore(storePath, asStored);
  const file = storeFile(cfg);
  if (!existsSync(file)) {
    // explain and scorecard read a backtest's store too: its ids are not in the daemon's.
    const backtest = takesStore ? `; a backtest's verdicts are in its own store: add --store ${join(cfg.dataDir, 'backtests', '<name>', basename(file))} (its --out folder)` : '';
    throw new Error(
      `no store at ${file}: the daemon has not run in ${runMode(cfg)} mode with CONCLAVE_DATA_DIR=${cfg.dataDir} yet: start the daemon first (npm start, conclave start), or run this with its CONCLAVE_DATA_DIR and CONCLAVE_MODE (${ENV_FILE_OPTION} FILE reads a service's env file)${backtest}`,
    );
  }
  return openStore(file, { readonly: true, asStored });
}

/** The store `--store` names: one that is missing, a folder or no conclave store is a bad argument (exit 78), said so. */
function openNamedStore(path: string, asStored: boolean): Store {
  try {
    // The store's companions, named by a tab completion: an empty WAL was answered "restore it from a backup".
    const companion = /^(.*\.db)-(wal|shm|journal)$/.exec(path);
    if (companion) throw new ConfigError(`${path} is the store's ${{ wal: 'write-ahead log', shm: 'shared-memory index', journal: 'rollback journal' }[companion[2] as 'wal' | 'shm' | 'journal']}, not the store: name ${companion[1]!}`);
    assertStoreFile(path);
    if (!existsSync(path)) throw new ConfigError(`no store at ${path}: name the SQLite file of a run (a backtest's is in its output folder)`);
    return openStore(path, { readonly: true, asStored });
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError(errorMessage(error));
  }
}

/**
 * `--store` names a file: a backtest's output folder (it said "disk I/O error") or a walk-forward's, whose stores are
 * one per fold, is answered with the files to name.
 */
function assertStoreFile(path: string): void {
  const isFolder = existsSync(path) && statSync(path).isDirectory();
  const folder = isFolder ? path : dirname(path);
  const folds = join(folder, 'folds');
  if (existsSync(folds) && !existsSync(join(folder, 'conclave-paper.db'))) {
    const names = readdirSync(folds).filter((n) => /^fold-\d+$/.test(n)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
    throw new Error(`${folder} holds a walk-forward run, with a store per out-of-sample fold: name one, ${names.map((n) => join(folds, n, 'conclave-paper.db')).join(', ')}`);
  }
  if (isFolder) {
    const inside = join(path, 'conclave-paper.db');
    throw new Error(`${path} is a folder: name the store file${existsSync(inside) ? `, ${inside}` : ' (a backtest writes conclave-paper.db in its output folder)'}`);
  }
}

/**
 * What `conclave resume` cannot lift: the store found damaged by the daemon's periodic check (recorded in the store),
 * which halts entries until a restart on a sound store. Null when none was found, or the store cannot be read.
 */
export function damageNoteOf(cfg: Config): string | null {
  try {
    const store = openStoreReadOnly(cfg);
    try {
      const check = recordedStoreCheck(store.db);
      return check?.damage ? storeCheckStatusLine(check, storeFile(cfg)) : null;
    } finally {
      store.close();
    }
  } catch {
    return null;
  }
}
