import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createdMarkerOf } from '../store/database.js';
import { REPORT_FILES, partialOf } from './report/write-report.js';

const STORE = 'conclave-paper.db';

/** The name in the report a previous backtest left in `outDir`, if one did and it can be read. */
export function previousRunName(outDir: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what a previous backtest left in `outDir`, so the folder never mixes two runs: its report files and run.json
 * (a run stopped with Ctrl-C left the previous run's report beside its own half-made store), a walk-forward's `folds/`
 * (all of them: a run with fewer folds would leave the old last ones), the coin-flip seeds' `baseline/` (a run without
 * seeds kept the previous run's), and, before a walk-forward, which writes no top-level store, the previous plain
 * run's store (`conclave explain` read a different run than report.json described). Only in a folder a backtest wrote
 * (run.json or backtest.log beside its files). True when there was such a run.
 */
export function clearPreviousRun(outDir: string, walkForward: boolean): boolean {
  if (!existsSync(join(outDir, 'run.json')) && !existsSync(join(outDir, 'backtest.log'))) return false;
  for (const file of [...REPORT_FILES, 'run.json']) rmSync(join(outDir, file), { force: true });
  for (const file of REPORT_FILES) rmSync(partialOf(outDir, file), { force: true });
  rmSync(join(outDir, 'baseline'), { recursive: true, force: true });
  clearFolds(join(outDir, 'folds'));
  if (!walkForward) return true;
  const store = join(outDir, STORE);
  for (const old of [store, `${store}-wal`, `${store}-shm`, createdMarkerOf(store)]) rmSync(old, { force: true });
  return true;
}

/** The folds a walk-forward wrote (`fold-N`), then the folder if nothing else is in it: a file of the user's there stays. */
function clearFolds(folds: string): void {
  let names: string[];
  try {
    names = readdirSync(folds);
  } catch {
    return; // none
  }
  for (const name of names) if (/^fold-\d+$/.test(name)) rmSync(join(folds, name), { recursive: true, force: true });
  if (readdirSync(folds).length === 0) rmdirSync(folds);
}

/**
 * What a run would write over or remove in a folder no backtest wrote (no run.json or backtest.log in it): the report's
 * files (a spreadsheet of one's own called equity.csv), and the folders a run makes and then deletes whole, the
 * coin-flip seeds' `baseline/` and the walk-forward's training runs (a user's `baseline/` was removed with its
 * files), with `folds/` for a walk-forward, which writes into it. Empty for a backtest's folder.
 */
export function foreignOutputs(outDir: string, walkForward: boolean): string[] {
  if (existsSync(join(outDir, 'run.json')) || existsSync(join(outDir, 'backtest.log'))) return [];
  const names = [...REPORT_FILES, 'run.json', 'baseline', 'walk-forward-training', ...(walkForward ? ['folds'] : [])];
  return names.filter((name) => existsSync(join(outDir, name)));
}
