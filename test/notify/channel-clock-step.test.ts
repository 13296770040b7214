import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { NotifyChannel } from '../../src/notify/channel.js';
import type { Notice } from '../../src/notify/notice.js';
import { SteppingClock } from '../helpers/stepping-clock.js';

const notice = (title: string, at: number): Notice => ({ kind: 'halt', severity: 'critical', title, text: 'halt file present', at });

describe('a notification channel when the wall clock steps back', () => {
  it('keeps its least interval between messages rather than holding alerts for the length of the step', async () => {
    const clock = new SteppingClock();
    const sent: { title: string; at: number }[] = [];
    const channel = new NotifyChannel({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      transport: { name: 'webhook', maxLength: 4000, send: async (_text, notices) => void sent.push(...notices.map((n) => ({ title: n.title, at: clock.timers.now() }))) },
      header: 'conclave paper',
      capacity: 10,
      minIntervalMs: 1_000,
      batchWindowMs: 0,
      retries: 0,
      retryBaseMs: 100,
      retryMaxMs: 1_000,
    });
    const t = clock.timers.now();
    channel.start();
    channel.push(notice('source down', clock.now()));
    await clock.advance(10);
    clock.step(-3_600_000);
    channel.push(notice('kill switch on', clock.now()));
    await clock.advance(2 * 3_600_000);
    await channel.close(1_000);
    // The second waits the least interval from when it came (the time since the first is unknown after the step).
    expect(sent.map((s) => [s.title, s.at - t])).toEqual([['source down', 0], ['kill switch on', 1_010]]);
  });
});
