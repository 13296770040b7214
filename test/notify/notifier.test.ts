import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configError } from '../helpers/config-error.js';
import { EventBus } from '../../src/bus/event-bus.js';
import type { PositionEvent } from '../../src/domain/events.js';
import { VirtualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/core/logger.js';
import { Notifier } from '../../src/notify/notifier.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { fakeEndpoint, hungAt, pumpUntil, refusedUrl } from './fakes.js';

const TOKEN = '123456789:AAH-secret_TOKEN_value';
const HOOK_SECRET = 'B0SECRETPATHxyz';

const opened: PositionEvent = { symbol: 'NOVA', change: 'opened', qty: 10, avgPrice: 100, price: 100 };
const closed: PositionEvent = { symbol: 'NOVA', change: 'closed', qty: 0, avgPrice: 100, price: 105, realizedPnl: 49.5, reason: 'take-profit: 105 >= 104' };

const servers: LoopbackServer[] = [];
const notifiers: { notifier: Notifier; clock: VirtualClock }[] = [];
afterEach(async () => {
  for (const { notifier, clock } of notifiers.splice(0)) {
    let done = false;
    const stopping = notifier.stop(500).then(() => (done = true));
    await pumpUntil(clock, () => done);
    await stopping;
  }
  for (const s of servers.splice(0)) await s.close();
});

function build(env: Record<string, string>, clock = new VirtualClock()) {
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', clock, destination: { write: (line: string) => void logs.push(line) } });
  const bus = new EventBus(() => undefined);
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: mkdtempSync(join(tmpdir(), 'conclave-notify-')), ...env } });
  const notifier = Notifier.fromConfig(config, { clock, logger, bus });
  if (!notifier) throw new Error('no channel configured');
  notifier.start();
  notifiers.push({ notifier, clock });
  return { clock, logs, bus, notifier, channel: (name: string) => notifier.stats().channels[name]! };
}

async function endpoint(clock: VirtualClock, reply?: Parameters<typeof fakeEndpoint>[1]) {
  const server = await fakeEndpoint(clock, reply);
  servers.push(server);
  return server;
}

describe('notifications to loopback fakes of a webhook and of Telegram', () => {
  it('sends a burst as one message to a Slack-format webhook and to Telegram, with the bodies each expects', async () => {
    const clock = new VirtualClock();
    const hook = await endpoint(clock);
    const telegram = await endpoint(clock);
    const { bus, notifier, logs } = build(
      {
        CONCLAVE_NOTIFY_WEBHOOK_URL: `${hook.url}/services/T0/${HOOK_SECRET}`,
        CONCLAVE_NOTIFY_WEBHOOK_FORMAT: 'slack',
        CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN,
        CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '-1001234567890',
        CONCLAVE_NOTIFY_TELEGRAM_API_BASE: telegram.url,
      },
      clock,
    );
    bus.emit('position', opened);
    bus.emit('position', closed);
    await pumpUntil(clock, () => notifier.stats().sent === 4);
    expect(hook.received).toHaveLength(1);
    expect(telegram.received).toHaveLength(1);

    const slack = hook.received[0]!;
    expect(slack.path).toBe(`/services/T0/${HOOK_SECRET}`);
    expect(Object.keys(slack.body)).toEqual(['text']);
    const text = slack.body.text as string;
    expect(text.split('\n')[0]).toBe('conclave paper: 2 events');
    expect(text).toContain('BUY NOVA: opened 10 @ 100.00');
    expect(text).toContain('SELL NOVA: closed @ 105.00, entry 100.00: P&L +49.50 (+5.00 %); take-profit');

    const tg = telegram.received[0]!;
    expect(tg.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(tg.body).toEqual({ chat_id: '-1001234567890', text, disable_web_page_preview: true });
    expect(notifier.stats()).toMatchObject({ sent: 4, failed: 0, dropped: 0, queued: 0 });
    expect(notifier.stats().channels.telegram!.messages).toBe(1);
    const all = logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(HOOK_SECRET);
  });

  it('keeps a hook path of plain lowercase words (an ntfy topic) out of an endpoint error that repeats it', async () => {
    const clock = new VirtualClock();
    const echo = await endpoint(clock, (req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ description: `topic ${(req.url ?? '').slice(1)} not allowed` }));
    });
    const { bus, channel, logs } = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: `${echo.url}/mysecrettopicname` }, clock);
    bus.emit('position', opened);
    await pumpUntil(clock, () => channel('webhook').failed === 1);
    expect(channel('webhook').lastError).toBe('webhook (json): HTTP 400 (topic [redacted] not allowed)');
    expect(logs.join('\n')).not.toContain('mysecrettopicname');
  });

  it('speaks Discord ({"content"}) and plain JSON (every notice with its fields)', async () => {
    const clock = new VirtualClock();
    const discord = await endpoint(clock);
    const a = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: discord.url, CONCLAVE_NOTIFY_WEBHOOK_FORMAT: 'discord' }, clock);
    a.bus.emit('position', opened);
    await pumpUntil(clock, () => discord.received.length === 1);
    expect(discord.received[0]!.body).toEqual({ content: 'conclave paper\nBUY NOVA: opened 10 @ 100.00', allowed_mentions: { parse: [] } });

    const clock2 = new VirtualClock();
    const json = await endpoint(clock2);
    const b = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: json.url }, clock2);
    const emittedAt = clock2.now();
    b.bus.emit('source.breaker', { source: 'feed:markets', from: 'closed', to: 'open', at: emittedAt, consecutiveFailures: 5, lastError: 'HTTP 503' });
    await pumpUntil(clock2, () => json.received.length === 1);
    expect(json.received[0]!.body).toEqual({
      source: 'conclave',
      text: 'conclave paper\n⚠️ source feed:markets unavailable: circuit opened after 5 failures: HTTP 503',
      notices: [{ kind: 'breaker', severity: 'warning', title: 'source feed:markets unavailable', text: 'circuit opened after 5 failures: HTTP 503', at: emittedAt }],
    });
  });

  it('keeps the rate limit per channel and batches at most 20 notices a message', async () => {
    const clock = new VirtualClock();
    const hook = await endpoint(clock);
    const { bus, channel } = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: hook.url, CONCLAVE_NOTIFY_MIN_INTERVAL_MS: '1000', CONCLAVE_NOTIFY_BATCH_WINDOW_MS: '200' }, clock);
    bus.emit('position', opened);
    await pumpUntil(clock, () => hook.received.length === 1);
    bus.emit('position', closed);
    await pumpUntil(clock, () => hook.received.length === 2);
    // Exactly the least interval: the clock is still while a post is on its way.
    expect(hook.received[1]!.at - hook.received[0]!.at).toBe(1000);

    for (let i = 0; i < 30; i++) bus.emit('position', { ...opened, symbol: `S${i}` });
    await pumpUntil(clock, () => hook.received.length === 4);
    const texts = hook.received.map((r) => JSON.stringify(r.body));
    expect(texts[2]).toContain('conclave paper: 20 events');
    expect(texts[3]).toContain('conclave paper: 10 events');
    expect(hook.received[3]!.at - hook.received[2]!.at).toBe(1000);
    expect(channel('webhook')).toMatchObject({ sent: 32, messages: 4, queued: 0 });
  });

  it('waits for an endpoint that answers in 300 ms of real time with the clock still: no timeout, however slow the machine', async () => {
    const clock = new VirtualClock();
    const late = await endpoint(clock, async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    // The default timeout, 5 s on the clock: pumped in slices of real time, it passed long before the answer came.
    const { bus, channel } = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: late.url, CONCLAVE_NOTIFY_BATCH_WINDOW_MS: '0' }, clock);
    const emittedAt = clock.now();
    bus.emit('position', opened);
    bus.emit('position', closed);
    await pumpUntil(clock, () => channel('webhook').queued === 0 && channel('webhook').sent + channel('webhook').failed === 2);
    expect(channel('webhook')).toMatchObject({ sent: 2, failed: 0, messages: 1 });
    expect(late.received.map((r) => r.at)).toEqual([emittedAt]);
  });

  it('retries a 500 and a 429 (waiting its Retry-After) with backoff, and does not retry a 4xx', async () => {
    const clock = new VirtualClock();
    const flaky = await endpoint(clock, (_req, res, n) => {
      if (n === 1) res.writeHead(500).end('oops');
      else if (n === 2) res.writeHead(429, { 'retry-after': '5' }).end();
      else res.writeHead(200).end('ok');
    });
    const rejecting = await endpoint(clock, (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}');
    });
    const { bus, channel, logs } = build(
      {
        CONCLAVE_NOTIFY_WEBHOOK_URL: flaky.url,
        CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN,
        CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '42',
        CONCLAVE_NOTIFY_TELEGRAM_API_BASE: rejecting.url,
      },
      clock,
    );
    bus.emit('position', opened);
    await pumpUntil(clock, () => flaky.received.length === 3 && channel('webhook').sent === 1);
    const at = flaky.received.map((r) => r.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(500); // first retry: 1 s with equal jitter
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(5000); // the server asked for 5 s
    await clock.advance(120_000);
    expect(rejecting.received).toHaveLength(1);
    expect(channel('telegram')).toMatchObject({ sent: 0, failed: 1, lastError: 'telegram sendMessage: HTTP 400 (Bad Request: chat not found)' });
    const all = logs.join('\n');
    expect(all).toContain('notification failed; retrying');
    expect(all).toContain('notification not delivered');
    expect(all).not.toContain(TOKEN);
  });

  it('keeps the bot token and the webhook path out of an endpoint error that echoes the request', async () => {
    const clock = new VirtualClock();
    const echo = await endpoint(clock, (req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, description: `bad request path=${req.url ?? ''} (${decodeURIComponent(req.url ?? '')})` }));
    });
    const { bus, channel, logs } = build(
      { CONCLAVE_NOTIFY_WEBHOOK_URL: `${echo.url}/hooks/${HOOK_SECRET}`, CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN, CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '42', CONCLAVE_NOTIFY_TELEGRAM_API_BASE: echo.url },
      clock,
    );
    bus.emit('position', opened);
    await pumpUntil(clock, () => channel('webhook').failed === 1 && channel('telegram').failed === 1);
    expect(channel('telegram').lastError).toMatch(/^telegram sendMessage: HTTP 400 \(bad request path=\[redacted\]/);
    expect(channel('webhook').lastError).toMatch(/^webhook \(json\): HTTP 400 \(bad request path=\[redacted\]/);
    const all = logs.join('\n') + JSON.stringify([channel('telegram'), channel('webhook')]);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]!);
    expect(all).not.toContain(HOOK_SECRET);
  });

  it('an endpoint that is down: failures counted, the queue stays bounded (oldest dropped), the listener only enqueues', async () => {
    const clock = new VirtualClock();
    const down = await refusedUrl();
    const { bus, channel, logs } = build({ CONCLAVE_NOTIFY_WEBHOOK_URL: `${down}/hook/${HOOK_SECRET}`, CONCLAVE_NOTIFY_QUEUE_CAPACITY: '5' }, clock);
    for (let i = 0; i < 50; i++) bus.emit('position', { ...opened, symbol: `S${i}` });
    // Nothing was sent yet: all 50 emits returned with the notices queued (or dropped), none waited on the network.
    expect(channel('webhook')).toMatchObject({ queued: 5, dropped: 45, sent: 0 });
    await pumpUntil(clock, () => channel('webhook').failed === 5);
    expect(channel('webhook')).toMatchObject({ queued: 0, sent: 0 });
    // The host and what to check are told; the path (the webhook's secret) is not.
    expect(channel('webhook').lastError).toMatch(/^webhook \(json\): network error \(ECONNREFUSED\) reaching 127\.0\.0\.1:\d+: nothing listens there: check the host and port/);
    const all = logs.join('\n');
    expect(all).toContain('notification queue full');
    expect(all).not.toContain(HOOK_SECRET);
    expect(all).not.toContain(down);
  });

  it('at stop, sends a fatal error at once (no batching wait), and gives up on a hung endpoint at the deadline', async () => {
    const clock = new VirtualClock();
    const hook = await endpoint(clock);
    const hung = await endpoint(clock, () => new Promise<void>(() => undefined));
    const { bus, notifier, logs } = build(
      {
        CONCLAVE_NOTIFY_WEBHOOK_URL: hook.url,
        CONCLAVE_NOTIFY_WEBHOOK_FORMAT: 'slack',
        CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN,
        CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '42',
        CONCLAVE_NOTIFY_TELEGRAM_API_BASE: hung.url,
        CONCLAVE_NOTIFY_BATCH_WINDOW_MS: '600000',
        CONCLAVE_NOTIFY_TIMEOUT_MS: '60000',
      },
      clock,
    );
    bus.emit('fatal', { reason: 'uncaughtException', error: 'disk full' });
    const started = clock.now();
    let stopped = false;
    const stopping = notifier.stop(2000).then(() => (stopped = true));
    await pumpUntil(clock, () => stopped, { mayRun: hungAt(['telegram sendMessage'], hung) });
    await stopping;
    expect(clock.now() - started).toBeLessThanOrEqual(2100);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.body.text).toBe('conclave paper\n🛑 conclave is stopping on a fatal error: disk full (uncaughtException)');
    expect(hung.received).toHaveLength(1);
    expect(notifier.stats().channels.telegram).toMatchObject({ sent: 0, failed: 1 });
    // Said as the deadline's doing, a warning, not an error "This operation was aborted".
    const undelivered = logs.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.msg.startsWith('notification not delivered'));
    expect(undelivered).toEqual([expect.objectContaining({ level: 'warn', msg: 'notification not delivered: the shutdown deadline ended its sending' })]);
  });
});

describe('notification configuration', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ env: { CONCLAVE_DATA_DIR: 'data', ...env } });

  it('exits 78 on a bad value, naming the key and never echoing a secret', () => {
    const token = configError(load({ CONCLAVE_NOTIFY_TELEGRAM_TOKEN: 'not a token with SECRET', CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID: '1' }));
    expect(token.key).toBe('notifyTelegramToken');
    expect(token.message).not.toContain('SECRET');
    expect(token.message).toContain('CONCLAVE_NOTIFY_TELEGRAM_TOKEN');
    const hook = configError(load({ CONCLAVE_NOTIFY_WEBHOOK_URL: 'ftp://hooks.example/SECRET' }));
    expect(hook.key).toBe('notifyWebhookUrl');
    expect(hook.message).not.toContain('SECRET');
    expect(configError(load({ CONCLAVE_NOTIFY_TELEGRAM_TOKEN: TOKEN })).key).toBe('notifyTelegramChatId');
    expect(configError(load({ CONCLAVE_NOTIFY_WEBHOOK_FORMAT: 'teams' })).message).toContain('"json", "slack" or "discord"');
    expect(configError(load({ CONCLAVE_NOTIFY_EVENTS: '["entry","gossip"]' })).key).toBe('notifyEvents');
    expect(configError(load({ CONCLAVE_NOTIFY_MIN_INTERVAL_MS: '-1' })).key).toBe('notifyMinIntervalMs');
  });

  it('builds no notifier when no channel is configured', () => {
    const config = loadConfig({ env: { CONCLAVE_DATA_DIR: 'data' } });
    const clock = new VirtualClock();
    expect(Notifier.fromConfig(config, { clock, logger: createLogger({ level: 'silent', clock }), bus: new EventBus(() => undefined) })).toBeNull();
  });
});
