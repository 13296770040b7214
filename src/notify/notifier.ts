import type { EventBus } from '../bus/event-bus.js';
import { runMode } from '../config/run-mode.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import { NotifyChannel, type ChannelStats } from './channel.js';
import { EventNotices } from './event-notices.js';
import type { NoticeKind } from './notice.js';
import { TelegramTransport, WebhookTransport, type Transport } from './transports.js';

export interface NotifierOptions {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  transports: Transport[];
  kinds: readonly NoticeKind[];
  header: string;
  capacity: number;
  minIntervalMs: number;
  batchWindowMs: number;
  /** Retries of a transient failure. Default 3. */
  retries?: number;
  /** First retry delay, ms. Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay (a 429's Retry-After is capped to it), ms. Default 30000. */
  retryMaxMs?: number;
  haltReason?: () => string | undefined;
  random?: () => number;
}

export interface NotifyStats {
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
  channels: Record<string, ChannelStats>;
}

/** How long stop() may spend sending what is left (a fatal error's notice among it); the daemon must exit within 10 s. */
export const NOTIFY_STOP_DEADLINE_MS = 2_000;

/**
 * Notifications to operators: bus events become notices (EventNotices), and every notice goes to each configured
 * channel's bounded queue (NotifyChannel), which batches, rate-limits, retries and times out on its own. Nothing here
 * runs on a trading loop's path: the bus listeners only enqueue.
 */
export class Notifier {
  readonly name = 'notifier';
  private readonly channels: NotifyChannel[];
  private readonly notices: EventNotices;
  private started = false;

  constructor(options: NotifierOptions) {
    const { clock, logger } = options;
    this.channels = options.transports.map(
      (transport) =>
        new NotifyChannel({
          clock,
          logger,
          transport,
          header: options.header,
          capacity: options.capacity,
          minIntervalMs: options.minIntervalMs,
          batchWindowMs: options.batchWindowMs,
          retries: options.retries ?? 3,
          retryBaseMs: options.retryBaseMs ?? 1000,
          retryMaxMs: options.retryMaxMs ?? 30_000,
          ...(options.random ? { random: options.random } : {}),
        }),
    );
    this.notices = new EventNotices({
      clock,
      bus: options.bus,
      kinds: new Set(options.kinds),
      emit: (notice) => this.channels.forEach((c) => c.push(notice)),
      ...(options.haltReason ? { haltReason: options.haltReason } : {}),
    });
  }

  /** The channels the configuration names (a webhook, Telegram), or null when it names none. */
  static fromConfig(config: Config, deps: { clock: Clock; logger: Logger; bus: EventBus; haltReason?: () => string | undefined }): Notifier | null {
    const transports: Transport[] = [];
    const timeoutMs = config.notifyTimeoutMs;
    if (config.notifyWebhookUrl) transports.push(new WebhookTransport({ clock: deps.clock, url: config.notifyWebhookUrl, format: config.notifyWebhookFormat, timeoutMs }));
    if (config.notifyTelegramToken) {
      transports.push(
        new TelegramTransport({ clock: deps.clock, token: config.notifyTelegramToken, chatId: config.notifyTelegramChatId, apiBase: config.notifyTelegramApiBase, timeoutMs }),
      );
    }
    if (transports.length === 0) return null;
    return new Notifier({
      clock: deps.clock,
      logger: deps.logger,
      bus: deps.bus,
      transports,
      kinds: config.notifyEvents,
      header: `conclave ${runMode(config)}`,
      capacity: config.notifyQueueCapacity,
      minIntervalMs: config.notifyMinIntervalMs,
      batchWindowMs: config.notifyBatchWindowMs,
      ...(deps.haltReason ? { haltReason: deps.haltReason } : {}),
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.notices.start();
    for (const c of this.channels) c.start();
  }

  /** Stops listening, then sends what is queued within `deadlineMs` (best effort). Idempotent. */
  async stop(deadlineMs = NOTIFY_STOP_DEADLINE_MS): Promise<void> {
    this.notices.stop();
    await Promise.all(this.channels.map((c) => c.close(deadlineMs)));
  }

  stats(): NotifyStats {
    const out: NotifyStats = { sent: 0, failed: 0, dropped: 0, queued: 0, channels: {} };
    for (const c of this.channels) {
      const s = c.stats();
      out.sent += s.sent;
      out.failed += s.failed;
      out.dropped += s.dropped;
      out.queued += s.queued;
      out.channels[c.name] = s;
    }
    return out;
  }
}
