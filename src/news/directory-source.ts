import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { errorMessage, OperationalError } from '../core/errors.js';
import type { NewsItem, NewsSource } from './news-port.js';
import { readFeedFolder, type CachedFeedFile } from './feed-folder.js';
import type { FeedParse } from './feed-parse-thread.js';

/**
 * Saved feed files in a folder (any extension; the format is sniffed). Each file is its own feed: a bad file is
 * reported in `lastErrors()` (and to `onFeedError`) and the others are still read. Throws only when no file could be
 * read at all. Bounded: at most `maxFiles` files, each at most `maxBytes`.
 *
 * Reads never race the clock. `load()` reads the folder (the kernel awaits it before anything runs); after that a
 * fetch answers at once from memory and starts a re-read in the background, whose result the next fetch serves. So on
 * a virtual clock a fetch never waits for the disk while timers fire (it used to: identical runs saw different numbers
 * of timeouts), and a file dropped into the folder is served from the fetch after the one that noticed it. Unchanged
 * files are not parsed again, so their items stay identical from fetch to fetch.
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
  /** How a file is parsed (the daemon's FeedParseThread: off the event loop when large). Default inline. */
  parse?: FeedParse;
}

export interface FileError {
  file: string;
  error: string;
}

interface Snapshot {
  items: NewsItem[];
  errors: FileError[];
  /** Why nothing could be served (folder unreadable, or not one readable feed in it). */
  failure?: OperationalError;
}

export class DirectorySource implements NewsSource {
  readonly name: string;
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly cache = new Map<string, CachedFeedFile>();
  /** Each bad file's reported error: the folder is re-read at every scan, and the same warning every scan is noise. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly options: DirectorySourceOptions) {
    this.name = options.name ?? `dir:${options.dir}`;
  }

  lastErrors(): readonly FileError[] {
    return this.snapshot?.errors ?? [];
  }

  /** Reads the folder now; resolves when done (never rejects: a failure is what the next fetch throws). */
  async load(signal?: AbortSignal): Promise<void> {
    this.snapshot = await this.read(signal);
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    if (!this.snapshot) await this.load(signal);
    else this.refreshInBackground();
    signal?.throwIfAborted();
    const snapshot = this.snapshot!;
    if (snapshot.failure) throw snapshot.failure;
    const lookback = this.options.lookbackMs ?? 0;
    if (lookback <= 0) return [...snapshot.items];
    const since = this.options.clock.now() - lookback;
    return snapshot.items.filter((item) => item.dateFallback || item.publishedAt >= since);
  }

  /** Resolves when a background re-read in progress is done (tests, shutdown). */
  async settled(): Promise<void> {
    await this.refreshing;
  }

  private refreshInBackground(): void {
    if (this.refreshing) return;
    this.refreshing = this.load()
      .catch(() => undefined) // read() reports every failure in the snapshot; nothing is left to catch here
      .finally(() => {
        this.refreshing = undefined;
      });
  }

  private async read(signal?: AbortSignal): Promise<Snapshot> {
    const { dir, clock } = this.options;
    let folder;
    try {
      folder = await readFeedFolder(dir, { fetchedAt: clock.now(), maxFiles: this.options.maxFiles, maxBytes: this.options.maxBytes, cache: this.cache, signal, ...(this.options.parse ? { parse: this.options.parse } : {}) });
    } catch (error) {
      const failure = error instanceof OperationalError ? error : new OperationalError(errorMessage(error), { cause: error });
      return { items: [], errors: [], failure };
    }
    const errors: FileError[] = folder.notes.map((note) => ({ file: dir, error: note }));
    const items: NewsItem[] = [];
    let ok = 0;
    const bad = new Set<string>();
    for (const f of folder.files) {
      if (f.error === undefined) {
        ok++;
        for (const item of f.items) items.push(item);
        continue;
      }
      errors.push({ file: f.file, error: f.error });
      bad.add(f.file);
      if (this.reported.get(f.file) === f.error) continue;
      this.reported.set(f.file, f.error);
      this.options.onFeedError?.(f.file, new OperationalError(f.error));
    }
    // Only the files bad now stay (bounded by the folder): one mended and broken again is reported again.
    for (const file of this.reported.keys()) if (!bad.has(file)) this.reported.delete(file);
    if (folder.files.length > 0 && ok === 0) {
      const reasons = errors.filter((e) => e.file !== dir).map((e) => `${path.basename(e.file)}: ${e.error}`).join('; ');
      return { items, errors, failure: new OperationalError(`no readable feed in ${dir}: ${reasons}`) };
    }
    return { items, errors };
  }
}
