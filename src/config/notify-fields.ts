import { z } from 'zod';
import { httpUrl, int } from './schema-rules.js';

/** The notification channels' settings (src/notify), a part of the configuration's fields (config-schema.ts). */
export const NOTIFY_FIELDS = {
  notifyWebhookUrl: {
    schema: z.union([z.literal(''), httpUrl()]),
    allowed: 'an http(s) URL or "" (secret, never logged)',
    doc: 'Webhook that receives notifications (off when empty).',
    secret: true,
  },
  notifyWebhookFormat: {
    schema: z.enum(['json', 'slack', 'discord']),
    allowed: '"json", "slack" or "discord"',
    doc: 'Webhook body: {"text"} for Slack (and Mattermost), {"content"} for Discord, or JSON with every notice.',
  },
  notifyTelegramToken: {
    schema: z.union([z.literal(''), z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'not a bot token')]),
    allowed: 'a bot token from @BotFather (digits:letters) or "" (secret, never logged)',
    doc: 'Telegram bot that sends notifications (off when empty; needs notifyTelegramChatId).',
    secret: true,
  },
  notifyTelegramChatId: {
    schema: z.union([z.literal(''), z.string().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,64})$/, 'not a chat id')]),
    allowed: 'a numeric chat id (such as -1001234567890) or @channelname, or ""',
    doc: 'Telegram chat the bot writes to.',
  },
  notifyTelegramApiBase: { schema: httpUrl(), allowed: 'an http(s) URL', doc: "Telegram Bot API base URL (a local fake for tests)." },
  notifyEvents: {
    schema: z.array(z.enum(['entry', 'exit', 'halt', 'stale', 'breaker', 'fatal', 'summary'])).max(7),
    allowed: 'a JSON array of "entry", "exit", "halt", "stale", "breaker", "fatal", "summary"',
    doc: 'What is notified.',
  },
  notifyMinIntervalMs: { schema: int(0, 3_600_000), allowed: 'an integer from 0 to 3600000', doc: 'Least time between two messages on a channel (Telegram: about 1 a second per chat).' },
  notifyBatchWindowMs: { schema: int(0, 600_000), allowed: 'an integer from 0 to 600000', doc: 'Notices within this time of the first become one message.' },
  notifyQueueCapacity: { schema: int(1, 100_000), allowed: 'an integer from 1 to 100000', doc: 'Notices waiting per channel; a full queue drops the oldest (counted).' },
  notifyTimeoutMs: { schema: int(100, 120_000), allowed: 'an integer from 100 to 120000', doc: 'Timeout of one notification request.' },
} as const;
