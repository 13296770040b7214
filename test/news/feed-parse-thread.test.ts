import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FeedParseThread } from '../../src/news/feed-parse-thread.js';
import { parseFeed, type ParseFeedOptions } from '../../src/news/feed-parser.js';
import { FeedParseError } from '../../src/news/feed-errors.js';
import { AbortError } from '../../src/core/clock.js';
import { attributeHeavyFeed } from './attribute-heavy-feed.js';

// The compiled worker: the suite's global setup builds dist/ first (from the TypeScript sources there is none to run).
const SCRIPT = path.resolve('dist/src/news/feed-parse-worker.js');
const FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');
const OPTIONS: ParseFeedOptions = { fetchedAt: Date.UTC(2024, 0, 2), url: 'http://127.0.0.1/feed' };

/** The promise's value, and how many times the event loop turned while it was pending. */
async function turnsWhile<T>(promise: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let pending = true;
  const spin = () => {
    if (!pending) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { value: await promise, turns };
  } finally {
    pending = false;
  }
}

const outcome = (run: () => unknown) => {
  try {
    return JSON.stringify(run());
  } catch (error) {
    return `${(error as FeedParseError).reason}: ${(error as Error).message}`;
  }
};

describe('the feed parser thread', () => {
  it('parses a 5 MB attribute-heavy feed while the event loop keeps turning, into the very feed parsed inline', async () => {
    const thread = new FeedParseThread({ script: SCRIPT });
    try {
      const body = attributeHeavyFeed();
      expect(body.length).toBeGreaterThan(5_000_000);
      const { value, turns } = await turnsWhile(thread.parse(body, OPTIONS));
      // Parsed on this thread, the feed is done before the loop turns once.
      expect(turns).toBeGreaterThan(20);
      expect(value.items).toHaveLength(500);
      expect(JSON.stringify(value)).toBe(JSON.stringify(parseFeed(body, OPTIONS)));
      expect(thread.stats()).toMatchObject({ offThread: 1, inline: 0, waiting: 0, restarts: 0 });
    } finally {
      await thread.stop();
    }
  });

  it('gives every shared feed, and the reason a bad one is refused, exactly as the inline parser does', async () => {
    const thread = new FeedParseThread({ script: SCRIPT, thresholdBytes: 0 });
    try {
      for (const name of readdirSync(FEEDS).sort()) {
        const body = readFileSync(path.join(FEEDS, name));
        const threaded = await thread.parse(body, OPTIONS).then(
          (feed) => JSON.stringify(feed),
          (error: FeedParseError) => `${error.reason}: ${error.message}`,
        );
        expect(threaded, name).toBe(outcome(() => parseFeed(body, OPTIONS)));
      }
      expect(thread.stats().offThread).toBe(readdirSync(FEEDS).length);
    } finally {
      await thread.stop();
    }
  });

  it('keeps a small feed inline', async () => {
    const thread = new FeedParseThread({ script: SCRIPT });
    const body = readFileSync(path.join(FEEDS, 'rss-parser__reddit.rss'));
    const { value, turns } = await turnsWhile(thread.parse(body, OPTIONS));
    expect(value.items.length).toBeGreaterThan(0);
    expect(turns).toBe(0);
    expect(thread.stats()).toMatchObject({ offThread: 0, inline: 1 });
    await thread.stop();
  });

  it('drops a parse no one waits for any more, and parses the next feed on a new thread', async () => {
    const thread = new FeedParseThread({ script: SCRIPT });
    try {
      const body = attributeHeavyFeed();
      const abort = new AbortController();
      const given = thread.parse(body, OPTIONS, abort.signal);
      abort.abort(new AbortError('fetch timed out'));
      await expect(given).rejects.toThrow('fetch timed out');
      const next = await thread.parse(body, OPTIONS);
      expect(next.items).toHaveLength(500);
    } finally {
      await thread.stop();
    }
  });

  it('once stopped, refuses a large feed saying why', async () => {
    const thread = new FeedParseThread({ script: SCRIPT });
    await thread.stop();
    await expect(thread.parse(attributeHeavyFeed(200_000), OPTIONS)).rejects.toThrow(/feed parser thread is stopped \(the daemon is stopping\)/);
  });

  it('does not keep a process alive once idle', () => {
    // A process that parses a large feed on the thread and never stops it must still end by itself.
    const thread = path.resolve('dist/src/news/feed-parse-thread.js');
    const code = `
      const { FeedParseThread } = await import(${JSON.stringify(thread)});
      const parser = new FeedParseThread({ script: ${JSON.stringify(SCRIPT)} });
      const body = Buffer.from(${JSON.stringify(attributeHeavyFeed(1_000_000).toString('latin1'))}, 'latin1');
      const feed = await parser.parse(body, { fetchedAt: 0 });
      console.log(feed.items.length, parser.stats().offThread);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module'], { input: code, encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('500 1');
  });
});
