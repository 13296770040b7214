import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

const SRC = resolve(packageRoot(), 'src');

/** The part (top folder under src/, or "(root)") a file belongs to. */
const partOf = (file: string): string => {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '(root)';
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** part -> parts it imports, each with one file that does it (for the failure message). */
function partGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = partOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = partOf(resolve(dirname(file), m[1]!));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} imports ${m[1]!}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** A cycle through the part graph as a readable path, or null. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    path.push(node);
    for (const [next, why] of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next].map((p, i, all) => (i < all.length - 1 ? `${p} (${graph.get(p)!.get(all[i + 1]!)!})` : p));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
      void why;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

describe('the parts of src/', () => {
  it('import each other without a cycle', () => {
    const graph = partGraph();
    expect(graph.size).toBeGreaterThan(5);
    expect(findCycle(graph)).toBeNull();
  });

  it('the check sees a cycle when there is one', () => {
    const graph = new Map([
      ['store', new Map([['domain', 'a']])],
      ['trading', new Map([['store', 'b']])],
      ['domain', new Map([['trading', 'c']])],
    ]);
    expect(findCycle(graph)).not.toBeNull();
  });
});
