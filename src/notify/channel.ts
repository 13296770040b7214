import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { retry } from '../core/retry.js';
import { isTransient } from '../core/transient.js';
import { formatBatch, type Notice } from './notice.js';
import type { Transport } from './transports.js';

export interface ChannelOptions {
  clock: Clock;
  logger: Logger;
  transport: Transport;
  /** First line of every message ("conclave paper"). */
  header: string;
  /** Notices waiting at most; a full queue drops its oldest (counted). */
  capacity: number;
  /** Least time between two messages (Telegram allows about one a second per chat). */
  minIntervalMs: number;
  /** Notices arriving within this window of the first become one message. */
  batchWindowMs: number;
  /** Most notices in one message. Default 20. */
  maxBatch?: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  random?: () => number;
}

export interface ChannelStats {
  /** Notices delivered. */
  sent: number;
  /** Notices whose message failed for good (a rejection, or transient errors past the retries). */
  failed: number;
  /** Notices dropped by a full queue. */
  dropped: number;
  /** Notices waiting. */
  queued: number;
  /** Messages delivered (a batch is one). */
  messages: number;
  /** Why the latest message failed; gone once one is delivered again (the failures stay counted and logged). */
  lastError?: string;
}

const DROP_LOG_MS = 60_000;

/**
 * One notification channel: a bounded queue and one worker that batches bursts, keeps the rate limit, and sends with
 * retries (exponential backoff with jitter, transient errors only) and a timeout per request. `push` only enqueues,
 * so the bus listener that calls it never waits on the network.
 */
export class NotifyChannel {
  private readonly queue: Notice[] = [];
  private readonly s = { sent: 0, failed: 0, dropped: 0, messages: 0 };
  private lastError: string | undefined;
  private lastSentAt = -Infinity;
  private lastDropLogAt = -Infinity;
  private wakeWorker: (() => void) | null = null;
  private closing = false;
  /** Aborted when the channel starts closing: batching and rate-limit waits end, what is queued goes at once. */
  private readonly soft = new AbortController();
  /** Aborted at the close deadline: the request in flight and any retry wait end. */
  private readonly hard = new AbortController();
  private worker: Promise<void> | null = null;

  constructor(private readonly options: ChannelOptions) {}

  get name(): string {
    return this.options.transport.name;
  }

  start(): void {
    this.worker ??= this.run();
  }

  push(notice: Notice): void {
    if (this.hard.signal.aborted) {
      this.s.dropped++; // past the close deadline nothing more can go out
      return;
    }
    this.queue.push(notice);
    if (this.queue.length > this.options.capacity) {
      this.queue.shift();
      this.s.dropped++;
      const now = this.options.clock.now();
      if (now - this.lastDropLogAt >= DROP_LOG_MS) {
        this.lastDropLogAt = now;
        this.options.logger.warn({ channel: this.name, dropped: this.s.dropped, capacity: this.options.capacity }, 'notification queue full: oldest notices dropped');
      }
    }
    this.wakeWorker?.();
  }

  stats(): ChannelStats {
    return { sent: this.s.sent, failed: this.s.failed, dropped: this.s.dropped, queued: this.queue.length, messages: this.s.messages, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /**
   * Sends what is queued without further batching or rate-limit waits, within `deadlineMs` on the clock; past it the
   * request in flight is abandoned and what is left counts as failed.
   */
  async close(deadlineMs: number): Promise<void> {
    if (!this.worker) return;
    this.closing = true;
    this.soft.abort();
    this.wakeWorker?.();
    const cancel = this.options.clock.setTimer(deadlineMs, () => this.hard.abort());
    try {
      await this.worker;
    } finally {
      cancel();
    }
  }

  private async run(): Promise<void> {
    const { clock, maxBatch = 20 } = this.options;
    for (;;) {
      if (this.queue.length === 0) {
        if (this.closing) return;
        await new Promise<void>((resolve) => (this.wakeWorker = resolve));
        this.wakeWorker = null;
        continue;
      }
      if (this.hard.signal.aborted) {
        this.s.failed += this.queue.length;
        this.options.logger.warn({ channel: this.name, notices: this.queue.length }, 'notifications abandoned at shutdown (deadline reached)');
        this.queue.length = 0;
        return;
      }
      // Let a burst gather, then keep the rate limit; both waits end when the channel closes.
      await this.pause(this.options.batchWindowMs);
      // At most the least interval: after the wall clock stepped back, the time since the last message would be
      // negative, and an alert (kill switch on, a stale loop) held for the length of the step.
      await this.pause(Math.min(this.options.minIntervalMs, this.lastSentAt + this.options.minIntervalMs - clock.now()));
      await this.deliver(this.queue.splice(0, maxBatch));
    }
  }

  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.soft.signal.aborted) return;
    await this.options.clock.sleep(ms, this.soft.signal).catch(() => undefined);
  }

  private async deliver(batch: Notice[]): Promise<void> {
    const { clock, logger, transport, header } = this.options;
    const text = formatBatch(header, batch, transport.maxLength);
    try {
      await retry(
        clock,
        () => {
          this.lastSentAt = clock.now();
          return transport.send(text, batch, this.hard.signal);
        },
        {
          // Closing: one attempt each, the deadline bounds the rest.
          retries: this.closing ? 0 : this.options.retries,
          baseDelayMs: this.options.retryBaseMs,
          maxDelayMs: this.options.retryMaxMs,
          isRetryable: (error) => !this.closing && isTransient(error),
          ...(this.options.random ? { random: this.options.random } : {}),
          onRetry: ({ attempt, delayMs, error }) =>
            logger.warn({ channel: this.name, attempt, delayMs, err: errorMessage(error) }, 'notification failed; retrying'),
        },
        this.hard.signal,
      );
      this.s.sent += batch.length;
      this.s.messages++;
      // Delivered again: a cockpit quoting the old error as current called a recovered channel broken.
      this.lastError = undefined;
    } catch (error) {
      this.s.failed += batch.length;
      this.lastError = errorMessage(error);
      // The shutdown's deadline ended the send: said as such, at the level of the notices abandoned with it. An error
      // line "This operation was aborted" at every stop beside a slow endpoint said nothing of why.
      if (this.hard.signal.aborted) logger.warn({ channel: this.name, notices: batch.length, failed: this.s.failed }, 'notification not delivered: the shutdown deadline ended its sending');
      else logger.error({ channel: this.name, notices: batch.length, failed: this.s.failed, err: this.lastError }, 'notification not delivered');
    }
  }
}
