import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import type { NewsItem } from '../../src/news/news-port.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { NewsScanner } from '../../src/scanners/news-scanner.js';
import { openStore } from '../../src/store/store.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a scan with a dated story and an undated one of the same symbol', () => {
  it('publishes the dated story as the latest word: an undated item is dated by the fetch, its age unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-news-undated-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const clock = new VirtualClock(Date.UTC(2026, 0, 10));
    // A feed without dates gives its whole backlog, each item stamped with the fetch time (feed-item.ts).
    const undated: NewsItem = { id: 'u1', title: 'ACME plunges after guidance cut, losses mount', summary: '', publishedAt: clock.now(), dateFallback: true, source: 'undated-feed' };
    const dated: NewsItem = { id: 'd1', title: 'ACME beats estimates and raises guidance', summary: '', publishedAt: clock.now() - 10 * 60_000, source: 'dated-feed' };
    const published: Opportunity[] = [];
    const scanner = new NewsScanner({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      source: { name: 'test', fetch: async () => [undated, dated] },
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      seen: store,
      book: new NewsBook(100, 6 * HOUR),
      lookbackMs: 6 * HOUR,
      minSentiment: 0.1,
      cooldownMs: 30 * 60_000,
      priceOf: async () => 100,
      publish: async (o) => void published.push(o),
    });
    await scanner.scan(new AbortController().signal);
    store.close();
    expect(published.map((o) => [o.symbol, o.direction])).toEqual([['ACME', 'long']]);
    expect(published[0]!.reason).toMatch(/beats estimates/);
  });
});
