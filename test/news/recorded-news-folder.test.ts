import path from 'node:path';
import { copyFileSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
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

describe('a folder of saved feeds with symbolic links', () => {
  it('reads a linked feed like the feed itself, and passes over a link to a folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recorded-links-'));
    symlinkSync(GUARDIAN, path.join(dir, 'guardian.rss'));
    symlinkSync(path.dirname(GUARDIAN), path.join(dir, 'all-feeds'));
    const news = await loadRecordedNews(dir, new VirtualClock(Date.UTC(2018, 1, 2)), silent);
    expect(news.stats().items).toBe(55);
    expect(news.issues()).toEqual([]);
  });
});
