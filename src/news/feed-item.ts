import { createHash } from 'node:crypto';
import type { NewsItem } from './news-port.js';
import { knownAt, readFeedDate } from './feed-date.js';
import { DOUBLE_ENCODED_WARNING, undoubled } from './double-encoding.js';
import { withoutPublisher } from './publisher-suffix.js';

/** An item as a format-specific reader found it, before normalisation. Text fields are already plain text. */
export interface RawFeedItem {
  id?: string;
  title?: string;
  summary?: string;
  link?: string;
  /** Candidate date strings, most trusted first. */
  dates: string[];
  /** The publisher an aggregator's item names (RSS `<source>`: Google News), whose name ends its title. */
  publisher?: string;
}

export interface NormaliseContext {
  source: string;
  /** NewsItem.feed of every item. */
  feed: string;
  fetchedAt: number;
  /** Summaries are cut to this many characters (bounded memory per item). Default 2000. */
  maxSummaryChars?: number;
  /** Relative links are resolved against this (the feed URL or its site link). */
  baseUrl?: string;
  warnings: string[];
  /** Items found but not returned, counted by reason (a backtest's recorded news counts them instead of losing them). */
  dropped: FeedDrop[];
}

/** Why an item of a feed was not returned: nothing to read, an id seen before in the feed, cut off, past maxItems. */
export type FeedDropReason = 'no-content' | 'duplicate' | 'cut-off' | 'over-limit' | 'not-an-object';

export interface FeedDrop {
  reason: FeedDropReason;
  count: number;
  message: string;
}

/** Records items left out: a warning (check-feed prints them) and a count by reason. */
export function dropItems(ctx: Pick<NormaliseContext, 'warnings' | 'dropped'>, reason: FeedDropReason, count: number, message: string): void {
  ctx.warnings.push(message);
  ctx.dropped.push({ reason, count, message });
}

const MAX_TITLE = 500;

/**
 * A copy holding nothing of the feed body it was cut from: V8 keeps a whole string alive for a piece sliced from it, so
 * a 2,000-character summary of a 4.8 MB description held the 4.8 MB as long as the news book kept the item (an audit's
 * feed of such items grew the heap past 3 GB).
 */
function detached(text: string): string {
  return text.length === 0 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function resolveLink(link: string | undefined, base: string | undefined): string | undefined {
  const l = link?.trim();
  if (!l) return undefined;
  try {
    return new URL(l, base).toString();
  } catch {
    return /^https?:\/\//i.test(l) ? l : undefined;
  }
}

/**
 * The key of a feed (NewsItem.feed): of its URL when fetched (a feed cannot make another's URL its own, as it can its
 * title or its ids), of its title when saved to a file (the same feed saved day by day is one feed). A hash: a feed's
 * URL may hold a token, and the key is stored.
 */
export function feedKey(kind: 'url' | 'title', value: string): string {
  return createHash('sha256').update(`${kind}\n${value}`).digest('hex').slice(0, 16);
}

/** A stable id: the feed's own id, else a hash of link and title (the same story keeps the same id across fetches). */
export function itemId(source: string, id: string | undefined, link: string | undefined, title: string): string {
  const own = id?.trim();
  if (own) return own.length <= 300 ? own : createHash('sha1').update(own).digest('hex');
  return `sha1:${createHash('sha1').update(`${source}\n${link ?? ''}\n${title}`).digest('hex')}`;
}

export const ZONELESS_WARNING = 'item dates give a clock time without a time zone: read as UTC, hours off if the publisher wrote its local time';

/** The normalised item, or undefined (with a warning) when there is nothing to read in it. */
export function normaliseItem(raw: RawFeedItem, position: number, ctx: NormaliseContext): NewsItem | undefined {
  const title = clip(raw.title?.trim() ?? '', MAX_TITLE);
  const summary = clip(raw.summary?.trim() ?? '', ctx.maxSummaryChars ?? 2000);
  const link = resolveLink(raw.link, ctx.baseUrl);
  if (!title && !summary && !link) {
    dropItems(ctx, 'no-content', 1, `item ${position} has no title, summary or link; skipped`);
    return undefined;
  }
  let publishedAt: number | undefined;
  for (const d of raw.dates) {
    const read = readFeedDate(d);
    if (read === undefined) continue;
    // A date alone (a dc:date): known at the end of its day, or at the fetch if sooner (feed-date.ts).
    publishedAt = knownAt(read, ctx.fetchedAt);
    // Said once a feed: a New York publisher's local time read as UTC puts its items hours early in a backtest.
    if (read.zoneless && !ctx.warnings.some((w) => w.startsWith(ZONELESS_WARNING))) ctx.warnings.push(`${ZONELESS_WARNING} (item ${position}: "${clip(d, 60)}")`);
    break;
  }
  const meant = (text: string): string => {
    const undone = undoubled(text);
    if (undone === undefined) return text;
    if (!ctx.warnings.includes(DOUBLE_ENCODED_WARNING)) ctx.warnings.push(DOUBLE_ENCODED_WARNING);
    return undone;
  };
  const item: NewsItem = {
    id: detached(itemId(ctx.source, raw.id, link, title)),
    // The id keeps the title as served: the store's seen ids must not change.
    title: detached(meant(withoutPublisher(title, raw.publisher?.trim()) || clip(summary, 120))),
    summary: detached(meant(summary)),
    ...(link ? { link: detached(link) } : {}),
    publishedAt: publishedAt ?? ctx.fetchedAt,
    source: ctx.source,
    feed: ctx.feed,
  };
  if (publishedAt === undefined) {
    item.dateFallback = true;
    if (raw.dates.length > 0) ctx.warnings.push(`item ${position}: unreadable date "${clip(raw.dates[0]!, 60)}"; using the fetch time`);
  }
  return item;
}

/** Adds a normalised item unless its id came earlier in the same feed (a feed that repeats a story is counted). */
export function addUnique(out: NewsItem[], seen: Set<string>, item: NewsItem | undefined, position: number, ctx: NormaliseContext): void {
  if (!item) return;
  if (seen.has(item.id)) return dropItems(ctx, 'duplicate', 1, `item ${position} repeats the id ${item.id.slice(0, 80)} of an earlier item; skipped`);
  seen.add(item.id);
  out.push(item);
}
