import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { errorMessage, OperationalError } from '../core/errors.js';
import type { NewsItem, NewsSource } from './news-port.js';
import { parseFeed } from './feed-parser.js';

/**
 * Saved feed files in a folder (any extension; the format is sniffed). Each file is its own feed: a bad file is
 * reported in `lastErrors()` (and to `onFeedError`) and the others are still read. Throws only when no file could be
 * read at all. Bounded: at most `maxFiles` files, each at most `maxBytes`.
 */
export interface DirectorySourceOptions {
  dir: string;
  clock: Clock;
  name?: string;
  /** Items older than this are dropped, ms; default 0 = keep all (saved feeds are usually old). */
  lookbackMs?: number;
  /** Default 200. */
  maxFiles?: number;
  /** Default 5 MiB. */
  maxBytes?: number;
  onFeedError?: (file: string, error: unknown) => void;
}

export interface FileError {
  file: string;
  error: string;
}

export class DirectorySource implements NewsSource {
  readonly name: string;
  private errors: FileError[] = [];

  constructor(private readonly options: DirectorySourceOptions) {
    this.name = options.name ?? `dir:${options.dir}`;
  }

  lastErrors(): readonly FileError[] {
    return this.errors;
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    const { dir, clock } = this.options;
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
    } catch (error) {
      throw new OperationalError(`news directory ${dir} cannot be read: ${errorMessage(error)}; check newsDirectory`, { cause: error });
    }
    const maxFiles = this.options.maxFiles ?? 200;
    const maxBytes = this.options.maxBytes ?? 5 * 1024 * 1024;
    const errors: FileError[] = [];
    if (names.length > maxFiles) errors.push({ file: dir, error: `${names.length} files; only the first ${maxFiles} are read` });
    const items: NewsItem[] = [];
    const now = clock.now();
    const lookback = this.options.lookbackMs ?? 0;
    let ok = 0;
    for (const name of names.slice(0, maxFiles)) {
      signal?.throwIfAborted();
      const file = path.join(dir, name);
      try {
        const size = (await stat(file)).size;
        if (size > maxBytes) throw new OperationalError(`file is ${size} bytes, over the ${maxBytes}-byte limit`);
        const feed = parseFeed(await readFile(file), { fetchedAt: now, source: undefined, maxBytes });
        ok++;
        for (const item of feed.items) if (lookback <= 0 || item.dateFallback || item.publishedAt >= now - lookback) items.push(item);
      } catch (error) {
        errors.push({ file, error: errorMessage(error) });
        this.options.onFeedError?.(file, error);
      }
    }
    this.errors = errors;
    const attempted = Math.min(names.length, maxFiles);
    if (attempted > 0 && ok === 0) {
      throw new OperationalError(`no readable feed in ${dir}: ${errors.map((e) => `${path.basename(e.file)}: ${e.error}`).join('; ')}`);
    }
    return items;
  }
}
