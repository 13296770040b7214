import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';
import { NewsScanner } from '../../src/scanners/news-scanner.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { openStore } from '../../src/store/store.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("a backtest's recorded news, once its latest item is older than the scanner's look-back", () => {
  it('is not warned of as a source outside the window, whose advice is to use --news (it was, in a run given --news)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-recorded-outside-'));
    dirs.push(dir);
    const file = join(dir, 'news.jsonl');
    writeFileSync(file, `${JSON.stringify({ publishedAt: '2006-01-05T00:00:00Z', title: 'ACME soars on record profit' })}\n`);
    const clock = new VirtualClock(Date.parse('2006-01-05T01:00:00Z'));
    const warnings: string[] = [];
    const logger = createLogger({ level: 'silent', clock });
    logger.warn = ((_: unknown, msg: string) => warnings.push(msg)) as unknown as typeof logger.warn;
    // The source keeps 72 h, as a backtest's does for its news window; the scanner 6 h.
    const source = await loadRecordedNews(file, clock, logger, { lookbackMs: 72 * HOUR });
    const store = openStore(join(dir, 'store.db'));
    const scanner = new NewsScanner({
      clock, logger, source, seen: store, book: new NewsBook(100, 6 * HOUR), lookbackMs: 6 * HOUR, minSentiment: 2, cooldownMs: 0,
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      priceOf: async () => 100,
      publish: async () => undefined,
    });
    expect((await scanner.scan(new AbortController().signal)).fresh).toBe(1);
    await clock.advance(9 * HOUR);
    const later = await scanner.scan(new AbortController().signal);
    store.close();
    expect(later.fetched).toBe(1);
    expect(later.fresh).toBe(0);
    expect(warnings).toEqual([]);
  });
});
