import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, OperationalError } from '../core/errors.js';
import type { NewsItem } from './news-port.js';
import { parseFeedInline, type FeedParse } from './feed-parse-thread.js';
import { FeedParseError } from './feed-errors.js';
import type { FeedDrop } from './feed-item.js';
import { withChanges } from '../core/with-changes.js';
import { FEED_DEFAULTS } from './feed-limits.js';
import { unpack } from '../core/unpack.js';

/**
 * Reads a folder of saved feed files (any extension; the format is sniffed; a gzip or zip file as the feed it holds),
 * each file its own feed. The one reader of saved feeds: the `directory` news source and recorded news for backtests
 * both use it. A bad file is reported and the others are still read. Bounded: at most `maxFiles` files (by name
 * order), each at most `maxBytes`. With a `cache`, a file whose size and modification time have not changed is not
 * read or parsed again, so its items (and the fetch time stamped on undated ones) stay exactly as they were.
 */
export interface FeedFolderOptions {
  /** Default 200. */
  maxFiles?: number;
  /** Default 5 MiB. */
  maxBytes?: number;
  /** Items read per file at most (the parser's default, 500, unless given). */
  maxItems?: number;
  /** Epoch ms: the published time of items without a readable date (they are flagged `dateFallback`). */
  fetchedAt: number;
  cache?: Map<string, CachedFeedFile>;
  signal?: AbortSignal;
  /** How a file is parsed (the daemon's directory source: off the event loop when large). Default inline. */
  parse?: FeedParse;
}

export interface FeedFileResult {
  file: string;
  items: NewsItem[];
  error?: string;
  /** Items of the file the parser left out, by reason. */
  dropped?: FeedDrop[];
  /** What the parser said of the file as a whole (its charset, text encoded twice, a cut), not of one item. */
  warnings?: string[];
}

export interface CachedFeedFile extends FeedFileResult {
  size: number;
  mtimeMs: number;
}

export interface FeedFolder {
  /** Files read, in name order (an unreadable file has `error` and no items). */
  files: FeedFileResult[];
  /** Problems with the folder itself (too many files). */
  notes: string[];
  /** Folders inside it (or links to folders), whose files are not read: the folder is not searched below itself. */
  folders: string[];
}

/** Lists and reads the folder; throws an OperationalError only when the folder itself cannot be listed. */
export async function readFeedFolder(dir: string, options: FeedFolderOptions): Promise<FeedFolder> {
  let names: string[];
  const folders: string[] = [];
  try {
    // A symbolic link to a feed is read like the feed (it was skipped without a word); one to a folder is not a feed.
    const entries = (await readdir(dir, { withFileTypes: true })).filter((d) => !d.name.startsWith('.'));
    names = entries.filter((d) => d.isFile() || d.isSymbolicLink()).map((d) => d.name).sort();
    folders.push(...entries.filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name)));
  } catch (error) {
    throw new OperationalError(`news directory ${dir} cannot be read: ${errorMessage(error)}; check its permissions and the path given (newsDirectory, or a backtest's --news)`, { cause: error });
  }
  const maxFiles = options.maxFiles ?? 200;
  const maxBytes = options.maxBytes ?? FEED_DEFAULTS.maxBytes;
  const notes = names.length > maxFiles ? [`${names.length} files; only the first ${maxFiles} are read`] : [];
  const files: FeedFileResult[] = [];
  const kept = new Set<string>();
  for (const name of names.slice(0, maxFiles)) {
    options.signal?.throwIfAborted();
    const file = path.join(dir, name);
    kept.add(file);
    try {
      const info = await stat(file);
      if (info.isDirectory()) folders.push(file);
      if (!info.isFile()) continue;
      const cached = options.cache?.get(file);
      if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
        files.push(cached);
        continue;
      }
      let result: FeedFileResult;
      let parsing = false;
      let remember = true;
      try {
        if (info.size > maxBytes) throw new OperationalError(`file is ${info.size} bytes, over the ${maxBytes}-byte limit`);
        const bytes = unpack(await readFile(file), maxBytes).bytes;
        parsing = true;
        const feed = await (options.parse ?? parseFeedInline)(bytes, { fetchedAt: options.fetchedAt, source: undefined, maxBytes, ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}) }, options.signal);
        result = { file, items: feed.items };
        if (feed.dropped.length > 0) result.dropped = feed.dropped;
        const whole = feed.warnings.filter((w) => !/^item \d+/.test(w) && !feed.dropped.some((d) => d.message === w));
        if (whole.length > 0) result.warnings = whole;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        // What the file holds is remembered; a parse the parser thread did not finish (stopping, restarted) is tried again.
        remember = !parsing || error instanceof FeedParseError;
        result = { file, items: [], error: errorMessage(error) };
      }
      if (remember) options.cache?.set(file, withChanges(result, { size: info.size, mtimeMs: info.mtimeMs }));
      files.push(result);
    } catch (error) {
      options.signal?.throwIfAborted();
      files.push({ file, items: [], error: errorMessage(error) });
    }
  }
  // Files gone from the folder leave the cache, which therefore holds at most maxFiles entries.
  for (const file of options.cache?.keys() ?? []) if (!kept.has(file)) options.cache!.delete(file);
  return { files, notes, folders: folders.sort() };
}
