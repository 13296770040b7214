import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding package.json, found from this file whether it runs from src/ (tests) or dist/ (production). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('conclave: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return (root = dir);
}

/** conclave's version, from its package.json (`conclave --version`). */
export function packageVersion(): string {
  return String((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
}
