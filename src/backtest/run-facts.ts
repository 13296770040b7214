import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withChanges } from '../core/with-changes.js';

/**
 * Wall-clock facts of a run (run.json): never part of the deterministic outputs. `durationMs` is the whole command;
 * `barsPerSecond` the panel's own run (`panelMs`, without the baseline's seeds) when the command timed it apart.
 */
export async function writeRunFacts(outDir: string, facts: { durationMs: number; bars: number; steps: number; panelMs?: number; baselineSeeds?: number; jobs?: number }): Promise<void> {
  const ms = facts.panelMs ?? facts.durationMs;
  const barsPerSecond = ms > 0 ? Math.round((facts.bars / ms) * 1000) : null;
  await writeFile(join(outDir, 'run.json'), JSON.stringify(withChanges(facts, { barsPerSecond }), null, 2) + '\n');
}
