import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { ConfigError, TransientError, errorMessage } from '../core/errors.js';
import { readCappedBody } from '../core/capped-body.js';
import { withTimeout } from '../core/timeout.js';
import { describeFetchFailure } from '../core/fetch-failure.js';
import type { NewsItem, NewsSource } from './news-port.js';
import { FeedHttpError, FeedHttpPermanentError, FeedParseError, FeedRedirectError } from './feed-errors.js';
import type { ParsedFeed } from './feed-parser.js';
import { parseFeedInline, type FeedParse } from './feed-parse-thread.js';
import { FEED_DEFAULTS } from './feed-limits.js';
import { feedKey } from './feed-item.js';
import { withUrlsShown } from '../core/url-secrets.js';
import { parseRetryAfter } from '../core/transient.js';
import { isoTime } from '../core/iso-time.js';

/**
 * One RSS/Atom/JSON feed over HTTP(S), with Node's global fetch. Conditional GET (ETag, Last-Modified): an
 * unchanged feed answers 304 and yields no items. Each fetch has a deadline covering the body too (a slow trickle
 * is cut off), the body is capped at `maxBytes` (read in chunks and aborted past the cap, before any parsing), and
 * gzip/deflate are decoded. Redirects are followed by hand: at most MAX_REDIRECTS, to http(s) only; a loop or any
 * other scheme (file:, ftp:, data:) is a permanent error. Items older than the look-back window are dropped. A single
 * attempt: wrap it in a ResilientNewsSource for retries, a circuit breaker and a rate limit.
 */
export interface FeedSourceOptions {
  url: string;
  /** Defaults to the URL. */
  name?: string;
  clock: Clock;
  /** Deadline for one fetch including the body, ms. Default FEED_DEFAULTS (15000). */
  timeoutMs?: number;
  /** Largest body accepted, bytes (after decompression). Default FEED_DEFAULTS (5 MiB). */
  maxBytes?: number;
  /** Items published longer ago than this are dropped, ms. Default 72 h; 0 keeps everything. */
  lookbackMs?: number;
  /** Default 500. */
  maxItems?: number;
  userAgent?: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** How the body is parsed: the daemon gives its FeedParseThread's, so a large feed is parsed off the event loop. Default inline. */
  parse?: FeedParse;
  /** Where what the parser forgave or guessed is said (items skipped, a charset guessed, XML read leniently), each once. */
  logger?: Logger;
}

export interface FeedFetchReport {
  status: number;
  notModified: boolean;
  fetchedAt: number;
  contentType?: string;
  feed?: ParsedFeed;
  /** Items dropped by the look-back window. */
  tooOld: number;
}

/** Redirects followed per fetch; more is a loop or a misconfigured server. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Warnings of one feed remembered as said (a feed's warnings rarely change; a hostile one's are bounded). */
const MAX_SAID_WARNINGS = 200;

const DEFAULT_UA = 'conclave-feed-reader/0.1 (+https://github.com/; polite: conditional GET)';

/** A failed body read: a corrupt compressed body is the server's fault (not retried), a lost connection is transient. */
function bodyError(error: unknown, url: string, encoding: string | null): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (typeof cause?.code === 'string' && cause.code.startsWith('Z_')) {
    return new FeedParseError('malformed', `${url}: the body is not valid ${encoding ?? 'compressed'} data (${cause.message}); the server's Content-Encoding is wrong`);
  }
  const detail = `${errorMessage(error)}${cause?.message ? `: ${cause.message}` : ''}`;
  return new TransientError(`${url}: connection lost while reading the body (${detail}); will retry`, { cause: error });
}

export class FeedSource implements NewsSource {
  readonly name: string;
  private etag: string | undefined;
  private lastModified: string | undefined;
  private last: FeedFetchReport | undefined;
  private readonly feed: string;
  private readonly saidWarnings = new Set<string>();

  constructor(private readonly options: FeedSourceOptions) {
    let protocol: string;
    try {
      protocol = new URL(options.url).protocol;
    } catch {
      throw new ConfigError(`newsFeeds: "${options.url}" is not a URL; give http(s)://... addresses`, 'newsFeeds');
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new ConfigError(`newsFeeds: "${options.url}" uses ${protocol}; only http and https feeds are fetched (use newsDirectory for files)`, 'newsFeeds');
    }
    // The name goes into logs and metric labels: a feed's token in its query stays out of them.
    this.name = options.name ?? withUrlsShown(options.url);
    this.feed = feedKey('url', options.url);
  }

  /** What the last fetch saw (for check-feed and logs). */
  lastReport(): FeedFetchReport | undefined {
    return this.last;
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    const timeoutMs = this.options.timeoutMs ?? FEED_DEFAULTS.timeoutMs;
    try {
      return await withTimeout(this.options.clock, timeoutMs, `feed ${this.name}`, (s) => this.fetchOnce(s), signal);
    } catch (error) {
      // Its errors name the URL (and a redirect's): shown without credentials or query values.
      if (error instanceof Error) error.message = withUrlsShown(error.message);
      throw error;
    }
  }

  private async fetchOnce(signal: AbortSignal): Promise<NewsItem[]> {
    const { clock, url } = this.options;
    const fetchedAt = clock.now();
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent ?? DEFAULT_UA,
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'accept-encoding': 'gzip, deflate',
    };
    if (this.etag) headers['if-none-match'] = this.etag;
    if (this.lastModified) headers['if-modified-since'] = this.lastModified;
    const [response, final] = await this.follow(url, headers, signal);
    const contentType = response.headers.get('content-type') ?? undefined;
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      // Not modified since what? Asked nothing conditional, the answer holds no feed (check-feed read one, and crashed).
      if (!this.etag && !this.lastModified) throw new FeedHttpError(304, `${url}: HTTP 304 Not Modified to a request that named no earlier copy (no If-None-Match or If-Modified-Since): the server sent no feed; a cache or proxy in between may be answering for it`);
      this.last = { status: 304, notModified: true, fetchedAt, contentType, tooOld: 0 };
      return [];
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const what = `${url}: HTTP ${response.status} ${response.statusText}`.trim();
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        const waitMs = parseRetryAfter(response.headers.get('retry-after'), fetchedAt);
        // The server's wait is kept (no retry, the breaker open until then): "will retry" alone read as retried at once.
        const next = waitMs === undefined ? 'will retry' : `the server asks to wait ${Math.ceil(waitMs / 1000)} s (Retry-After): not asked again before ${isoTime(fetchedAt + waitMs)}`;
        throw new FeedHttpError(response.status, `${what}; ${next}`, waitMs);
      }
      throw new FeedHttpPermanentError(response.status, `${what}; check the feed URL in newsFeeds`);
    }
    const maxBytes = this.options.maxBytes ?? FEED_DEFAULTS.maxBytes;
    const body = await readCappedBody(response, {
      maxBytes,
      tooLarge: (declared) =>
        new FeedParseError(
          'too-large',
          declared !== undefined
            ? `${url}: body of ${declared} bytes exceeds the ${maxBytes}-byte limit (raise feedMaxBytes if the feed is legitimate)`
            : `${url}: body exceeds the ${maxBytes}-byte limit; download aborted (raise feedMaxBytes if the feed is legitimate)`,
        ),
      readFailed: (error) => bodyError(error, url, response.headers.get('content-encoding')),
    });
    let feed: ParsedFeed;
    try {
      const quoteText = new URL(final).host === new URL(url).host;
      const parse = this.options.parse ?? parseFeedInline;
      // Its items are known by its URL: a feed copying another's ids (or its title) does not pass for it.
      const options = { fetchedAt, contentType, url, feed: this.feed, quoteText, maxItems: this.options.maxItems, maxBytes: this.options.maxBytes };
      feed = await parse(body, options, signal);
    } catch (error) {
      if (error instanceof FeedParseError && contentType && /html/i.test(contentType)) {
        throw new FeedParseError(error.reason, `${url}: ${error.message} (the server sent Content-Type ${contentType})`);
      }
      if (error instanceof FeedParseError) throw new FeedParseError(error.reason, `${url}: ${error.message}`);
      throw error;
    }
    // Remember validators only after a usable body, so a bad response is fetched again in full next time.
    this.etag = response.headers.get('etag') ?? undefined;
    this.lastModified = response.headers.get('last-modified') ?? undefined;
    const lookback = this.options.lookbackMs ?? 72 * 3_600_000;
    const items = lookback > 0 ? feed.items.filter((i) => i.dateFallback || i.publishedAt >= fetchedAt - lookback) : feed.items;
    this.last = { status: response.status, notModified: false, fetchedAt, contentType, feed, tooOld: feed.items.length - items.length };
    this.sayWarnings(feed.warnings);
    return items;
  }

  /**
   * Each of the parser's warnings once: a feed is read as well as it can be, and what that took (items skipped, a
   * charset guessed) is said rather than seen only by `conclave check-feed`. Fetched again, the same feed says nothing.
   */
  private sayWarnings(warnings: readonly string[]): void {
    const { logger } = this.options;
    if (!logger) return;
    const fresh = warnings.filter((w) => !this.saidWarnings.has(w));
    if (fresh.length === 0) return;
    for (const w of fresh) {
      this.saidWarnings.add(w);
      if (this.saidWarnings.size > MAX_SAID_WARNINGS) this.saidWarnings.delete(this.saidWarnings.values().next().value!);
    }
    const shown = fresh.slice(0, 5).map((w) => withUrlsShown(w));
    logger.warn(
      { source: this.name, warnings: shown, more: fresh.length - shown.length },
      `feed ${this.name}: ${shown[0]}${fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : ''}; read anyway (each said once; \`conclave check-feed ${this.name}\` shows them all)`,
    );
  }

  /**
   * Fetches `url`, following redirects by hand so their number and their schemes are ours to limit: the response,
   * and the address that gave it.
   */
  private async follow(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<[Response, string]> {
    const doFetch = this.options.fetch ?? fetch;
    let current = url;
    for (let hops = 0; ; hops++) {
      const response = await doFetch(current, { headers, signal, redirect: 'manual' }).catch((error: unknown) => {
        throw describeFetchFailure(current, error);
      });
      if (!REDIRECT_STATUSES.has(response.status)) return [response, current];
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (!location) throw new FeedRedirectError(`${url}: HTTP ${response.status} redirect from ${current} without a Location header; check the feed URL in newsFeeds`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new FeedRedirectError(`${url}: redirect to an invalid address ${JSON.stringify(location.slice(0, 200))}; check the feed URL in newsFeeds`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new FeedRedirectError(`${url}: redirect to ${next.protocol} refused, only http and https are followed; check the feed URL in newsFeeds`);
      }
      if (hops + 1 > MAX_REDIRECTS) {
        throw new FeedRedirectError(`${url}: more than ${MAX_REDIRECTS} redirects (a loop?); last to ${next.href.slice(0, 200)}; check the feed URL in newsFeeds`);
      }
      current = next.href;
    }
  }
}
