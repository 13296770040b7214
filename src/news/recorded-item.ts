import type { NewsItem } from './news-port.js';
import { knownAt, readFeedDate } from './feed-date.js';
import { undoubled } from './double-encoding.js';
import { itemId } from './feed-item.js';
import { htmlToText } from './html-text.js';
import { withoutPublisher } from './publisher-suffix.js';

/**
 * One line of a recorded-news JSON Lines file, read into a NewsItem or a reason it cannot be used.
 * The format (one JSON object per line; blank lines are skipped):
 *   publishedAt  required: ISO 8601 ("2024-03-01T14:30:00Z"; without a zone it is UTC; a date alone is the end of
 *                that UTC day, a month alone the end of that month) or epoch milliseconds
 *   title        required: the headline (plain text or HTML, read as a feed's title is)
 *   summary      optional: plain text or HTML (tags are stripped); `description` (NewsAPI's) when there is no summary
 *   url          optional: the story's link
 *   id           optional: a stable id (default: a hash of source, url, title and publishedAt)
 *   source       optional: who published it, or NewsAPI's {"name": …} (default: the file name)
 */

export type RecordedReason = 'bad-json' | 'no-date' | 'bad-date' | 'no-title';

/** An item read (`undoubled`: its text was encoded twice, and is read as it was meant), or why it was not. */
export type RecordedLine = { item: NewsItem; undoubled?: true } | { reason: RecordedReason; message: string };

const MAX_TITLE = 500;
const MAX_SUMMARY = 2000;
/** Epoch ms below this (March 1973) are almost surely epoch seconds given by mistake. */
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = Date.UTC(2200, 0, 1);

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The epoch ms of a `publishedAt` value, or why it cannot be read. */
export function readPublishedAt(value: unknown): number | { reason: RecordedReason; message: string } {
  if (value === undefined || value === null || value === '') {
    return { reason: 'no-date', message: 'no publishedAt: a news item without a time cannot be placed on a calendar' };
  }
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
  if (numeric !== undefined) {
    if (!Number.isFinite(numeric)) return { reason: 'bad-date', message: `publishedAt ${String(value)} is not a finite number` };
    if (typeof value === 'string' && /^\d{4}(\d{4})?$/.test(value.trim())) {
      return { reason: 'bad-date', message: `publishedAt ${JSON.stringify(value)} is a date without dashes? Write ISO 8601 (2012-06-04) or epoch milliseconds` };
    }
    // Epoch seconds of 1973 on are 9 digits or more; a number far below is no time at all (-1, 0: a placeholder).
    if (numeric < 1e8) return { reason: 'bad-date', message: `publishedAt ${numeric} is no time (a placeholder?); give epoch milliseconds or ISO 8601` };
    if (numeric < MIN_EPOCH_MS) return { reason: 'bad-date', message: `publishedAt ${numeric} looks like epoch seconds; give epoch milliseconds or ISO 8601` };
    // Past the year 2200 no publication time is meant (and past ±8.64e15 no Date can hold it).
    if (numeric > MAX_EPOCH_MS) return { reason: 'bad-date', message: `publishedAt ${numeric} is after the year 2200: not epoch milliseconds (microseconds?)` };
    return numeric;
  }
  const parsed = typeof value === 'string' ? readFeedDate(value) : undefined;
  if (parsed === undefined) {
    const zone = typeof value === 'string' ? /\d\s+\(?([A-Z][A-Z0-9]{1,8})\)?\s*$/.exec(value)?.[1] : undefined;
    const why = zone ? `names a time zone not known here (${zone}): write ISO 8601 with its offset (2024-03-01T14:30:00-05:00)` : 'is not ISO 8601 or epoch milliseconds, nor a date a feed writes';
    return { reason: 'bad-date', message: `publishedAt ${JSON.stringify(value).slice(0, 80)} ${why}` };
  }
  return knownAt(parsed);
}

export function readRecordedLine(line: string, defaultSource: string): RecordedLine {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    return { reason: 'bad-json', message: `not JSON: ${(error as Error).message}` };
  }
  return readRecordedObject(data, defaultSource);
}

/** Where news APIs put an item's time and headline under other names (Finnhub, IEX, FMP, Polygon, Alpaca, yfinance, rss-parser, ...). */
const OTHER_TIMES = ['datetime', 'published_at', 'publishedDate', 'published_utc', 'published', 'isoDate', 'pubDate', 'date_published', 'created_at', 'time_published', 'providerPublishTime', 'date', 'time', 'timestamp'];
const OTHER_TITLES = ['headline', 'webTitle'];

/** What to rename, when the object holds its time or headline under another key: "no publishedAt" alone left the user guessing. */
function renameHint(o: Record<string, unknown>, keys: readonly string[], field: string, how: string): string {
  const key = keys.find((k) => o[k] !== undefined && o[k] !== null && o[k] !== '');
  if (key === undefined) return '';
  const value = o[key];
  const seconds = typeof value === 'number' && value > 1e8 && value < MIN_EPOCH_MS ? ' (epoch seconds: multiply by 1000)' : '';
  return `; it has ${JSON.stringify(key)}: ${JSON.stringify(value).slice(0, 60)}${seconds}: name it ${field}${how}`;
}

/** One parsed item (a JSON Lines line, or an element of a JSON array of items). */
export function readRecordedObject(data: unknown, defaultSource: string): RecordedLine {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { reason: 'bad-json', message: 'not a JSON object' };
  const o = data as Record<string, unknown>;
  const publishedAt = readPublishedAt(o.publishedAt);
  if (typeof publishedAt !== 'number') {
    if (publishedAt.reason !== 'no-date') return publishedAt;
    const hint = renameHint(o, OTHER_TIMES, 'publishedAt', ', in ISO 8601 with its zone (a time without one is read as UTC) or epoch milliseconds');
    return hint ? { reason: 'no-date', message: `no publishedAt${hint}` } : publishedAt;
  }
  const title = text(o.title);
  if (!title) return { reason: 'no-title', message: `no title (a non-empty string is required)${renameHint(o, OTHER_TITLES, 'title', '')}` };
  // NewsAPI's articles name their publisher {"id", "name"} and their summary `description`.
  const publisher = o.source && typeof o.source === 'object' ? text((o.source as Record<string, unknown>).name) : undefined;
  const source = text(o.source) ?? publisher ?? defaultSource;
  // Read as a feed's title is (tags stripped, entities decoded): "Oracle <b>soars</b> &amp; rallies" was matched as written.
  const headline = withoutPublisher(htmlToText(title) || title, source);
  const link = text(o.url);
  const summary = text(o.summary) ?? text(o.description);
  const given = text(o.id) ?? (typeof o.id === 'number' ? String(o.id) : undefined);
  // Without an id the time is part of an item's identity: the same headline on another day ("Oracle to report
  // quarterly results", every quarter) is another item, and was dropped as a repeat of the first.
  const id = itemId(source, given, link, given === undefined ? `${title}\n${new Date(publishedAt).toISOString()}` : title);
  const shown = { title: clip(headline, MAX_TITLE), summary: summary ? clip(htmlToText(summary), MAX_SUMMARY) : '' };
  const meant = { title: undoubled(shown.title), summary: undoubled(shown.summary) };
  const item: NewsItem = { id, title: meant.title ?? shown.title, summary: meant.summary ?? shown.summary, publishedAt, source };
  if (link) item.link = link;
  return meant.title !== undefined || meant.summary !== undefined ? { item, undoubled: true } : { item };
}
