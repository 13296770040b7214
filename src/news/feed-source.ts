import type { Clock } from '../core/clock.js';
import { ConfigError, TransientError, errorMessage } from '../core/errors.js';
import { withTimeout } from '../core/timeout.js';
import type { NewsItem, NewsSource } from './news-port.js';
import { FeedHttpError, FeedHttpPermanentError, FeedParseError } from './feed-errors.js';
import { parseFeed, type ParsedFeed } from './feed-parser.js';

/**
 * One RSS/Atom/JSON feed over HTTP(S), with Node's global fetch. Conditional GET (ETag, Last-Modified): an
 * unchanged feed answers 304 and yields no items. Each fetch has a deadline covering the body too (a slow trickle
 * is cut off), the body is capped at `maxBytes` (read in chunks and aborted past the cap, before any parsing), and
 * gzip/deflate are decoded. Items older than the look-back window are dropped. A single attempt: wrap it in a
 * ResilientNewsSource for retries, a circuit breaker and a rate limit.
 */
export interface FeedSourceOptions {
  url: string;
  /** Defaults to the URL. */
  name?: string;
  clock: Clock;
  /** Deadline for one fetch including the body, ms. Default 15000. */
  timeoutMs?: number;
  /** Largest body accepted, bytes (after decompression). Default 5 MiB. */
  maxBytes?: number;
  /** Items published longer ago than this are dropped, ms. Default 72 h; 0 keeps everything. */
  lookbackMs?: number;
  /** Default 500. */
  maxItems?: number;
  userAgent?: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
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

const DEFAULT_UA = 'conclave-feed-reader/0.1 (+https://github.com/; polite: conditional GET)';

function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

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

/** Reads a response body up to `maxBytes`, cancelling the download as soon as the cap is passed. */
async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FeedParseError('too-large', `${url}: body of ${declared} bytes exceeds the ${maxBytes}-byte limit (raise feedMaxBytes if the feed is legitimate)`);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw bodyError(error, url, response.headers.get('content-encoding'));
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FeedParseError('too-large', `${url}: body exceeds the ${maxBytes}-byte limit; download aborted (raise feedMaxBytes if the feed is legitimate)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

export class FeedSource implements NewsSource {
  readonly name: string;
  private etag: string | undefined;
  private lastModified: string | undefined;
  private last: FeedFetchReport | undefined;

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
    this.name = options.name ?? options.url;
  }

  /** What the last fetch saw (for check-feed and logs). */
  lastReport(): FeedFetchReport | undefined {
    return this.last;
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    return withTimeout(this.options.clock, timeoutMs, `feed ${this.name}`, (s) => this.fetchOnce(s), signal);
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
    const response = await (this.options.fetch ?? fetch)(url, { headers, signal, redirect: 'follow' });
    const contentType = response.headers.get('content-type') ?? undefined;
    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      this.last = { status: 304, notModified: true, fetchedAt, contentType, tooOld: 0 };
      return [];
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const what = `${url}: HTTP ${response.status} ${response.statusText}`.trim();
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        throw new FeedHttpError(response.status, `${what}; will retry`, retryAfterMs(response.headers.get('retry-after'), fetchedAt));
      }
      throw new FeedHttpPermanentError(response.status, `${what}; check the feed URL in newsFeeds`);
    }
    const body = await readCapped(response, this.options.maxBytes ?? 5 * 1024 * 1024, url);
    let feed: ParsedFeed;
    try {
      feed = parseFeed(body, { fetchedAt, contentType, url, maxItems: this.options.maxItems, maxBytes: this.options.maxBytes });
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
    return items;
  }
}
