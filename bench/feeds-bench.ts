import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { parseFeed } from '../src/news/feed-parser.js';
import type { Figure } from './figure.js';

/** Feed parsing throughput: every shared feed (decode, sniff, parse, normalise), repeated for about 1.5 s. */
export async function benchFeedParsing(): Promise<Figure> {
  const dir = resolve(packageRoot(), '../shared/data/feeds');
  const bodies = readdirSync(dir).sort().map((name) => readFileSync(join(dir, name)));
  const parseAll = () => {
    let items = 0;
    for (const body of bodies) {
      try {
        items += parseFeed(body, { fetchedAt: 0 }).items.length;
      } catch {
        // the not-a-feed and truncated samples cost parse time too but yield no items
      }
    }
    return items;
  };
  parseAll(); // warm-up (JIT)
  let items = 0;
  const start = performance.now();
  while (performance.now() - start < 1500) {
    items += parseAll();
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    name: 'feed parsing throughput',
    value: Math.round(items / seconds),
    unit: 'items/s',
  };
}
