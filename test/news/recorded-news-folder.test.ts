import path from 'node:path';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';

const GUARDIAN = path.resolve(process.cwd(), '../shared/data/feeds/rss-parser__guardian.rss');
const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describe('recorded news: a folder', () => {
  it('reads the JSON Lines files in it (.jsonl, .ndjson) as well as its saved feeds', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-folder-'));
    writeFileSync(path.join(dir, 'wire.jsonl'), ['{"publishedAt":"2018-01-31T10:00:00Z","title":"ACME beats estimates"}', 'oops', '{"publishedAt":"2018-01-31T11:00:00Z","title":"ACME raises guidance"}'].join('\r\n'));
    writeFileSync(path.join(dir, 'desk.NDJSON'), '\uFEFF{"publishedAt":1517400000000,"title":"ACME downgrade"}\n');
    const clock = new VirtualClock(Date.UTC(2018, 1, 2));
    const feedOnly = mkdtempSync(path.join(tmpdir(), 'recorded-folder-'));
    copyFileSync(GUARDIAN, path.join(feedOnly, 'guardian.rss'));
    const guardian = (await loadRecordedNews(feedOnly, clock, silent)).stats().items;
    expect(guardian).toBeGreaterThan(50);
    copyFileSync(GUARDIAN, path.join(dir, 'guardian.rss'));
    const news = await loadRecordedNews(dir, clock, silent);
    // It read "JSON feed is not valid JSON" for each JSON Lines file and kept none of their items.
    expect(news.stats()).toMatchObject({ format: 'feeds', items: guardian + 3, rejected: { 'bad-json': 1 } });
    const titles = (await news.fetch()).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['ACME beats estimates', 'ACME raises guidance', 'ACME downgrade']));
    expect(news.issues()).toEqual([expect.objectContaining({ file: path.join(dir, 'wire.jsonl'), line: 2, reason: 'bad-json' })]);
  });
});

describe('a folder of compressed news', () => {
  it('reads a .json that is no JSON Feed (NewsAPI’s answer saved by day, an array of items) as --news reads it alone, and a JSON Feed as a feed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-folder-'));
    const article = { source: { id: null, name: 'Wire' }, title: 'ACME beats estimates', description: 'Record quarter', publishedAt: '2018-01-31T10:00:00Z' };
    writeFileSync(path.join(dir, '2018-01-31.json'), JSON.stringify({ status: 'ok', totalResults: 1, articles: [article] }, null, 2));
    writeFileSync(path.join(dir, 'desk.json'), JSON.stringify([{ publishedAt: '2018-01-31T11:00:00Z', title: 'ACME raises guidance' }]));
    writeFileSync(path.join(dir, 'feed.json'), JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Blog', items: [{ id: '1', title: 'ACME downgrade', date_published: '2018-01-31T12:00:00Z' }] }));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    // The first two were refused as 'not a feed: a JSON document without an "items" array'.
    expect(news.issues()).toEqual([]);
    expect((await news.fetch()).map((i) => [i.title, i.source])).toEqual([['ACME beats estimates', 'Wire'], ['ACME raises guidance', 'desk.json'], ['ACME downgrade', 'Blog']]);
  });

  it('reads a gzipped feed and a gzipped JSON Lines file as what they hold, and names a damaged one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-gz-'));
    writeFileSync(path.join(dir, 'guardian.rss.gz'), gzipSync(readFileSync(GUARDIAN)));
    writeFileSync(path.join(dir, 'wire.jsonl.gz'), gzipSync('{"publishedAt":"2018-01-31T10:00:00Z","title":"ACME beats estimates"}\n'));
    writeFileSync(path.join(dir, 'cut.rss.gz'), gzipSync(readFileSync(GUARDIAN)).subarray(0, 200));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats()).toMatchObject({ items: 56, rejected: { 'bad-file': 1 } });
    expect((await news.fetch()).map((i) => i.title)).toContain('ACME beats estimates');
    expect(news.issues()).toEqual([expect.objectContaining({ file: path.join(dir, 'cut.rss.gz'), message: expect.stringMatching(/compressed \(gzip\) but damaged/) })]);
  });
});

describe('a folder of saved feeds with symbolic links', () => {
  it('reads a linked feed like the feed itself, and passes over a link to a folder, saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-links-'));
    symlinkSync(GUARDIAN, path.join(dir, 'guardian.rss'));
    symlinkSync(path.dirname(GUARDIAN), path.join(dir, 'all-feeds'));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats().items).toBe(55);
    expect(news.issues()).toEqual([expect.objectContaining({ file: path.join(dir, 'all-feeds'), reason: 'subfolder' })]);
  });

  it('counts the subfolders it does not search: feeds saved by day in folders were passed over without a word', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-days-'));
    copyFileSync(GUARDIAN, path.join(dir, 'guardian.rss'));
    for (const day of ['2018-01-30', '2018-01-31']) {
      mkdirSync(path.join(dir, day));
      copyFileSync(path.resolve(process.cwd(), '../shared/data/feeds/rss-parser__heise.atom'), path.join(dir, day, 'heise.atom'));
    }
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats()).toMatchObject({ items: 55, rejected: { subfolder: 2 } });
    expect(news.issues().map((i) => i.message)).toEqual(Array(2).fill('a folder inside the news folder: its files are not read (give that folder as --news, or move its files up)'));
  });
});

describe('a folder of saved feeds: items a feed file holds but the parser leaves out', () => {
  it('reads every item of a long saved feed (an archive of 800), not the first 500 a live fetch takes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-long-'));
    const day = Date.UTC(2005, 0, 5, 14, 30);
    const items = Array.from({ length: 800 }, (_, i) => `<item><title>ACME story ${i}</title><guid>g${i}</guid><pubDate>${new Date(day + i * 86_400_000).toUTCString()}</pubDate></item>`);
    writeFileSync(path.join(dir, 'archive.rss'), `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`);
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2008, 0, 1)), silent);
    // Items 501..800 were lost without a word: no count, no warning, no log line.
    expect(news.stats()).toMatchObject({ items: 800, last: new Date(day + 799 * 86_400_000).toISOString() });
    const capped = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2008, 0, 1)), silent, { maxItems: 700 });
    expect(capped.stats()).toMatchObject({ items: 700, rejected: { 'over-limit': 100 } });
  });

  it('counts a story repeated inside one feed and an entry with nothing to read, instead of dropping them unsaid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-dropped-'));
    // A real Atom file whose one entry has no title, link, id or date.
    copyFileSync(path.resolve(process.cwd(), '../shared/data/feeds/rss-parser__incomplete-fields.atom'), path.join(dir, 'incomplete.atom'));
    const stories = [0, 1, 0].map((n, i) => `<item><title>ACME story ${n}</title><guid>g${n}</guid><pubDate>${new Date(Date.UTC(2018, 0, 30 + i)).toUTCString()}</pubDate></item>`);
    writeFileSync(path.join(dir, 'wire.rss'), `<rss version="2.0"><channel><title>Wire</title>${stories.join('')}</channel></rss>`);
    copyFileSync(GUARDIAN, path.join(dir, 'guardian.rss'));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats()).toMatchObject({ items: 55 + 2, rejected: { duplicate: 1, 'no-title': 1 } });
    expect(news.issues()).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: path.join(dir, 'wire.rss'), reason: 'duplicate', message: 'item 3 repeats the id g0 of an earlier item; skipped' }),
      expect.objectContaining({ file: path.join(dir, 'incomplete.atom'), reason: 'no-title' }),
    ]));
  });
});

describe('a folder of saved feeds that number their items alike', () => {
  it('keeps two feeds’ items of the same guid, and one copy of a feed saved twice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'news-recorded-guid-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const feed = (title: string, headline: string) =>
      `<rss version="2.0"><channel><title>${title}</title><item><guid isPermaLink="false">1</guid><title>${headline}</title><pubDate>Wed, 31 Jan 2018 10:00:00 GMT</pubDate></item></channel></rss>`;
    writeFileSync(path.join(dir, 'alpha-0131.rss'), feed('Alpha Wire', 'Acme beats estimates'));
    writeFileSync(path.join(dir, 'alpha-0201.rss'), feed('Alpha Wire', 'Acme beats estimates'));
    writeFileSync(path.join(dir, 'beta.rss'), feed('Beta News', 'Globex wins a contract'));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats()).toMatchObject({ items: 2, rejected: { duplicate: 1 } });
    expect((await news.fetch()).map((i) => i.title).sort()).toEqual(['Acme beats estimates', 'Globex wins a contract']);
    expect(news.issues()).toEqual([expect.objectContaining({ file: path.join(dir, 'alpha-0201.rss'), reason: 'duplicate' })]);
  });
});
