import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createdMarkerOf } from '../store/database.js';

const STORE = 'conclave-paper.db';

/**
 * Removes what a previous backtest left in `outDir` that this run will not write again, so the folder never mixes two
 * runs: a walk-forward's `folds/` (all of them: a run with fewer folds would leave the old last ones), and, before a
 * walk-forward, which writes no top-level store, the previous plain run's store (`conclave explain` read a different
 * run than report.json described). Only in a folder a backtest wrote (run.json or backtest.log beside its files).
 */
export function clearPreviousRun(outDir: string, walkForward: boolean): void {
  if (!existsSync(join(outDir, 'run.json')) && !existsSync(join(outDir, 'backtest.log'))) return;
  rmSync(join(outDir, 'folds'), { recursive: true, force: true });
  if (!walkForward) return;
  const store = join(outDir, STORE);
  for (const old of [store, `${store}-wal`, `${store}-shm`, createdMarkerOf(store)]) rmSync(old, { force: true });
}
