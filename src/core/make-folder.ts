import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, a level at a time. Node's own recursive mkdir never returns where mkdir answers ENOENT under a parent
 * that exists (a path inside /proc, say): it spins at full CPU and the process ignores SIGTERM. This throws instead.
 */
export function makeFolder(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Made meanwhile by another process: what was asked for is there.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
