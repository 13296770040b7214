import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ResilienceOptions } from '../core/resilient-source.js';
import { CompositeNewsSource } from './composite-news-source.js';
import { DirectorySource } from './directory-source.js';
import { FeedSource } from './feed-source.js';
import { ResilientNewsSource } from './resilient-news.js';
import { withChanges } from '../core/with-changes.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import { FEED_DEFAULTS } from './feed-limits.js';
import type { FeedParse } from './feed-parse-thread.js';

/**
 * Builds the news side for the kernel: one FeedSource per URL (and optionally a directory), each behind its own
 * timeout, retries, circuit breaker and rate limit, scanned together in parallel so a dead feed never stalls the rest;
 * with a scan budget, a scan never waits longer than that for a slow one.
 */
export interface FeedNewsOptions {
  clock: Clock;
  logger?: Logger;
  /** http(s) feed URLs (newsFeeds). */
  urls: readonly string[];
  /** A folder of saved feed files (newsDirectory), optional. */
  directory?: string;
  /** Per-fetch deadline including the body (feedTimeoutMs). Default FEED_DEFAULTS (15000). */
  timeoutMs?: number;
  /** Body cap (feedMaxBytes). Default FEED_DEFAULTS (5 MiB). */
  maxBytes?: number;
  /** Items older than this are dropped at the source (newsLookbackMs). Default 72 h. */
  lookbackMs?: number;
  /** Retries, breaker and rate limit per feed; `timeoutMs` here defaults to the fetch deadline plus a second. */
  resilience?: ResilienceOptions;
  /** How long one scan waits for its feeds; a feed still fetching goes on in the background. Default: no limit. */
  scanBudgetMs?: number;
  /** How feeds are parsed (the daemon's FeedParseThread, so a large one is parsed off the event loop). Default inline. */
  parse?: FeedParse;
}

export function createFeedNewsSource(options: FeedNewsOptions): CompositeNewsSource {
  return build(options).news;
}

/**
 * createFeedNewsSource, with the directory (if any) read before it returns: the composition root calls this, so no
 * fetch ever waits for the disk while a (virtual) clock runs.
 */
export async function loadFeedNewsSource(options: FeedNewsOptions): Promise<CompositeNewsSource> {
  const { news, directory } = build(options);
  await directory?.load();
  return news;
}

function build(options: FeedNewsOptions): { news: CompositeNewsSource; directory?: DirectorySource } {
  const { clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? FEED_DEFAULTS.timeoutMs;
  // A feed that keeps failing retries at every scan (every probe of its breaker): the first retry is logged, then at
  // most one line a minute per feed with the count since, not a line per attempt for as long as it is down.
  const retries = new Map<string, RepeatedFailure>();
  const resilience: ResilienceOptions = {
    timeoutMs: timeoutMs + 1000,
    ...options.resilience,
    onRetry: (info) => {
      if (logger) {
        let said = retries.get(info.source);
        if (!said) retries.set(info.source, (said = new RepeatedFailure(logger, 'news source retry', { clock })));
        said.record(info.error, { source: info.source, attempt: info.attempt, delayMs: info.delayMs });
      }
      options.resilience?.onRetry?.(info);
    },
  };
  const sources = options.urls.map(
    (url) =>
      new ResilientNewsSource(
        new FeedSource({ url, clock, timeoutMs, maxBytes: options.maxBytes, lookbackMs: options.lookbackMs, ...(options.parse ? { parse: options.parse } : {}), ...(logger ? { logger } : {}) }),
        clock,
        resilience,
      ),
  );
  let dir: DirectorySource | undefined;
  if (options.directory) {
    dir = new DirectorySource({
      dir: options.directory,
      clock,
      maxBytes: options.maxBytes,
      lookbackMs: options.lookbackMs,
      onFeedError: (file, error) => logger?.warn({ file, err: (error as Error).message }, 'news file skipped'),
      ...(options.parse ? { parse: options.parse } : {}),
    });
    sources.push(new ResilientNewsSource(dir, clock, withChanges(resilience, { retry: { retries: 0 } })));
  }
  const news = new CompositeNewsSource(sources, 'feeds', Object.assign(options.scanBudgetMs !== undefined ? { clock, budgetMs: options.scanBudgetMs } : {}, logger ? { logger } : {}));
  return dir ? { news, directory: dir } : { news };
}
