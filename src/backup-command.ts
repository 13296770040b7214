import type { Command } from 'commander';
import type { Config } from './config/config.js';
import { LiveClock } from './core/clock.js';
import { openStoreReadOnly } from './cli-stores.js';
import { haltFile, storeFile } from './kernel/kernel-paths.js';
import { backupStore, backupTarget } from './store/backup-store.js';
import { removeStalePartials } from './store/stale-partials.js';
import { openStore } from './store/store.js';
import { ledgerOf } from './trading/account-summary.js';
import { KillSwitch } from './trading/kill-switch.js';

/**
 * `conclave backup --out PATH`: a consistent copy of the store, safe beside the running daemon (a cron job or a
 * systemd timer can take one every hour). What the errors that find a store damaged or deleted ask for ("restore the
 * store from a backup") needs a backup that is whole: a copy of the file alone can miss what its WAL holds.
 */
export function addBackupCommand(program: Command, withConfig: (cmd: Command) => Command, config: (opts: { config?: string }) => Config, out: (line: string) => void): void {
  withConfig(program.command('backup').description('write a consistent, checked copy of the store (safe while the daemon runs)'))
    .requiredOption('--out <path>', 'the file to write (never overwritten), or a folder to write a dated copy into')
    .option('--store <file>', "copy this SQLite store (a backtest's) instead of the data dir's")
    .action((opts: { config?: string; out: string; store?: string }) => {
      const cfg = config(opts);
      const source = opts.store ?? storeFile(cfg);
      // As it is: a backup of an older conclave's store is the way back to that version.
      const store = openStoreReadOnly(cfg, opts.store, false, true);
      let result;
      try {
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
      if (result.haltCarried) out('the kill switch is on: the copy carries the halt, and a daemon started on it stays halted until `conclave resume`');
      out(`to restore it: stop the daemon, move ${source} and its -wal and -shm files away, copy this file to ${source}, start the daemon`);
    });
}
