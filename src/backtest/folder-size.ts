import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The bytes of the files under `dir` (symbolic links not followed; what cannot be read counts 0). */
export function folderBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(path);
    else if (e.isFile()) {
      try {
        total += lstatSync(path).size;
      } catch {
        // Removed meanwhile.
      }
    }
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MB`;

/**
 * What a run's outputs take on disk, and, for a run in the data dir's backtests/, what all the runs kept there take:
 * each run keeps its store (a 50-symbol daily run's is over 100 MB), nothing prunes them, and that disk is usually the
 * daemon's, whose store writes fail, halting trading, once it is full.
 */
export function diskLine(outDir: string, backtestsDir: string | null): string {
  const own = folderBytes(outDir);
  if (backtestsDir === null) return `outputs take ${mb(own)}`;
  // The folder is the run's own parent: at least this run, however it reads.
  let runs = 1;
  try {
    runs = Math.max(1, readdirSync(backtestsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).length);
  } catch {
    // Unreadable: this run alone.
  }
  return `outputs take ${mb(own)}; ${backtestsDir} holds ${mb(folderBytes(backtestsDir))} in ${runs} run${runs === 1 ? '' : 's'} (delete those you no longer need: nothing prunes them)`;
}
