import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pino } from 'pino';
import { EventBus } from '../../src/bus/event-bus.js';
import { LiveClock, VirtualClock, type Clock } from '../../src/core/clock.js';
import { HttpServer } from '../../src/server/http-server.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for what the sockets should soon have done (at most 10 s: a loaded machine is slow, not wrong); the assertions after it say what did not happen. */
async function until(done: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await tick(10);
}

describe('HTTP and WebSocket server', () => {
  let server: HttpServer | null = null;
  afterEach(async () => server?.stop());

  async function start(health = { ok: true, stale: [] as string[] }, clock: Clock = new LiveClock(), maxClients?: number, lines?: { msg: string; failures?: number }[]) {
    const bus = new EventBus(() => undefined);
    server = new HttpServer({
      host: '127.0.0.1',
      port: 0 as number,
      clock,
      logger: lines ? pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) }) : pino({ level: 'silent' }),
      bus,
      maxBufferedBytes: 64 * 1024,
      heartbeatMs: 60_000,
      health: () => ({ ...health, snapshot: null }),
      status: () => ({ cash: 1 }),
      metrics: () => 'conclave_up 1\n',
      ...(maxClients !== undefined ? { maxClients } : {}),
    });
    return { bus, server };
  }

  it('serves at most wsMaxClients WebSocket clients: one more is refused with 503 saying so, and admitted once one leaves', async () => {
    const { server: s } = await start(undefined, undefined, 2);
    await s.start();
    const url = `ws://127.0.0.1:${s.port()}/ws`;
    const open = (ws: WebSocket) => new Promise((r) => ws.once('open', r));
    const first = new WebSocket(url);
    const second = new WebSocket(url);
    await Promise.all([open(first), open(second)]);
    const third = new WebSocket(url);
    const refused = await new Promise<{ status: number; body: string }>((resolve) => {
      third.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      third.on('error', () => undefined);
    });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toEqual({ error: 'the daemon already serves 2 WebSocket clients (wsMaxClients); try again when one has left' });
    expect(s.wsStats().clients).toBe(2);
    first.close();
    for (let i = 0; i < 50 && s.wsStats().clients > 1; i++) await tick(10);
    const fourth = new WebSocket(url);
    await open(fourth);
    expect(s.wsStats().clients).toBe(2);
    second.close();
    fourth.close();
  });

  it('answers /healthz with 503 naming the stale loops', async () => {
    const { server: s } = await start({ ok: false, stale: ['newsScanner'] });
    // Port 0 is "off" in configuration, but the server itself can listen on an ephemeral port for tests.
    await s.start();
    const res = await fetch(`http://127.0.0.1:${s.port()}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stale', stale: ['newsScanner'] });
    expect((await fetch(`http://127.0.0.1:${s.port()}/nope`)).status).toBe(404);
  });

  it('answers /healthz with 503 "stalled" when the daemon is alive but not working', async () => {
    const { server: s } = await start({ ok: false, stale: [], stalled: ['market'] } as { ok: boolean; stale: string[] });
    await s.start();
    const res = await fetch(`http://127.0.0.1:${s.port()}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stalled', stale: [], stalled: ['market'] });
    expect(await (await fetch(`http://127.0.0.1:${s.port()}/metrics`)).text()).toContain('conclave_up 1');
  });

  it('sends a snapshot on connect, then every event in the envelope; a stalled client is dropped, the others go on', async () => {
    const { bus, server: s } = await start();
    await s.start();
    const url = `ws://127.0.0.1:${s.port()}/ws`;
    const healthy = new WebSocket(url);
    const received: { type: string; ts: number; data: unknown }[] = [];
    healthy.on('message', (m) => received.push(JSON.parse(m.toString())));
    const stalled = new WebSocket(url);
    stalled.on('error', () => undefined);
    await Promise.all([new Promise((r) => healthy.once('open', r)), new Promise((r) => stalled.once('open', r))]);
    // The stalled client stops reading: the server's send buffer for it grows until the limit drops it.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
    await tick(50);
    const big = { note: 'x'.repeat(16 * 1024) };
    for (let i = 0; i < 400; i++) {
      bus.emit('health', { i, ...big });
      // The healthy client keeps up (in this same process): on a loaded machine, 50 messages between turns left it
      // 64 KB behind too, and it was dropped with the stalled one (CI, 2026-12-06).
      if (i % 10 === 9) await until(() => received.filter((m) => m.type === 'health').length >= i + 1);
    }
    await until(() => received.filter((m) => m.type === 'health').length >= 400 && s.wsStats().clients === 1);
    expect(received[0]!.type).toBe('snapshot');
    expect(received[0]!.data).toEqual({ cash: 1 });
    const healthMessages = received.filter((m) => m.type === 'health');
    expect(healthMessages).toHaveLength(400);
    expect(typeof healthMessages[0]!.ts).toBe('number');
    expect(s.wsStats().dropped).toBeGreaterThanOrEqual(1);
    // The server let go of the stalled client; the healthy one is still connected.
    expect(s.wsStats().clients).toBe(1);
    healthy.close();
    stalled.terminate();
  });

  it('drops a client that stops answering pings, even while its socket buffers still absorb what is sent', async () => {
    const clock = new VirtualClock(0);
    const lines: { msg: string; failures?: number }[] = [];
    const { bus, server: s } = await start(undefined, clock, undefined, lines);
    await s.start();
    const url = `ws://127.0.0.1:${s.port()}/ws`;
    const reader = new WebSocket(url);
    const got: string[] = [];
    reader.on('message', (m) => got.push(JSON.parse(m.toString()).type));
    const stuck = [new WebSocket(url), new WebSocket(url), new WebSocket(url)];
    for (const ws of stuck) ws.on('error', () => undefined);
    await Promise.all([reader, ...stuck].map((ws) => new Promise((r) => ws.once('open', r))));
    for (const ws of stuck) ws.pause();
    let pinged = false;
    reader.on('ping', () => (pinged = true));
    // First beat: both are pinged; only the reader answers (its pong goes out as the ping arrives). Second beat: the
    // stuck one is dropped.
    await clock.advance(60_000);
    await until(() => pinged);
    await tick(100);
    expect(s.wsStats()).toMatchObject({ clients: 4, dropped: 0 });
    await clock.advance(60_000);
    await until(() => s.wsStats().dropped >= 3);
    expect(s.wsStats()).toMatchObject({ clients: 1, dropped: 3 });
    // One line for the three, not one each: a thousand silent clients made a thousand lines a heartbeat.
    const drops = lines.filter((l) => l.msg.startsWith('websocket client did not answer a ping'));
    expect(drops).toHaveLength(1);
    bus.emit('health', { after: true });
    await until(() => got.length >= 2);
    expect(got).toEqual(['snapshot', 'health']);
    reader.close();
    for (const ws of stuck) ws.terminate();
  });

  it('frames events of every length class (7-bit, 16-bit and 64-bit lengths) so a standard client reads them intact', async () => {
    const { bus, server: s } = await start();
    await s.start();
    const ws = new WebSocket(`ws://127.0.0.1:${s.port()}/ws`);
    const got: { type: string; data: { note?: string } }[] = [];
    ws.on('message', (m, binary) => {
      expect(binary).toBe(false);
      got.push(JSON.parse(m.toString()));
    });
    await new Promise((r) => ws.once('open', r));
    const sizes = [0, 50, 125, 126, 1000, 65_535, 65_536, 300_000];
    for (const n of sizes) bus.emit('health', { note: 'é'.repeat(n) });
    await until(() => got.length > sizes.length);
    expect(got.slice(1).map((m) => m.data.note?.length)).toEqual(sizes);
    ws.close();
  });

  it('gives each of many clients the snapshot first, then every event in order', async () => {
    let built = 0;
    const { bus, server: s } = await start();
    (s as unknown as { options: { status: () => Record<string, unknown> } }).options.status = () => ({ built: ++built });
    await s.start();
    const url = `ws://127.0.0.1:${s.port()}/ws`;
    const clients = Array.from({ length: 150 }, () => new WebSocket(url));
    const seen = clients.map(() => [] as { type: string; data: { i?: number } }[]);
    clients.forEach((ws, k) => ws.on('message', (m) => seen[k]!.push(JSON.parse(m.toString()))));
    await Promise.all(clients.map((ws) => new Promise((r) => ws.once('open', r))));
    await tick(50);
    for (let i = 0; i < 40; i++) {
      bus.emit('health', { i });
      if (i % 7 === 0) await tick(1);
    }
    await until(() => seen.every((messages) => messages.length >= 41));
    for (const messages of seen) {
      expect(messages[0]!.type).toBe('snapshot');
      expect(messages.slice(1).map((m) => m.data.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    }
    // Connections within a second share one snapshot.
    expect(built).toBeLessThan(5);
    clients.forEach((ws) => ws.close());
  });
});
