import { pino, type Logger, type DestinationStream } from 'pino';
import type { Clock } from './clock.js';
import { ConclaveError } from './errors.js';
import { isStorageFailure } from './storage-failure.js';

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

/**
 * An error under `err`: an expected one (transient, operational, configuration) by its type and message, which say what
 * happened and what to do; a stack there is noise in an operator's log. Anything else (a bug, an invariant) with its
 * stack, as pino writes it.
 */
function serializeError(error: unknown): unknown {
  if (error instanceof ConclaveError && error.kind !== 'invariant') {
    const cause = error.cause instanceof Error ? { cause: error.cause.message } : {};
    return Object.assign({ type: error.name, message: error.message }, cause);
  }
  // A failure of the storage itself (a full disk, an I/O error) is no bug: its code and message say what happened, and
  // the daemon's fatal line what to do. After a disk filled, each write in flight logged a stack of its own.
  if (error instanceof Error && isStorageFailure(error)) return { type: error.name, message: error.message, code: (error as Error & { code: string }).code };
  return error instanceof Error ? pino.stdSerializers.err(error) : error;
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
      serializers: { err: serializeError },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
