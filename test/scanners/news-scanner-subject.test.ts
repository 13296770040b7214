import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import type { NewsItem } from '../../src/news/news-port.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { NewsScanner } from '../../src/scanners/news-scanner.js';
import { MemoryNewsSeenRepository } from '../fakes/memory-news-seen-repository.js';

const HOUR = 3_600_000;
const mapper = new SymbolMapper([
  { symbol: 'ORCL', names: ['Oracle'] },
  { symbol: 'MSFT', names: ['Microsoft'] },
  { symbol: 'AMZN', names: ['Amazon'] },
  { symbol: 'AAPL', names: ['Apple'] },
  { symbol: 'NVDA', names: ['Nvidia'] },
]);

/** One scan of `items`: the symbols it published opportunities on, and the book the scout reads. */
async function scan(items: (Omit<NewsItem, 'publishedAt' | 'source'> & { publishedAt?: number })[], maxSymbols?: number, cooldownMs = 0) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 10, 12));
  const book = new NewsBook(100, 6 * HOUR);
  const published: Opportunity[] = [];
  const scanner = new NewsScanner({
    clock,
    logger: createLogger({ level: 'silent', clock }),
    source: { name: 'test', fetch: async () => items.map((i) => Object.assign({ publishedAt: clock.now() - HOUR, source: 'test' }, i)) },
    mapper,
    seen: new MemoryNewsSeenRepository(),
    book,
    lookbackMs: 6 * HOUR,
    minSentiment: 0.25,
    ...(maxSymbols === undefined ? {} : { maxSymbols }),
    cooldownMs,
    priceOf: async () => 100,
    publish: async (o) => {
      published.push(o);
    },
  });
  const result = await scanner.scan(new AbortController().signal);
  return { result, published: published.map((o) => `${o.symbol} ${o.direction}`), book: book.recent(clock.now()) };
}

describe('the news scanner’s subject', () => {
  it('publishes only the headline’s symbols, not the rivals its summary names in passing', async () => {
    const { published, book } = await scan([{
      id: 'orcl-1',
      title: 'Oracle shares jump on cloud deal',
      summary: 'The stock rallied after Oracle signed a five-year contract, a win over rivals Microsoft and Amazon in the bidding.',
    }]);
    // Before: ORCL, MSFT and AMZN long, each with this item's sentiment.
    expect(published).toEqual(['ORCL long']);
    expect(book.map((i) => i.symbols)).toEqual([['ORCL']]);
  });

  it('takes the summary’s symbols when the headline names none, as the scout’s news with no opportunity of their own', async () => {
    const { published, book } = await scan([{ id: 'cloud-1', title: 'Cloud contract awarded', summary: 'Oracle rallied after winning it.' }]);
    expect(book.map((i) => [i.symbols, i.sentiment > 0.25])).toEqual([[['ORCL'], true]]);
    // A discussion starts only for a headline’s symbols (a quiz or a workshop notice naming Apple in its body made one).
    expect(published).toEqual([]);
    expect((await scan([{ id: 'cloud-2', title: 'Oracle wins cloud contract', summary: 'Shares rallied.' }])).published).toEqual(['ORCL long']);
  });

  it('publishes nothing on a roundup and keeps it as market news', async () => {
    const wrap = { id: 'wrap-1', title: 'Wall Street rallies as Apple, Microsoft, Nvidia and Amazon lead gains', summary: 'The Nasdaq rose 2%.' };
    const { published, book, result } = await scan([wrap]);
    // Before: AAPL, MSFT, NVDA and AMZN long, all with the one score of the wrap.
    expect(published).toEqual([]);
    expect(result).toMatchObject({ mapped: 1, roundups: 1, published: 0 });
    expect(book.map((i) => [i.symbols, i.sentiment > 0.25])).toEqual([[[], true]]);
    // Under a bound of 4 it is news of each of them.
    expect((await scan([wrap], 4)).published).toEqual(['AAPL long', 'MSFT long', 'NVDA long', 'AMZN long']);
  });

  it('discusses a symbol’s latest story when its cooldown lets one of a scan through', async () => {
    const at = (hoursAgo: number) => Date.UTC(2026, 0, 10, 12) - hoursAgo * HOUR;
    // A start with a morning of backlog: the deal, then its collapse. Before: ORCL long, on the older story.
    const items = [
      { id: 'orcl-2', title: 'Oracle shares plunge as cloud deal collapses', summary: '', publishedAt: at(1) },
      { id: 'orcl-1', title: 'Oracle shares jump on cloud deal', summary: '', publishedAt: at(5) },
      { id: 'msft-1', title: 'Microsoft shares rally on earnings beat', summary: '', publishedAt: at(3) },
    ];
    expect((await scan(items, undefined, 6 * HOUR)).published).toEqual(['ORCL short', 'MSFT long']);
  });
});

describe('the news scanner across a restart', () => {
  it('does not publish again a story it published within the look-back, delivered under another feed and id', async () => {
    const { openStore } = await import('../../src/store/store.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'conclave-news-again-')), 'store.db'));
    const clock = new VirtualClock(Date.UTC(2026, 0, 10, 12));
    const story = { title: 'Oracle shares jump on cloud deal', summary: 'A record contract.', publishedAt: clock.now() - HOUR, source: 'test' };
    // Each run: a new book and scanner (a restart), the same store; the feed's URL (its key) and ids changed between.
    const run = async (feed: string, id: string, title = story.title) => {
      const published: Opportunity[] = [];
      const scanner = new NewsScanner({
        clock, logger: createLogger({ level: 'silent', clock }), mapper, seen: store.newsSeen, book: new NewsBook(100, 6 * HOUR),
        source: { name: 'test', fetch: async () => [Object.assign({}, story, { id, feed, title })] },
        lookbackMs: 6 * HOUR, minSentiment: 0.25, cooldownMs: 0, priceOf: async () => 100,
        publish: async (o) => {
          store.audit.insertOpportunity(o);
          published.push(o);
        },
        publishedSince: (symbol, reasonStart, since) => store.audit.newsPublishedSince(symbol, reasonStart, since),
      });
      await scanner.scan(new AbortController().signal);
      return published.map((o) => o.symbol);
    };
    expect(await run('feed-http', 'guid-1')).toEqual(['ORCL']);
    await clock.advance(10 * 60_000);
    expect(await run('feed-https', 'guid-9')).toEqual([]);
    // Another story on the symbol is published.
    expect(await run('feed-https', 'guid-10', 'Oracle shares jump again on a second deal')).toEqual(['ORCL']);
    store.close();
  });
});
