import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { NotifyChannel } from '../../src/notify/channel.js';
import type { Notice } from '../../src/notify/notice.js';

const notice = (title: string, at: number): Notice => ({ kind: 'halt', severity: 'critical', title, text: 'halt file present', at });

describe('a notification channel that recovers', () => {
  it('keeps its failures counted but no longer quotes the old error once a message is delivered again', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9));
    let down = true;
    const channel = new NotifyChannel({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      transport: { name: 'webhook', maxLength: 4000, send: async () => { if (down) throw new Error('webhook (json): HTTP 500'); } },
      header: 'conclave paper',
      capacity: 10,
      minIntervalMs: 0,
      batchWindowMs: 0,
      retries: 0,
      retryBaseMs: 100,
      retryMaxMs: 1_000,
    });
    channel.start();
    channel.push(notice('source down', clock.now()));
    await clock.advance(1_000);
    expect(channel.stats()).toMatchObject({ sent: 0, failed: 1, lastError: 'webhook (json): HTTP 500' });
    down = false;
    channel.push(notice('source back', clock.now()));
    await clock.advance(1_000);
    await channel.close(1_000);
    const stats = channel.stats();
    expect(stats).toMatchObject({ sent: 1, failed: 1 });
    expect(stats.lastError).toBeUndefined();
  });
});
