import type { Db } from '../store/database.js';

/**
 * The audit trail's secondary indexes, which nothing reads while a backtest runs (retention is off; the report and
 * `conclave explain` read the store afterwards): dropped for the run and built again, from their own definitions, once
 * it ends. Building an index once over all rows is cheaper than keeping it in order row by row. Table-defining keys
 * (primary and unique keys, which the run's writes and foreign keys do read) are left as they are.
 */
// Forward returns are read by their key, position events not at all, during a run: their indexes serve retention.
const DEFERRED_TABLES = ['opportunities', 'verdicts', 'agent_signals', 'forward_returns', 'position_events'];

/**
 * Drops the indexes; returns what builds them again (the statements that made them, as the schema holds them), once
 * however often it is called (the run calls it when it ends, and again on its way out after a failure).
 */
export function deferIndexes(db: Db): () => void {
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${DEFERRED_TABLES.map(() => '?').join(', ')}) ORDER BY name`)
    .all(...DEFERRED_TABLES) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  let pending = indexes;
  return () => {
    const now = pending;
    pending = [];
    if (db.open) for (const index of now) db.exec(index.sql);
  };
}
