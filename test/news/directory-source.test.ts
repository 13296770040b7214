import path from 'node:path';
import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { DirectorySource } from '../../src/news/directory-source.js';
import { CompositeNewsSource } from '../../src/news/composite-news-source.js';
import { ResilientNewsSource } from '../../src/news/resilient-news.js';
import type { NewsSource } from '../../src/news/news-port.js';
import { OperationalError, TransientError } from '../../src/core/errors.js';
import { parseFeedInline, type FeedParse } from '../../src/news/feed-parse-thread.js';

const FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');
const clock = new VirtualClock(Date.UTC(2026, 0, 1));

describe('DirectorySource', () => {
  it('reads every shared feed file, isolating the bad ones', async () => {
    const seen: string[] = [];
    const src = new DirectorySource({ dir: FEEDS, clock, onFeedError: (f) => seen.push(path.basename(f)) });
    const items = await src.fetch();
    expect(items.length).toBeGreaterThan(400);
    const errors = src.lastErrors().map((e) => path.basename(e.file)).sort();
    expect(errors).toEqual(['feedparser__rss_incomplete_cdata.xml', 'rss-parser__unrecognized.rss']);
    expect(seen.sort()).toEqual(errors);
    expect(src.lastErrors()[0]!.error.length).toBeGreaterThan(20);
  });

  it('applies the look-back window and the file limits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feeds-'));
    copyFileSync(path.join(FEEDS, 'rss-parser__guardian.rss'), path.join(dir, 'a.xml'));
    copyFileSync(path.join(FEEDS, 'rss-parser__heise.atom'), path.join(dir, 'b.xml'));
    const recent = new DirectorySource({ dir, clock: new VirtualClock(Date.UTC(2018, 0, 31, 12)), lookbackMs: 24 * 3_600_000 });
    expect((await recent.fetch()).every((i) => i.source === 'The Guardian')).toBe(true);
    const one = new DirectorySource({ dir, clock, maxFiles: 1 });
    expect(await one.fetch()).toHaveLength(55);
    expect(one.lastErrors()[0]!.error).toMatch(/only the first 1/);
    const small = new DirectorySource({ dir, clock, maxBytes: 30_000 });
    expect(await small.fetch()).toHaveLength(15);
  });

  it('throws with every reason when nothing is readable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feeds-'));
    writeFileSync(path.join(dir, 'x.xml'), '<html></html>');
    await expect(new DirectorySource({ dir, clock }).fetch()).rejects.toThrow(/no readable feed in .*x\.xml: not a feed/);
    await expect(new DirectorySource({ dir: path.join(dir, 'missing'), clock }).fetch()).rejects.toThrow(/cannot be read.*newsDirectory/);
    expect(await new DirectorySource({ dir: mkdtempSync(path.join(tmpdir(), 'empty-')), clock }).fetch()).toEqual([]);
  });
});

describe('DirectorySource with the feed parser thread', () => {
  it('reads again a file the parser thread did not finish, but remembers one that is no feed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'news-dir-'));
    try {
      copyFileSync(path.join(FEEDS, 'rss-parser__guardian.rss'), path.join(dir, 'a.xml'));
      writeFileSync(path.join(dir, 'b.xml'), '<html></html>');
      const calls: string[] = [];
      let restarting = true;
      const parse: FeedParse = (body, options, signal) => {
        calls.push(new TextDecoder().decode(body.subarray(0, 6)));
        if (restarting && body.length > 1000) {
          restarting = false;
          return Promise.reject(new OperationalError('the feed parser thread stopped while parsing this feed (exit code 1)'));
        }
        return parseFeedInline(body, options, signal);
      };
      const src = new DirectorySource({ dir, clock, parse });
      await expect(src.fetch()).rejects.toThrow(/no readable feed.*a\.xml: the feed parser thread stopped/);
      await src.load();
      expect(await src.fetch()).toHaveLength(55);
      await src.settled();
      // a.xml was parsed again after the thread failed; b.xml, no feed, was parsed once and remembered.
      expect(calls.filter((c) => c === '<html>')).toHaveLength(1);
      expect(calls.filter((c) => c !== '<html>')).toHaveLength(2);
      expect(src.lastErrors().map((e) => path.basename(e.file))).toEqual(['b.xml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DirectorySource on a virtual clock', () => {
  /** A scan every virtual minute, the clock running on while each fetch is in flight, as a fast replay drives it. */
  async function run(dir: string) {
    const virtual = new VirtualClock(Date.UTC(2026, 0, 1));
    const source = new DirectorySource({ dir, clock: virtual });
    await source.load(); // what the kernel does (loadFeedNewsSource) before the clock runs
    const guarded = new ResilientNewsSource(source, virtual, { timeoutMs: 1000, retry: { retries: 0 } });
    const seen: Array<{ at: number; ids: string[] }> = [];
    for (let i = 0; i < 5; i++) {
      const pending = guarded.fetch();
      await virtual.advance(60_000);
      seen.push({ at: virtual.now(), ids: (await pending).map((item) => `${item.id}@${item.publishedAt}`) });
    }
    await source.settled();
    return { seen, timeouts: guarded.stats().timeouts };
  }

  it('never waits for the disk while virtual timers fire: no timeouts, the same items on identical runs', async () => {
    const first = await run(FEEDS);
    expect(first.timeouts).toBe(0);
    expect(first.seen.every((s) => s.ids.length > 400)).toBe(true);
    expect(await run(FEEDS)).toEqual(first);
  });

  it('serves a file added to the folder from the fetch after the one that noticed it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feeds-'));
    copyFileSync(path.join(FEEDS, 'rss-parser__heise.atom'), path.join(dir, 'a.xml'));
    const source = new DirectorySource({ dir, clock });
    const before = (await source.fetch()).length;
    copyFileSync(path.join(FEEDS, 'rss-parser__guardian.rss'), path.join(dir, 'b.xml'));
    expect(await source.fetch()).toHaveLength(before); // answered from memory; the re-read starts now
    await source.settled();
    expect((await source.fetch()).length).toBeGreaterThan(before);
  });

  it('reports a bad file once, not at every re-read, and again when it goes bad anew', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feeds-'));
    copyFileSync(path.join(FEEDS, 'rss-parser__heise.atom'), path.join(dir, 'a.xml'));
    copyFileSync(path.join(FEEDS, 'rss-parser__unrecognized.rss'), path.join(dir, 'bad.xml'));
    const seen: string[] = [];
    const source = new DirectorySource({ dir, clock, onFeedError: (f) => seen.push(path.basename(f)) });
    for (let scan = 0; scan < 4; scan++) {
      await source.fetch();
      await source.settled();
    }
    expect(seen).toEqual(['bad.xml']); // it logged the same warning at every news scan
    expect(source.lastErrors().map((e) => path.basename(e.file))).toEqual(['bad.xml']);
    copyFileSync(path.join(FEEDS, 'rss-parser__guardian.rss'), path.join(dir, 'bad.xml'));
    await source.fetch();
    await source.settled();
    copyFileSync(path.join(FEEDS, 'feedparser__rss_incomplete_cdata.xml'), path.join(dir, 'bad.xml'));
    await source.fetch();
    await source.settled();
    expect(seen).toEqual(['bad.xml', 'bad.xml']);
  });
});

describe('CompositeNewsSource', () => {
  const ok = (name: string, n: number): NewsSource => ({ name, fetch: async () => Array.from({ length: n }, (_, i) => ({ id: `${name}${i}`, title: 't', summary: '', publishedAt: 0, source: name })) });
  const bad = (name: string): NewsSource => ({ name, fetch: async () => { throw new Error(`${name} down`); } });

  it('merges sources and isolates failures', async () => {
    const c = new CompositeNewsSource([ok('a', 2), bad('b'), ok('c', 1)]);
    expect(await c.fetch()).toHaveLength(3);
    expect(c.lastOutcomes()).toEqual([
      { name: 'a', ok: true, items: 2 },
      { name: 'b', ok: false, items: 0, error: 'b down' },
      { name: 'c', ok: true, items: 1 },
    ]);
  });

  it('throws when all fail', async () => {
    const all = new CompositeNewsSource([bad('a'), bad('b')]).fetch();
    await expect(all).rejects.toThrow('all 2 news sources failed: a: a down; b: b down');
    // A source outage, not a bug: the news loop logs its message, not a stack.
    await expect(all).rejects.toBeInstanceOf(TransientError);
  });
});
