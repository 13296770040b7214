import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withChanges } from '../core/with-changes.js';

/** Wall-clock facts of a run (run.json): never part of the deterministic outputs. */
export async function writeRunFacts(outDir: string, facts: { durationMs: number; bars: number; steps: number }): Promise<void> {
  const barsPerSecond = facts.durationMs > 0 ? Math.round((facts.bars / facts.durationMs) * 1000) : null;
  await writeFile(join(outDir, 'run.json'), JSON.stringify(withChanges(facts, { barsPerSecond }), null, 2) + '\n');
}
