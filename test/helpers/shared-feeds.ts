import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '../../src/news/feed-parser.js';
import type { NewsItem } from '../../src/news/news-port.js';

export const SHARED_FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');

/** Every item of the shared feeds, file by file as the folder lists them (the two files that are no feed skipped). */
export function sharedFeedItems(): NewsItem[] {
  const out: NewsItem[] = [];
  for (const file of readdirSync(SHARED_FEEDS)) {
    try {
      out.push(...parseFeed(readFileSync(path.join(SHARED_FEEDS, file)), { fetchedAt: 0 }).items);
    } catch {
      continue;
    }
  }
  return out;
}
