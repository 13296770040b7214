import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { InvariantError, OperationalError } from '../../src/core/errors.js';

describe('logger', () => {
  it('writes JSON lines with the clock time and never a secret', () => {
    const lines: string[] = [];
    const clock = new VirtualClock(1_767_571_200_000);
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(l) } });
    logger.child({ component: 'broker' }).info(
      { apiKey: 'k-123', config: { llmApiKey: 'sk-live-1', exchangeSecret: 's-2', mode: 'live' }, request: { headers: { authorization: 'Bearer t' } } },
      'hello',
    );
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ time: 1_767_571_200_000, component: 'broker', msg: 'hello', level: 'info' });
    expect(line.config.mode).toBe('live');
    const text = lines.join('');
    for (const secret of ['k-123', 'sk-live-1', 's-2', 'Bearer t']) expect(text).not.toContain(secret);
  });

  it('logs an expected error by its message, without a stack; a bug with its stack', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', clock: new VirtualClock(0), destination: { write: (l: string) => void lines.push(l) } });
    logger.warn({ err: new OperationalError('feed https://x timed out after 10000 ms; retried at the next scan', { cause: new Error('ETIMEDOUT') }) }, 'news fetch failed');
    logger.error({ err: new InvariantError('ledger off by 3.2') }, 'invariant');
    logger.error({ err: new TypeError('x is undefined') }, 'bug');
    const [expected, invariant, bug] = lines.map((l) => JSON.parse(l) as { err: Record<string, unknown> });
    expect(expected!.err).toEqual({ type: 'OperationalError', message: 'feed https://x timed out after 10000 ms; retried at the next scan', cause: 'ETIMEDOUT' });
    expect(invariant!.err.stack).toContain('InvariantError: ledger off by 3.2');
    expect(bug!.err).toMatchObject({ type: 'TypeError', message: 'x is undefined' });
    expect(bug!.err.stack).toContain('logger.test');
  });

  it('logs a failure of the storage (a full disk) by its code and message, without a stack', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', clock: new VirtualClock(0), destination: { write: (l: string) => void lines.push(l) } });
    const full = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
    const constraint = Object.assign(new Error('UNIQUE constraint failed: orders.client_order_id'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    logger.error({ err: full }, 'discussion failed');
    logger.error({ err: constraint }, 'a bug');
    const [storage, bug] = lines.map((l) => JSON.parse(l) as { err: Record<string, unknown> });
    expect(storage!.err).toEqual({ type: 'SqliteError', message: 'database or disk is full', code: 'SQLITE_FULL' });
    expect(bug!.err.stack).toContain('UNIQUE constraint failed');
  });
});
