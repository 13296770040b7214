import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AbortError } from '../core/clock.js';
import { OperationalError, TransientError } from '../core/errors.js';
import type { Service } from '../core/lifecycle.js';
import { FeedParseError, type FeedErrorReason } from './feed-errors.js';
import { compressionOf } from './feed-decode.js';
import { parseFeed, type ParsedFeed, type ParseFeedOptions } from './feed-parser.js';

/** How a feed body becomes a parsed feed: on this thread, or on the feed parser's thread for a large one. */
export type FeedParse = (body: Uint8Array, options: ParseFeedOptions, signal?: AbortSignal) => Promise<ParsedFeed>;

/** On the calling thread: the command line and backtests, which have no loop to keep turning, and the default. */
export const parseFeedInline: FeedParse = async (body, options) => parseFeed(body, options);

/** What the main thread sends the worker (feed-parse-worker.ts). */
export interface FeedParseJob {
  id: number;
  body: Uint8Array;
  options: ParseFeedOptions;
}

type Answer = { id: number; feed: ParsedFeed } | { id: number; error: { reason: FeedErrorReason; message: string } };

interface Pending {
  job: FeedParseJob;
  resolve: (feed: ParsedFeed) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** The worker's compiled script; absent when conclave runs from its TypeScript sources (most tests): feeds are then parsed inline. */
export function feedParseWorkerScript(): string | null {
  const file = fileURLToPath(new URL('./feed-parse-worker.js', import.meta.url));
  return existsSync(file) ? file : null;
}

export interface FeedParseThreadOptions {
  /** The compiled feed-parse-worker.js (feedParseWorkerScript()). */
  script: string;
  /** Bodies of at most this many bytes are parsed inline (a worker's round trip costs more than they do). Default 64 KiB. */
  thresholdBytes?: number;
  /**
   * Large feeds waiting for the thread at most; one more is refused as transient (retried later). Each source has one
   * fetch at a time, so only more large feeds than this at once reach it. Default 256.
   */
  maxWaiting?: number;
}

export interface FeedParseThreadStats {
  inline: number;
  offThread: number;
  waiting: number;
  /** Times the thread stopped while parsing (a crash, or out of memory) and was started again. */
  restarts: number;
}

/** The parser thread's old-generation heap limit, MB. */
const PARSER_HEAP_MB = 512;

/**
 * Parses large feeds on one long-lived worker thread, one at a time, so the event loop (the position monitor, the
 * health line) keeps turning: fast-xml-parser held it 0.2 to 2 s for a 5 MB feed. The worker runs the same parseFeed,
 * and the parsed feed comes back by structured clone, so a feed parsed there is the one parsed inline. The thread
 * starts at the first large feed, is unref'd while idle (it never keeps the process alive) and is ended by stop().
 * A parse no one waits for any more (its fetch timed out) ends the thread, which starts afresh for the next one.
 */
export class FeedParseThread implements Service {
  readonly name = 'feed-parser';
  private worker: Worker | null = null;
  private running: Pending | null = null;
  private readonly waiting: Pending[] = [];
  private stopped = false;
  private seq = 0;
  private counts = { inline: 0, offThread: 0, restarts: 0 };

  constructor(private readonly options: FeedParseThreadOptions) {}

  readonly parse: FeedParse = (body, options, signal) => {
    if (body.byteLength <= (this.options.thresholdBytes ?? 64 * 1024) && compressionOf(body) === undefined) {
      this.counts.inline++;
      return parseFeedInline(body, options);
    }
    if (this.stopped) return Promise.reject(new OperationalError('the feed parser thread is stopped (the daemon is stopping): this feed is read at the next start'));
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new AbortError());
    const maxWaiting = this.options.maxWaiting ?? 256;
    if (this.waiting.length >= maxWaiting) {
      return Promise.reject(new TransientError(`the feed parser thread has ${maxWaiting} large feeds waiting; this one is parsed at a later fetch`));
    }
    this.counts.offThread++;
    return new Promise<ParsedFeed>((resolve, reject) => {
      const pending: Pending = { job: { id: ++this.seq, body, options }, resolve, reject, signal, onAbort: () => this.abandon(pending) };
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.waiting.push(pending);
      this.pump();
    });
  };

  start(): void {
    // The thread starts with the first large feed: a daemon whose feeds are small never starts it.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const why = new OperationalError('the feed parser thread stopped (the daemon is stopping) before this feed was parsed');
    const running = this.running;
    this.running = null;
    for (const p of this.waiting.splice(0)) this.settle(p, () => p.reject(why));
    if (running) this.settle(running, () => running.reject(why));
    await this.endWorker();
  }

  stats(): FeedParseThreadStats {
    return Object.assign({ waiting: this.waiting.length }, this.counts);
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    const next = this.waiting.shift();
    if (!next) {
      this.worker?.unref();
      return;
    }
    const worker = this.worker ?? this.spawn();
    worker.ref(); // a parse is awaited: the process waits for it
    this.running = next;
    worker.postMessage(next.job);
  }

  private spawn(): Worker {
    // None of the process's own flags: one meant for the entry script (--input-type) stops a worker from starting.
    // Its heap is bounded: a hostile feed that would take gigabytes to parse ends the thread (an error for that feed,
    // a new thread for the next), not the daemon. A 5 MB feed needs well under a tenth of it.
    const worker = new Worker(this.options.script, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: PARSER_HEAP_MB } });
    this.worker = worker;
    worker.on('message', (answer: Answer) => {
      const pending = this.running;
      if (!pending || pending.job.id !== answer.id) return;
      this.running = null;
      this.settle(pending, () => ('feed' in answer ? pending.resolve(answer.feed) : pending.reject(new FeedParseError(answer.error.reason, answer.error.message))));
      this.pump();
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return; // ended on purpose
      this.worker = null;
      const pending = this.running;
      this.running = null;
      if (pending) {
        this.counts.restarts++;
        this.settle(pending, () => pending.reject(new OperationalError(`the feed parser thread stopped while parsing this feed (${why}); the next large feed starts a new one`)));
      }
      this.pump();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('messageerror', (error) => lost(`its answer could not be read: ${error.message}`));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }

  /** A caller stopped waiting (its fetch timed out, or the daemon stops): a waiting feed is dropped, a running one ends the thread. */
  private abandon(pending: Pending): void {
    const reason = pending.signal?.reason instanceof Error ? pending.signal.reason : new AbortError();
    const at = this.waiting.indexOf(pending);
    if (at >= 0) this.waiting.splice(at, 1);
    else if (this.running === pending) {
      this.running = null;
      // Not awaited: the thread is being replaced, and its end says nothing the caller needs.
      this.endWorker().catch(() => undefined);
    } else return;
    this.settle(pending, () => pending.reject(reason));
    this.pump();
  }

  private settle(pending: Pending, action: () => void): void {
    pending.signal?.removeEventListener('abort', pending.onAbort);
    action();
  }

  private async endWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
