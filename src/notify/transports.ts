import type { Clock } from '../core/clock.js';
import { postJson } from './http-post.js';
import type { Notice } from './notice.js';

/** Where a notification message goes. `send` throws on failure (transient errors are retried by the channel). */
export interface Transport {
  /** A name for logs and the health line; never a URL. */
  readonly name: string;
  /** Longest message the endpoint accepts. */
  readonly maxLength: number;
  send(text: string, notices: readonly Notice[], signal: AbortSignal): Promise<void>;
}

export type WebhookFormat = 'json' | 'slack' | 'discord';

export interface WebhookOptions {
  clock: Clock;
  /** Secret: a Slack or Discord webhook URL is its own credential. */
  url: string;
  format: WebhookFormat;
  timeoutMs: number;
}

/**
 * A generic JSON webhook. `slack` posts {"text"} (Slack's incoming webhooks, Mattermost, Rocket.Chat), `discord`
 * posts {"content"} (Discord's webhooks, 2000 characters at most), `json` posts the text with every notice's fields.
 */
export class WebhookTransport implements Transport {
  readonly name = 'webhook';
  readonly maxLength: number;

  constructor(private readonly options: WebhookOptions) {
    this.maxLength = options.format === 'discord' ? 2000 : 4000;
  }

  send(text: string, notices: readonly Notice[], signal: AbortSignal): Promise<void> {
    const { clock, url, format, timeoutMs } = this.options;
    const body =
      format === 'slack'
        ? { text }
        : format === 'discord'
          ? { content: text, allowed_mentions: { parse: [] } }
          : { source: 'conclave', text, notices: notices.map((n) => ({ kind: n.kind, severity: n.severity, title: n.title, text: n.text, at: n.at })) };
    return postJson(clock, url, body, { what: `webhook (${format})`, timeoutMs, signal });
  }
}

export interface TelegramOptions {
  clock: Clock;
  /** Secret: it sits in the API URL's path, so that URL is never logged. */
  token: string;
  chatId: string;
  /** https://api.telegram.org, or a loopback fake in tests. */
  apiBase: string;
  timeoutMs: number;
}

/** Telegram's Bot API: sendMessage to one chat, plain text (no parse mode, so nothing needs escaping). */
export class TelegramTransport implements Transport {
  readonly name = 'telegram';
  readonly maxLength = 4096;

  constructor(private readonly options: TelegramOptions) {}

  send(text: string, _notices: readonly Notice[], signal: AbortSignal): Promise<void> {
    const { clock, token, chatId, apiBase, timeoutMs } = this.options;
    const url = `${apiBase.replace(/\/+$/, '')}/bot${token}/sendMessage`;
    return postJson(clock, url, { chat_id: chatId, text, disable_web_page_preview: true }, { what: 'telegram sendMessage', timeoutMs, signal });
  }
}
