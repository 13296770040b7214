import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import type { Config } from './config/config.js';
import { exchangeStopOn, otherModeOf, runMode, type RunMode } from './config/run-mode.js';
import { LiveClock } from './core/clock.js';
import { openStoreReadOnly } from './cli-stores.js';
import { staleMarks } from './cli-stale-marks.js';
import { haltFile, otherModeStoreFile, storeFile } from './kernel/kernel-paths.js';
import { hasMeta, metaValue } from './store/store-meta.js';
import { damagedWhileRunningAdvice } from './store/restore-advice.js';
import { recordedStoreCheck } from './store/store-check-record.js';
import type { Store } from './store/store.js';
import { accountSummary } from './trading/account-summary.js';
import { entryHaltOf, haltStatus } from './trading/entry-halt.js';
import { exitRulesOf } from './trading/exit-rules.js';
import { KillSwitch } from './trading/kill-switch.js';
import { otherModeHeld } from './trading/other-mode-store.js';
import { runningExitSettings } from './trading/running-exit-settings.js';
import { statusLines } from './trading/status-text.js';

/** The store's own kind (store-kind.ts) names a named store's mode: a backtest's store is no paper daemon's. */
function kindOf(store: Store): string | undefined {
  return hasMeta(store.db) ? metaValue(store.db, 'kind') : undefined;
}

const DAEMON_MODES: readonly string[] = ['paper', 'live', 'testnet'];

/**
 * `conclave status [--store file]`: the account, positions and orders of the data dir's store, or of the store named
 * (a backtest's, or a daemon's read with another configuration), as explain and scorecard take one. A named store is
 * read with what lies beside it: the kill switch (HALT) and the other mode's store of its own folder, as the daemon
 * that runs on that folder keeps them; a backtest's folder has neither.
 */
export function addStatusCommand(program: Command, withConfig: (cmd: Command) => Command, config: (opts: { config?: string }) => Config, out: (line: string) => void): void {
  withConfig(program.command('status').description('open positions, cash, equity and counts, from the store'))
    .option('--json', 'print JSON')
    .option('--store <file>', "read this SQLite store (a backtest's, in its output folder) instead of the data dir's")
    .action((opts: { config?: string; json?: boolean; store?: string }) => {
      const cfg = config(opts);
      const store = openStoreReadOnly(cfg, opts.store);
      try {
        const file = opts.store ?? storeFile(cfg);
        const kind = opts.store === undefined ? runMode(cfg) : (kindOf(store) ?? runMode(cfg));
        const daemonMode = DAEMON_MODES.includes(kind) ? (kind as RunMode) : null;
        const folder = opts.store === undefined ? cfg.dataDir : dirname(file);
        // Beside a running daemon, the levels it judges, not those of settings edited since its start.
        const running = runningExitSettings(store.db, file, cfg);
        // Why, since when, and whether this mode's flatten is under way or done: the health report points here for it.
        const killSwitch = new KillSwitch({ file: opts.store === undefined ? haltFile(cfg) : join(folder, 'HALT'), mode: kind });
        // The running daemon's last check of the whole store, as it recorded it: damage found halts its entries, as
        // the daemon's /status says (a running daemon's fatal condition is in its log, not here).
        const storeCheck = recordedStoreCheck(store.db);
        const storeDamage = () => (storeCheck?.damage ? { advice: damagedWhileRunningAdvice(file) } : null);
        const halt = entryHaltOf({ killSwitch, fatal: { raised: null }, storeDamage })();
        // CONCLAVE_MODE switched on this data dir: what the other mode's store holds, which no daemon of this mode manages.
        const other = daemonMode === null ? null : opts.store === undefined ? otherModeStoreFile(cfg) : join(folder, `conclave-${otherModeOf(daemonMode)}.db`);
        const summary = Object.assign(
          { mode: kind, halted: halt.halted, halt: haltStatus(halt), exchangeStop: exchangeStopOn(cfg) && (opts.store === undefined || kind === 'live' || kind === 'testnet') },
          accountSummary(store, running?.rules ?? exitRulesOf(cfg)),
          running ? { pendingSettings: { since: running.since, settings: running.pending } } : {},
          { staleMarks: staleMarks(store.db, file, cfg.positionCheckIntervalMs, new LiveClock().now()) },
          { otherMode: other === null || daemonMode === null ? null : otherModeHeld(other, daemonMode) },
          { storeCheck },
        );
        if (opts.json) {
          out(JSON.stringify(summary, null, 2));
          return;
        }
        for (const line of statusLines(summary, file)) out(line);
      } finally {
        store.close();
      }
    });
}
