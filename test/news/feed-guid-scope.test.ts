import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { CompositeNewsSource } from '../../src/news/composite-news-source.js';
import { FeedSource } from '../../src/news/feed-source.js';
import type { NewsSource } from '../../src/news/news-port.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { NewsScanner } from '../../src/scanners/news-scanner.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/store.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const HOUR = 3_600_000;
const clock = new VirtualClock(Date.UTC(2026, 0, 10, 12));
const rss = (title: string, items: { guid: string; title: string; dated?: boolean }[]) =>
  `<rss version="2.0"><channel><title>${title}</title>${items
    .map((i) => `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title>${i.dated === false ? '' : `<pubDate>${new Date(clock.now() - HOUR).toUTCString()}</pubDate>`}</item>`)
    .join('')}</channel></rss>`;

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    const feeds: Record<string, string> = {
      '/alpha': rss('Alpha Wire', [{ guid: 'story-1', title: 'Acme beats estimates' }]),
      // Another feed numbering its stories as Alpha does (or copying its guids), under its own title and headline.
      '/beta': rss('Beta News', [{ guid: 'story-1', title: 'Globex wins a defence contract' }]),
      '/undated': rss('Gamma Daily', [{ guid: 'story-1', title: 'Initech opens a plant', dated: false }]),
    };
    const body = feeds[req.url ?? ''];
    if (body) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const storeFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'news-guid-'));
  dirs.push(dir);
  return join(dir, 'conclave-paper.db');
};

const feeds = (...paths: string[]): NewsSource =>
  new CompositeNewsSource(paths.map((p) => new FeedSource({ url: `${server.url}${p}`, clock, lookbackMs: 0 })));

/** How many items one scan of `source` passes on as fresh (not seen before), over the store in `file`. */
async function freshItems(file: string, source: NewsSource): Promise<number> {
  const store = openStore(file);
  try {
    const scanner = new NewsScanner({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      source,
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      seen: store,
      book: new NewsBook(100, 6 * HOUR),
      lookbackMs: 6 * HOUR,
      minSentiment: 2,
      cooldownMs: 0,
      priceOf: async () => 100,
      publish: async () => undefined,
    });
    return (await scanner.scan(new AbortController().signal)).fresh;
  } finally {
    store.close();
  }
}

/** A store as conclave wrote it before news was remembered by feed: its migrations up to then, and `seen` ids in news_seen. */
function storeBeforeFeeds(file: string, seen: string[]): void {
  const before = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE news_seen_by_feed'));
  expect(before).toBeGreaterThan(0);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const [version, migration] of MIGRATIONS.slice(0, before).entries()) {
    db.exec(migration);
    db.pragma(`user_version = ${version + 1}`);
  }
  for (const id of seen) db.prepare('INSERT INTO news_seen (id, seen_at) VALUES (?, ?)').run(id, clock.now() - HOUR);
  db.close();
}

describe('news seen, by feed', () => {
  it('passes on two feeds’ items of the same guid, and neither again after a restart', async () => {
    const file = storeFile();
    expect(await freshItems(file, feeds('/alpha', '/beta'))).toBe(2);
    expect(await freshItems(file, feeds('/alpha', '/beta'))).toBe(0);
  });

  it('does not let a feed that copies another’s guids hide that feed’s next story', async () => {
    const file = storeFile();
    expect(await freshItems(file, feeds('/beta'))).toBe(1);
    expect(await freshItems(file, feeds('/alpha', '/beta'))).toBe(1);
  });

  it('delivers none of the items a store written before the change had seen, and remembers by feed from then on', async () => {
    const file = storeFile();
    storeBeforeFeeds(file, ['story-1']);
    // Which feed the old row was for is not known: it counts for each, so nothing is delivered twice.
    expect(await freshItems(file, feeds('/alpha', '/beta', '/undated'))).toBe(0);
    const store = openStore(file);
    try {
      // The undated item, touched while its feed carries it, was given its feed's own row; the old row ages out.
      expect(store.db.prepare('SELECT id FROM news_seen').all()).toEqual([{ id: 'story-1' }]);
      expect(store.db.prepare('SELECT id FROM news_seen_by_feed').all()).toEqual([{ id: 'story-1' }]);
      expect(store.pruneNewsSeen(clock.now() - HOUR / 2)).toBe(1);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM news_seen').get()).toEqual({ n: 0 });
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      store.close();
    }
    // Once the old row is gone (with the look-back), the undated item is still seen by its feed's row.
    expect(await freshItems(file, feeds('/undated'))).toBe(0);
  });
});
