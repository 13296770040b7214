import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { readFeedFolder } from './feed-folder.js';
import { NOT_A_JSON_FEED } from './feed-json.js';
import type { FeedDropReason } from './feed-item.js';
import type { NewsItem, NewsSource } from './news-port.js';
import { readRecordedLine, readRecordedObject, type RecordedLine, type RecordedReason } from './recorded-item.js';
import { DOUBLE_ENCODED_WARNING } from './double-encoding.js';
import { readRecordedBody, wholeJsonDocument } from './recorded-body.js';
import { priceFileHint } from './price-file-hint.js';

/**
 * Recorded news for backtests: a JSON Lines file (format in recorded-item.ts) or a folder of saved feed files (read
 * by the same reader as the `directory` source). Everything is read once, up front, by `loadRecordedNews`; after
 * that no timer and no file I/O is involved, so on a virtual clock two runs see the same items at the same instants.
 * An item is visible from its published time on the injected clock: a fetch returns the items published in
 * [now - lookbackMs, now], oldest first. Items that cannot be placed on the calendar (no date, an unreadable date) or
 * read at all are rejected, counted by reason and logged with their line (or file); duplicates of an id are dropped.
 */

export type RecordedRejection = RecordedReason | 'duplicate' | 'cut-off' | 'bad-file' | 'subfolder' | 'over-limit';

export interface RecordedIssue {
  /** The JSON Lines file, or the feed file in a folder. */
  file: string;
  /** 1-based line in a JSON Lines file. */
  line?: number;
  reason: RecordedRejection;
  message: string;
}

export interface RecordedNewsStats {
  path: string;
  format: 'jsonl' | 'feeds';
  /** Items kept. */
  items: number;
  /** Items published at or before the clock's now. */
  visible: number;
  rejected: Record<RecordedRejection, number>;
  /** Published time of the first and last item, ISO 8601, when any. */
  first?: string;
  last?: string;
  /** How files were read when not as given (a file that is not UTF-8 read as Windows-1252). */
  notes?: string[];
}

export interface RecordedNewsOptions {
  /** A fetch returns items at most this old (the scanner drops older ones anyway). Default 72 h. */
  lookbackMs?: number;
  /** Items kept at most (a bound on memory); the rest are rejected as over-limit. Default 1,000,000. */
  maxItems?: number;
}

export type RecordedNewsSource = NewsSource & { stats(): RecordedNewsStats; issues(): readonly RecordedIssue[] };

const ISSUES_KEPT = 100;
export const ISSUES_LOGGED = 20;

class RecordedNews implements RecordedNewsSource {
  readonly name: string;
  readonly byClock = true;
  private readonly times: Float64Array;

  constructor(
    private readonly items: readonly NewsItem[],
    private readonly clock: Clock,
    private readonly lookbackMs: number,
    private readonly base: Omit<RecordedNewsStats, 'visible'>,
    private readonly found: readonly RecordedIssue[],
  ) {
    this.name = `recorded:${base.path}`;
    this.times = Float64Array.from(items, (i) => i.publishedAt);
  }

  /** Index of the first item published after `t` (or at or after it, with `inclusive`); items are sorted by time. */
  private after(t: number, inclusive = false): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t || (!inclusive && this.times[mid] === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    signal?.throwIfAborted();
    const now = this.clock.now();
    return this.items.slice(this.after(now - this.lookbackMs, true), this.after(now));
  }

  stats(): RecordedNewsStats {
    return Object.assign({}, this.base, { visible: this.after(this.clock.now()) });
  }

  issues(): readonly RecordedIssue[] {
    return this.found;
  }
}

interface Collected {
  items: NewsItem[];
  issues: RecordedIssue[];
  rejected: Record<RecordedRejection, number>;
  notes: string[];
}

function collector(maxItems: number) {
  const c: Collected = { items: [], issues: [], notes: [], rejected: { 'bad-json': 0, 'no-date': 0, 'bad-date': 0, 'no-title': 0, duplicate: 0, 'cut-off': 0, 'bad-file': 0, subfolder: 0, 'over-limit': 0 } };
  // By feed and id: two saved feeds may both number their items 1, 2, 3 (JSON Lines items have no feed).
  const ids = new Set<string>();
  const reject = (issue: RecordedIssue, count = 1) => {
    c.rejected[issue.reason] += count;
    if (c.issues.length < ISSUES_KEPT) c.issues.push(issue);
  };
  const add = (item: NewsItem, file: string, line?: number) => {
    const where = line === undefined ? {} : { line };
    const key = `${item.feed ?? ''}\n${item.id}`;
    if (ids.has(key)) return reject(Object.assign({ file, reason: 'duplicate' as const, message: `id ${item.id} seen before; kept the first` }, where));
    if (c.items.length >= maxItems) return reject(Object.assign({ file, reason: 'over-limit' as const, message: `over the ${maxItems}-item limit` }, where));
    ids.add(key);
    c.items.push(Object.freeze(item));
  };
  return { c, reject, add };
}

async function readJsonLines(file: string, maxItems: number): Promise<Collected> {
  const col = collector(maxItems);
  await readJsonLinesInto(file, col);
  return col.c;
}

/** The rejection a feed parser's left-out items count under. */
const DROP_REASON: Record<FeedDropReason, RecordedRejection> = {
  'no-content': 'no-title',
  duplicate: 'duplicate',
  'cut-off': 'cut-off',
  'over-limit': 'over-limit',
  'not-an-object': 'bad-json',
};

/** A JSON Lines file inside a folder of recorded news: what the user records is read, whatever folder it is in. */
export const JSON_LINES_NAME = /\.(jsonl|ndjson)(\.gz)?$/i;

async function readJsonLinesInto(file: string, { c, reject, add }: ReturnType<typeof collector>): Promise<void> {
  const { text: body, note } = await readRecordedBody(file);
  if (note) c.notes.push(note);
  if (body.trimStart().startsWith('<')) throw new Error('looks like a saved feed, not JSON Lines; put feed files in a folder and give the folder');
  // A table of headlines (Benzinga's ratings as Kaggle has them: ",title,date,stock") gave one "not JSON" per row. Its
  // first lines are read from the file's start, not from the whole file split into lines.
  const [head = '', second = ''] = body.slice(0, 65_536).split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 2).map((l) => l.trim());
  const prices = priceFileHint(head);
  if (prices) throw new Error(prices);
  if (!/^[[{]/.test(head) && !/^[[{]/.test(second) && /[,;\t]/.test(head)) {
    throw new Error(`looks like CSV (its first line: ${JSON.stringify(head.slice(0, 80))}), not JSON Lines: write each row as {"publishedAt": …, "title": …} on a line of its own`);
  }
  const source = path.basename(file);
  let undoubledItems = 0;
  const take = (read: RecordedLine, line: number, where = '') => {
    if (!('item' in read)) return reject({ file, line, reason: read.reason, message: `${where}${read.message}` });
    if (read.undoubled) undoubledItems++;
    add(read.item, file, line);
  };
  const whole = wholeJsonDocument(body);
  const pricesInJson = whole ? priceFileHint('', whole.items[0]) : undefined;
  if (pricesInJson) throw new Error(pricesInJson);
  // A JSON array of items: each element is read as a line would be, and named by its position.
  if (whole) whole.items.forEach((element, i) => take(readRecordedObject(element, source), i + 1, `array element ${i + 1}: `));
  else body.split(/\r?\n/).forEach((line, i) => line.trim() !== '' && take(readRecordedLine(line, source), i + 1));
  if (undoubledItems > 0) c.notes.push(`${source}, ${undoubledItems} item${undoubledItems === 1 ? '' : 's'}: ${DOUBLE_ENCODED_WARNING}`);
}

async function readFeeds(dir: string, maxItems: number): Promise<Collected> {
  // fetchedAt 0 only stamps undated items, which are rejected below: it never reaches a kept item.
  // Every item of a saved feed counts: a file holding a long archive is read whole (up to maxItems), not its first 500.
  const folder = await readFeedFolder(dir, { fetchedAt: 0, maxFiles: 10_000, maxBytes: 64 * 1024 * 1024, maxItems });
  const col = collector(maxItems);
  const { c, reject, add } = col;
  for (const note of folder.notes) reject({ file: dir, reason: 'bad-file', message: note });
  // Feeds saved by day in subfolders were passed over without a word: the folder is not searched, and says so.
  for (const sub of folder.folders) reject({ file: sub, reason: 'subfolder', message: 'a folder inside the news folder: its files are not read (give that folder as --news, or move its files up)' });
  // What a parser said of a file as a whole (its charset, text encoded twice), once per warning, with the files.
  const said = new Map<string, string[]>();
  for (const f of folder.files) {
    // A .json that is no JSON Feed (NewsAPI's answer saved by day, an array of items) is read as given alone to --news:
    // in a folder it was refused as "not a feed".
    if (JSON_LINES_NAME.test(f.file) || (/\.json(\.gz)?$/i.test(f.file) && f.error?.startsWith(NOT_A_JSON_FEED))) {
      await readJsonLinesInto(f.file, col).catch((error: unknown) => reject({ file: f.file, reason: 'bad-file', message: errorMessage(error) }));
      continue;
    }
    if (f.error !== undefined) {
      reject({ file: f.file, reason: 'bad-file', message: f.error });
      continue;
    }
    // What the parser left out of a file (a story repeated in it, an empty item, one cut off) is counted, not lost.
    for (const d of f.dropped ?? []) reject({ file: f.file, reason: DROP_REASON[d.reason], message: d.message }, d.count);
    for (const w of f.warnings ?? []) said.set(w, [...(said.get(w) ?? []), path.basename(f.file)]);
    for (const item of f.items) {
      if (item.dateFallback) reject({ file: f.file, reason: 'no-date', message: `"${item.title.slice(0, 80)}" has no readable date: a news item without a time cannot be placed on a calendar` });
      else add(item, f.file);
    }
  }
  for (const [w, files] of said) c.notes.push(`${files.length === 1 ? files[0]! : `${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`}: ${w}`);
  return c;
}

/** Reads recorded news once and returns a source that serves it by the clock. Throws ConfigError (key --news). */
export async function loadRecordedNews(file: string, clock: Clock, logger: Logger, options: RecordedNewsOptions = {}): Promise<RecordedNewsSource> {
  const maxItems = options.maxItems ?? 1_000_000;
  let format: RecordedNewsStats['format'];
  let collected: Collected;
  try {
    format = (await stat(file)).isDirectory() ? 'feeds' : 'jsonl';
    collected = format === 'feeds' ? await readFeeds(file, maxItems) : await readJsonLines(file, maxItems);
  } catch (error) {
    throw new ConfigError(`--news ${file}: cannot read recorded news (${errorMessage(error)}); give a JSON Lines file or a folder of saved feeds`, '--news');
  }
  const { items, issues, rejected, notes } = collected;
  for (const note of notes) logger.warn({ file }, `recorded news: ${note}`);
  const rejectedTotal = Object.values(rejected).reduce((s, n) => s + n, 0);
  if (items.length === 0 && rejectedTotal > 0) {
    const first = issues.slice(0, 3).map((i) => `${path.basename(i.file)}${i.line ? `:${i.line}` : ''} ${i.message}`).join('; ');
    throw new ConfigError(`--news ${file}: no usable news item, ${rejectedTotal} rejected (${first})`, '--news');
  }
  // Oldest first; the id breaks ties, so the order never depends on how the files were listed.
  items.sort((a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const issue of issues.slice(0, ISSUES_LOGGED)) {
    logger.warn({ file: issue.file, line: issue.line, reason: issue.reason }, `recorded news item rejected: ${issue.message}`);
  }
  if (rejectedTotal > ISSUES_LOGGED) logger.warn({ file, more: rejectedTotal - ISSUES_LOGGED }, 'more recorded news items rejected, not logged one by one');
  const iso = (t: number) => new Date(t).toISOString();
  const base: Omit<RecordedNewsStats, 'visible'> = {
    path: file, format, items: items.length, rejected,
    ...(notes.length > 0 ? { notes } : {}),
    ...(items.length > 0 ? { first: iso(items[0]!.publishedAt), last: iso(items[items.length - 1]!.publishedAt) } : {}),
  };
  logger.info({ path: file, format, items: items.length, rejected, first: base.first, last: base.last }, 'recorded news loaded');
  return new RecordedNews(items, clock, options.lookbackMs ?? 72 * 3_600_000, base, issues);
}
