import { existsSync, statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from './config/config.js';
import { LiveClock } from './core/clock.js';
import { ConfigError } from './core/errors.js';
import { openStoreReadOnly } from './cli-stores.js';
import { haltFile, storeFile } from './kernel/kernel-paths.js';
import { backupStore, backupTarget } from './store/backup-store.js';
import { pruneBackups } from './store/prune-backups.js';
import { removeStalePartials } from './store/stale-partials.js';
import { hasMeta, metaValue } from './store/store-meta.js';
import { openStore } from './store/store.js';
import { ledgerOf } from './trading/account-summary.js';
import { KillSwitch } from './trading/kill-switch.js';

const keep = (text: string): number => {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1) throw new InvalidArgumentError('Give how many dated copies to keep: a whole number ≥ 1 (48 keeps two days of hourly copies).');
  return n;
};

/**
 * `conclave backup --out PATH`: a consistent copy of the store, safe beside the running daemon (a cron job or a
 * systemd timer can take one every hour). What the errors that find a store damaged or deleted ask for ("restore the
 * store from a backup") needs a backup that is whole: a copy of the file alone can miss what its WAL holds.
 */
export function addBackupCommand(program: Command, withConfig: (cmd: Command) => Command, config: (opts: { config?: string }) => Config, out: (line: string) => void): void {
  withConfig(program.command('backup').description('write a consistent, checked copy of the store (safe while the daemon runs)'))
    .requiredOption('--out <path>', 'the file to write (never overwritten), or a folder to write a dated copy into')
    .option('--store <file>', "copy this SQLite store (a backtest's) instead of the data dir's")
    .option('--keep <n>', "with a folder for --out: once the copy is in place, remove this store's older dated copies there, keeping the n newest", keep)
    .action((opts: { config?: string; out: string; store?: string; keep?: number }) => {
      const cfg = config(opts);
      const source = opts.store ?? storeFile(cfg);
      // Checked before any copy is made: --keep beside a file name would otherwise be ignored, and the folder fill up.
      if (opts.keep !== undefined && !(existsSync(opts.out) && statSync(opts.out).isDirectory())) {
        throw new ConfigError(`--keep applies to a folder given as --out (dated copies), and ${opts.out} is not one: name the folder, or drop --keep`, '--keep');
      }
      // As it is: a backup of an older conclave's store is the way back to that version.
      const store = openStoreReadOnly(cfg, opts.store, false, true);
      let result;
      let kind: string | undefined;
      try {
        // What the store holds (a paper daemon's, a backtest's): --keep prunes only copies of that kind.
        kind = hasMeta(store.db) ? metaValue(store.db, 'kind') : undefined;
        // The data dir's halt goes with its store: restored elsewhere, the account stays halted (a backtest's has none).
        const halt = opts.store === undefined ? new KillSwitch({ file: haltFile(cfg) }).state() : { halted: false };
        const now = new LiveClock().now();
        const target = backupTarget(source, opts.out, now);
        const stale = removeStalePartials(target, source, now);
        if (stale.removed.length > 0) out(`removed ${stale.removed.length} partial copies left by backups that did not finish (killed or crashed): ${stale.removed.join(', ')}`);
        if (stale.failed.length > 0) process.stderr.write(`conclave backup: could not remove partial copies left by backups that did not finish: ${stale.failed.join(', ')}; remove them by hand\n`);
        result = backupStore(store.db, target, halt.halted ? { reason: halt.reason ?? 'halted', ...(halt.since !== undefined ? { since: halt.since } : {}) } : undefined);
      } finally {
        store.close();
      }
      const copy = openStore(result.file, { readonly: true });
      const ledger = ledgerOf(copy);
      copy.close();
      out(`${result.file}: a copy of ${source}, ${result.bytes} bytes, schema version ${result.schemaVersion}, SQLite's check ok, ledger ${ledger.ok ? 'ok' : `BROKEN (diff ${ledger.diff}, as in the store)`}`);
      if (opts.keep !== undefined) {
        const pruned = pruneBackups(opts.out, source, opts.keep, result.file, kind);
        if (pruned.removed.length > 0) out(`removed ${pruned.removed.length} older ${pruned.removed.length === 1 ? 'copy' : 'copies'} (--keep ${opts.keep}): ${pruned.removed.join(', ')}`);
        if (pruned.failed.length > 0) process.stderr.write(`conclave backup: could not remove older copies (--keep ${opts.keep}): ${pruned.failed.join(', ')}; remove them by hand\n`);
      }
      if (result.haltCarried) out('the kill switch is on: the copy carries the halt, and a daemon started on it stays halted until `conclave resume`');
      out(`to restore it: stop the daemon, move ${source} and its -wal and -shm files away, copy this file to ${source}, start the daemon`);
    });
}
