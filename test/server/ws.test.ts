import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pino } from 'pino';
import { EventBus } from '../../src/bus/event-bus.js';
import { LiveClock } from '../../src/core/clock.js';
import { HttpServer } from '../../src/server/http-server.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HTTP and WebSocket server', () => {
  let server: HttpServer | null = null;
  afterEach(async () => server?.stop());

  async function start(health = { ok: true, stale: [] as string[] }) {
    const bus = new EventBus(() => undefined);
    server = new HttpServer({
      host: '127.0.0.1',
      port: 0 as number,
      clock: new LiveClock(),
      logger: pino({ level: 'silent' }),
      bus,
      maxBufferedBytes: 64 * 1024,
      health: () => ({ ...health, snapshot: null }),
      status: () => ({ cash: 1 }),
      metrics: () => 'conclave_up 1\n',
    });
    return { bus, server };
  }

  it('answers /healthz with 503 naming the stale loops', async () => {
    const { server: s } = await start({ ok: false, stale: ['newsScanner'] });
    // Port 0 is "off" in configuration, but the server itself can listen on an ephemeral port for tests.
    await s.start();
    const res = await fetch(`http://127.0.0.1:${s.port()}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stale', stale: ['newsScanner'] });
    expect((await fetch(`http://127.0.0.1:${s.port()}/nope`)).status).toBe(404);
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
      if (i % 50 === 0) await tick(5);
    }
    await tick(300);
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
});
