import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { errorMessage } from '../core/errors.js';
import type { FatalAlarm } from '../core/fatal-alarm.js';
import { service, type Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { CockpitRepository } from '../store/cockpit-repository.js';
import { createdMarkerOf, type Db } from '../store/database.js';
import { Retention } from '../store/retention.js';
import { storageFailureAction } from '../core/storage-failure.js';
import { StoreGuard } from '../store/store-guard.js';
import { lockFileOf } from '../store/store-lock.js';
import { openStore, type Store } from '../store/store.js';
import type { StoreKind } from '../store/store-kind.js';
import { WalCheckpointer } from '../store/wal-checkpointer.js';
import { PeriodicStoreCheck } from '../store/periodic-store-check.js';
import { recordStoreCheck } from '../store/store-check-record.js';
import { storeFile } from './kernel-paths.js';
import { runMode } from '../config/run-mode.js';

export interface StorageDeps {
  clock: Clock;
  logger: Logger;
  /** Raised when a write fails or the store's files vanish under the daemon. */
  fatal: FatalAlarm;
  /** Whose account the store holds: the configured mode's, unless a backtest says otherwise. */
  kind?: StoreKind;
  /** Told when the periodic check finds the store damaged (the notices tell the operator at once). */
  onStoreDamage?: (found: { file: string; damage: string }) => void;
}

export interface Storage {
  file: string;
  db: Db;
  store: Store;
  /** The equity curve and the operator's actions, for the cockpit. */
  cockpit: CockpitRepository;
  retention: Retention;
  /** Null with `storeCheckpoint: inline`: SQLite then checkpoints inside commits, as by default. */
  checkpointer: WalCheckpointer | null;
  /** The running store's periodic quick_check; null with `storeCheckIntervalMs: 0`. Damage it found halts new entries. */
  storeCheck: PeriodicStoreCheck | null;
  /** The background checkpointer, then the guard that watches the store's files. */
  services: Service[];
  /** Closes the store: the last thing a composition does, whether or not it started. */
  close(): void;
}

/**
 * Opens the store (creating or migrating its file) and builds what works on it. The one place the Store is
 * constructed. Opening is the build's I/O: no constructor does any.
 */
export function buildStorage(config: Config, { clock, logger, fatal, kind, onStoreDamage }: StorageDeps): Storage {
  const file = storeFile(config);
  const store = openStore(file, {
    sync: config.storeSync,
    kind: kind ?? runMode(config),
    onStorageFailure: (error, read) =>
      fatal.raise({ reason: `a ${read === true ? 'read of' : 'write to'} the store ${file} failed: ${errorMessage(error)}`, action: storageFailureAction(error), error }),
    onUpgrade: ({ from, to, copy, copyError }) =>
      copy
        ? logger.info({ from, to, copy }, `store upgraded from schema ${from} to ${to}; its copy as it was, ${copy}, is the way back to the older conclave (which refuses the upgraded store): delete it once this version is kept`)
        : logger.warn({ from, to, copyError }, `store upgraded from schema ${from} to ${to}, but no copy of it as it was could be kept (${copyError}): going back to the older conclave needs a backup taken before the upgrade`),
  });
  const db = store.db;
  const guard = new StoreGuard({
    clock,
    files: [file, `${file}-wal`, lockFileOf(file)],
    nonEmpty: [file],
    intervalMs: Math.min(5_000, config.positionCheckIntervalMs, config.healthIntervalMs),
    onLost: (reason) =>
      fatal.raise({
        reason,
        action: `restore the store from a backup, then start again (without it conclave refuses to start; to begin a new account on purpose, delete ${createdMarkerOf(file)})`,
      }),
  });
  const retention = new Retention({
    store,
    clock,
    logger: logger.child({ component: 'retention' }),
    file,
    retentionDays: config.retentionDays,
    maxMb: config.retentionMaxMb,
  });
  const checkpointer =
    config.storeCheckpoint === 'background' ? new WalCheckpointer({ file, db, sync: config.storeSync, logger: logger.child({ component: 'store' }), clock }) : null;
  const storeCheck =
    config.storeCheckIntervalMs > 0
      ? new PeriodicStoreCheck({
          file,
          clock,
          logger: logger.child({ component: 'store' }),
          intervalMs: config.storeCheckIntervalMs,
          // Closed after this, the store stays marked open: the next start checks all of it and refuses it.
          onDamage: (_message, damage) => {
            store.database.markDamaged();
            onStoreDamage?.({ file, damage });
          },
          // For `conclave status`. Not guarded: a damaged store refusing this note must not stop the daemon (the fatal
          // alarm's exit), which still watches and exits the open positions; a store that refuses writes is met by the next.
          onResult: (result) => {
            try {
              recordStoreCheck(db, result);
            } catch (error) {
              logger.warn({ err: error, file }, 'the periodic check of the store could not record its result for `conclave status`');
            }
          },
        })
      : null;
  const services: Service[] = [];
  if (checkpointer) services.push(service('checkpointer', () => checkpointer.start(), () => checkpointer.stop()));
  services.push(service('store-guard', () => guard.start(), () => guard.stop()));
  if (storeCheck) services.push(service('store-check', () => storeCheck.start(), () => storeCheck.stop()));
  return { file, db, store, cockpit: store.cockpit, retention, checkpointer, storeCheck, services, close: () => store.close() };
}
