/**
 * What to do with a damaged store, written once: a start that refuses it (start-check.ts), the running daemon's
 * periodic check that finds it (its error line, its halt's reason in /status) and `conclave health` say these words.
 * Free of the SQLite driver: `conclave health` reads log lines, not a store.
 */

/** The file a store's creation leaves beside it: a start that finds it without its store refuses (database.ts). */
export const createdMarkerOf = (file: string): string => file.replace(/\.db$/, '') + '.created';

/** What to do with a damaged store: put the latest backup in its place (or start a new account on purpose). */
export function restoreAdvice(file: string): string {
  return (
    `move the store and its -wal and -shm files away, and copy your latest backup (conclave backup) in their place; ` +
    `to start a new account on purpose, move them away and delete ${createdMarkerOf(file)}`
  );
}

/** What to do once the running daemon found its store damaged: stop it first, and the next start checks it all. */
export function damagedWhileRunningAdvice(file: string): string {
  return `stop conclave, then ${restoreAdvice(file)}; the next start checks the whole store`;
}

/**
 * The periodic check's damage as `conclave health` and `conclave status` say it: `found` is by what and when, `state`
 * what it does to the daemon (each knows it differently: the running daemon's line, or a store read after it).
 */
export function storeDamagedText(file: string, damage: string, found: string, state: string): string {
  return `STORE DAMAGED (found by ${found}): ${file}: ${damage}. ${state} Do not trade on it: ${damagedWhileRunningAdvice(file)}`;
}
