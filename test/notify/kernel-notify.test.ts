import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { runAnswered, virtualKernel, type MayRun } from '../helpers/kernel-harness.js';
import { fakeEndpoint, hungAt, pumpUntil, refusedUrl } from './fakes.js';

const TOKEN = '987654321:kernel-SECRET_token';
const HOOK_SECRET = 'hookSECRETpath';
const HOUR = 3600_000;

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function stop(kernel: { stop(): Promise<void> }, clock: VirtualClock, mayRun?: MayRun): Promise<void> {
  let stopped = false;
  const stopping = kernel.stop().then(() => (stopped = true));
  await pumpUntil(clock, () => stopped, mayRun ? { mayRun } : {});
  await stopping;
}

describe('the daemon with notifications', () => {
  it('tells Telegram of its entries, exits and the daily summary', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 21, 0, 0));
    const telegram = await fakeEndpoint(clock);
    servers.push(telegram);
    const { kernel, logs } = await virtualKernel(
      {
        CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN,
        CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '-42',
        CONCLAVE_NOTIFY_TELEGRAM_API_BASE: telegram.url,
        CONCLAVE_NOTIFY_TIMEOUT_MS: '120000',
      },
      { clock },
    );
    await kernel.start();
    // Each post holds the clock until Telegram's fake has answered: none can time out however slow the machine.
    await runAnswered(clock, 4 * HOUR);
    await stop(kernel, clock);

    const texts = telegram.received.map((r) => r.body.text as string).join('\n');
    expect(telegram.received.every((r) => r.path === `/bot${TOKEN}/sendMessage` && r.body.chat_id === '-42')).toBe(true);
    expect(texts).toMatch(/BUY [A-Z]+: opened [\d.]+ @ [\d.]+/);
    expect(texts).toMatch(/SELL [A-Z]+: closed @ [\d.]+, entry [\d.]+: P&L [+-][\d.]+ \([+-][\d.]+ %\)/);
    expect(texts).toContain('daily summary 2026-01-05:');
    const health = logs.filter((l) => l.msg === 'health').at(-1)!;
    expect(health.notify).toMatchObject({ failed: 0, dropped: 0 });
    expect((health.notify as { sent: number }).sent).toBeGreaterThan(0);
    // Every message the channel counts as delivered reached the fake, and nothing else did.
    expect(telegram.received).toHaveLength(kernel.notifier!.stats().channels.telegram!.messages);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
    const metrics = (await kernel.metrics.render()).body;
    expect(metrics).toMatch(new RegExp(`conclave_notifications_total\\{channel="telegram",outcome="sent"\\} ${kernel.notifier!.stats().channels.telegram!.sent}\\b`));
  });

  it('with one endpoint down and one slow: the loops keep their schedule, the queues stay bounded, failures are counted', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 0, 0, 0));
    const slow = await fakeEndpoint(clock, () => new Promise<void>(() => undefined));
    servers.push(slow);
    const down = await refusedUrl();
    const { kernel, logs, config } = await virtualKernel(
      {
        CONCLAVE_NOTIFY_WEBHOOK_URL: `${slow.url}/services/${HOOK_SECRET}`,
        CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN,
        CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '-42',
        CONCLAVE_NOTIFY_TELEGRAM_API_BASE: down,
        CONCLAVE_NOTIFY_QUEUE_CAPACITY: '3',
        CONCLAVE_NOTIFY_BATCH_WINDOW_MS: '0',
        CONCLAVE_NOTIFY_TIMEOUT_MS: '5000',
      },
      { clock },
    );
    await kernel.start();
    // A flapping source: a burst far beyond the queues' capacity.
    for (let i = 0; i < 20; i++) kernel.bus.emit('source.breaker', { source: `feed${i}`, from: 'closed', to: 'open', at: clock.now(), consecutiveFailures: 5 });
    const run = 3 * HOUR;
    // The clock is held while a post to the refused Telegram fake waits for its error, and runs once every post in
    // flight is the slow webhook's, which it holds unanswered: those time out on the clock, as they would live.
    const slowPosts = hungAt(['webhook (json)'], slow);
    await runAnswered(clock, run, 30_000, slowPosts);
    const loops = kernel.loopStats();
    await stop(kernel, clock, slowPosts);

    // Every loop ran on schedule, as without notifications.
    const expected = (interval: number) => Math.floor(run / interval) + 1;
    expect(loops.modelScanner!.runs).toBe(expected(config.modelScanIntervalMs));
    expect(loops.positionMonitor!.runs).toBe(expected(config.positionCheckIntervalMs));
    expect(loops.health!.runs).toBe(expected(config.healthIntervalMs));
    expect(kernel.consumer.stats().total).toBeGreaterThan(5);

    const healthLines = logs.filter((l) => l.msg === 'health');
    for (const h of healthLines) {
      const channels = (h.notify as { channels: Record<string, { queued: number }> }).channels;
      expect(channels.webhook!.queued).toBeLessThanOrEqual(3);
      expect(channels.telegram!.queued).toBeLessThanOrEqual(3);
    }
    const last = healthLines.at(-1)!.notify as { sent: number; failed: number; dropped: number; channels: Record<string, { failed: number; lastError?: string }> };
    expect(last.sent).toBe(0);
    expect(last.channels.webhook!.failed).toBeGreaterThan(0);
    expect(last.channels.webhook!.lastError).toBe('webhook (json) timed out after 5000 ms');
    expect(last.channels.telegram!.lastError).toMatch(/^telegram sendMessage: network error \(ECONNREFUSED\) reaching 127\.0\.0\.1:\d+: nothing listens there/);
    expect(last.dropped).toBeGreaterThanOrEqual(2 * 17);
    expect(slow.received.length).toBeGreaterThan(0);

    const all = JSON.stringify(logs);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(HOOK_SECRET);
    expect(all).not.toContain(down);
  });
});
