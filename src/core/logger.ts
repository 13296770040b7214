import { pino, type Logger, type DestinationStream } from 'pino';
import type { Clock } from './clock.js';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
export const REDACT_PATHS = [
  'apiKey',
  'secret',
  'password',
  'token',
  'authorization',
  '*.apiKey',
  '*.apiSecret',
  '*.secret',
  '*.password',
  '*.token',
  '*.authorization',
  '*.llmApiKey',
  '*.exchangeApiKey',
  '*.exchangeSecret',
  '*.httpToken',
  '*.notifyTelegramToken',
  '*.notifyWebhookUrl',
  'config.llmApiKey',
  'config.httpToken',
  'config.exchangeApiKey',
  'config.exchangeSecret',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level: string;
  clock: Clock;
  destination?: DestinationStream;
}

/** JSON lines on stdout, `time` in epoch ms read from the injected clock (so replay logs replay time). */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { name: 'conclave' },
      timestamp: () => `,"time":${options.clock.now()}`,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
