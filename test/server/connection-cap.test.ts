import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { EventBus } from '../../src/bus/event-bus.js';
import { LiveClock } from '../../src/core/clock.js';
import { HttpServer } from '../../src/server/http-server.js';
import { connectionCap } from '../../src/server/connection-cap.js';

let server: HttpServer | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  await server?.stop();
  server = null;
});

describe('the HTTP server’s bound on sockets', () => {
  it('serves the WebSocket clients and some requests, and leaves the daemon a quarter-thousand descriptors', () => {
    expect(connectionCap(1_000, null)).toBe(1_064);
    expect(connectionCap(1_000, 1_024)).toBe(768);
    expect(connectionCap(4, 65_536)).toBe(68);
    expect(connectionCap(1_000, 200)).toBe(16);
  });

  it('closes the sockets beyond it at once, so a flood of idle connections cannot take every descriptor', async () => {
    server = new HttpServer({
      host: '127.0.0.1', port: 0, clock: new LiveClock(), logger: pino({ level: 'silent' }), bus: new EventBus(() => undefined),
      maxBufferedBytes: 64 * 1024, heartbeatMs: 60_000, maxClients: 4,
      health: () => ({ ok: true, stale: [], snapshot: null }), status: () => ({}), metrics: () => '',
    });
    await server.start();
    const port = server.port();
    const closed = await Promise.all(
      Array.from({ length: 100 }, () => new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        sockets.push(socket);
        socket.on('close', () => resolve(true));
        socket.on('error', () => undefined);
        setTimeout(() => resolve(false), 1_000);
      })),
    );
    expect(closed.filter((c) => !c)).toHaveLength(68);
  });
});
