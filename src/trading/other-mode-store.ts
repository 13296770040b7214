/**
 * A paper, a live and a testnet daemon keep separate stores in one data dir (conclave-paper.db, conclave-live.db,
 * conclave-testnet.db). An operator who switches CONCLAVE_MODE (or to the testnet) and restarts leaves the other mode's
 * positions held with nothing judging their stops: said at start, with what that store holds, since live positions
 * left so are real money without a stop.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../core/logger.js';
import { counted } from '../core/plural.js';
import { otherModeOf, type RunMode } from '../config/run-mode.js';

/** What the other mode's store holds that only a daemon of that mode manages; null when it cannot be read. */
function heldIn(file: string): { symbols: string[]; orders: number } | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2_000 });
    const symbols = db.prepare(`SELECT symbol FROM positions ORDER BY symbol`).pluck().all() as string[];
    const orders = db.prepare(`SELECT COUNT(*) FROM orders WHERE status IN ('new', 'submitted', 'partially_filled', 'unknown')`).pluck().get() as number;
    return { symbols, orders };
  } catch {
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a read that failed: nothing held.
    }
  }
}

/** "2 open positions (BTC/USDT, ETH/USDT) and 1 order in flight": what the other mode's store holds, in words. */
export function heldText(positions: readonly string[], ordersInFlight: number): string {
  return [positions.length > 0 ? `${counted(positions.length, 'open position')} (${positions.join(', ')})` : '', ordersInFlight > 0 ? `${counted(ordersInFlight, 'order')} in flight` : '']
    .filter((s) => s !== '')
    .join(' and ');
}

/** What the other mode's store beside `file` holds that only a daemon of that mode manages; null when nothing (or it cannot be read). */
export function otherModeHeld(other: string, mode: RunMode): { store: string; mode: 'paper' | 'live'; positions: string[]; ordersInFlight: number } | null {
  if (!existsSync(other)) return null;
  const held = heldIn(other);
  if (!held || (held.symbols.length === 0 && held.orders === 0)) return null;
  return { store: basename(other), mode: otherModeOf(mode), positions: held.symbols, ordersInFlight: held.orders };
}

/** Warns of the other mode's store in the data dir: the kill switch they share, and what it holds that this daemon does not manage. */
export function warnOfOtherModeStore(other: string, mode: RunMode, dataDir: string, logger: Logger): void {
  const otherMode = otherModeOf(mode);
  const shared =
    `this data dir also holds ${basename(other)}: a ${mode} and a ${otherMode} daemon on it share its kill switch (HALT), so a halt of one halts both ` +
    `(a flatten closes the positions of the mode that asked, and only the mode that engaged a halt can lift it); give each mode its own CONCLAVE_DATA_DIR to keep them apart`;
  const held = heldIn(other);
  if (!held || (held.symbols.length === 0 && held.orders === 0)) {
    logger.warn({ dataDir, otherStore: other, ...(held ? {} : { otherHeld: 'unreadable' }) }, shared);
    return;
  }
  const what = heldText(held.symbols, held.orders);
  logger.warn(
    { dataDir, otherStore: other, otherMode, otherPositions: held.symbols, otherOrdersInFlight: held.orders },
    `${basename(other)} holds ${what} that this ${mode} daemon does not manage: their stops, targets, reviews and fills run only while a ${otherMode} daemon ` +
      `(CONCLAVE_MODE=${otherMode}) runs on this data dir${otherMode === 'live' ? ', and the exchange holds these positions with no stop of conclave meanwhile' : ''}. ` +
      `Start one beside this daemon, or close them first. Also: ${shared}`,
  );
}
