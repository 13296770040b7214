import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pino } from 'pino';
import { EventBus } from '../../src/bus/event-bus.js';
import { LiveClock } from '../../src/core/clock.js';
import { HttpServer } from '../../src/server/http-server.js';

const TOKEN = 'a3f9c2e1d4b5a6978812f0e3c4d5b6a7';
const logs: { msg: string }[] = [];

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
  logs.length = 0;
});

async function start(host: string, token?: string): Promise<string> {
  server = new HttpServer({
    host,
    port: 0,
    ...(token ? { token } : {}),
    clock: new LiveClock(),
    logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) }),
    bus: new EventBus(() => undefined),
    maxBufferedBytes: 64 * 1024,
    heartbeatMs: 60_000,
    health: () => ({ ok: true, stale: [], snapshot: null }),
    status: () => ({ cash: 123456.78 }),
    metrics: () => 'conclave_equity 123456.78\n',
  });
  await server.start();
  // Bound beyond loopback (0.0.0.0 or ::), reached through 127.0.0.1: nothing in a test leaves the machine.
  return `127.0.0.1:${server.port()}`;
}

/** Resolves with the HTTP status of a WebSocket handshake: 101 when it opened, else the refusal's status. */
function wsStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; firstType?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('message', (m) => {
      resolve({ status: 101, firstType: (JSON.parse(m.toString()) as { type: string }).type });
      ws.close();
    });
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const PROTECTED = ['/status', '/metrics', '/', '/nope', '/HEALTHZ', '/healthz/', '//healthz', '/status?x=/healthz', '/dashboard/index.html'];
/** With a token, the cockpit's page is served to anyone (a static file without data; see PAGE_PATH): not these. */
const PROTECTED_BY_TOKEN = PROTECTED.filter((path) => path !== '/');

describe('HTTP access beyond loopback with a token', () => {
  it.each(['0.0.0.0', '::'])('guards every path but /healthz, on %s', async (host) => {
    const at = await start(host, TOKEN);
    expect((await fetch(`http://${at}/healthz`)).status).toBe(200);
    expect((await fetch(`http://${at}/healthz?probe=1`)).status).toBe(200);
    for (const path of PROTECTED_BY_TOKEN) {
      const none = await fetch(`http://${at}${path}`);
      expect(none.status, path).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="conclave"');
      const body = await none.text();
      expect(body).not.toContain('123456');
      expect(body).toMatch(/Authorization: Bearer TOKEN/);
      expect((await fetch(`http://${at}${path}`, { headers: bearer('wrong') })).status, path).toBe(401);
      // Same length as the token, one character off: still refused.
      expect((await fetch(`http://${at}${path}`, { headers: bearer(TOKEN.slice(0, -1) + 'x') })).status, path).toBe(401);
      expect((await fetch(`http://${at}${path}`, { headers: { authorization: `Basic ${TOKEN}` } })).status, path).toBe(401);
    }
    // Other methods are refused before they are told the method is wrong.
    expect((await fetch(`http://${at}/status`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await fetch(`http://${at}/status`, { method: 'HEAD' })).status).toBe(401);
    // The page's path is past the guard for a GET only (this server has no page: 404, not 401).
    expect((await fetch(`http://${at}/`)).status).toBe(404);
    expect((await fetch(`http://${at}/`, { method: 'POST', body: 'x' })).status).toBe(401);

    const status = await fetch(`http://${at}/status`, { headers: bearer(TOKEN) });
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ cash: 123456.78 });
    expect(await (await fetch(`http://${at}/metrics`, { headers: { authorization: `bearer  ${TOKEN}` } })).text()).toContain('conclave_equity');
    expect((await fetch(`http://${at}/status?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`http://${at}/nope`, { headers: bearer(TOKEN) })).status).toBe(404);
    expect((await fetch(`http://${at}/status`, { method: 'POST', body: 'x', headers: bearer(TOKEN) })).status).toBe(405);
    expect(server!.wsStats().rejected).toBeGreaterThanOrEqual(PROTECTED_BY_TOKEN.length * 4 + 2);
  });

  it('guards the WebSocket upgrade on /ws and on any other path', async () => {
    const at = await start('0.0.0.0', TOKEN);
    expect(await wsStatus(`ws://${at}/ws`)).toEqual({ status: 401 });
    expect(await wsStatus(`ws://${at}/ws`, bearer('wrong'))).toEqual({ status: 401 });
    expect(await wsStatus(`ws://${at}/ws?token=wrong`)).toEqual({ status: 401 });
    expect(await wsStatus(`ws://${at}/healthz`)).toEqual({ status: 404 });
    expect(await wsStatus(`ws://${at}/other`)).toEqual({ status: 401 });
    expect(await wsStatus(`ws://${at}/other`, bearer(TOKEN))).toEqual({ status: 404 });
    expect(await wsStatus(`ws://${at}/ws`, bearer(TOKEN))).toEqual({ status: 101, firstType: 'snapshot' });
    expect(await wsStatus(`ws://${at}/ws?token=${TOKEN}`)).toEqual({ status: 101, firstType: 'snapshot' });
    expect(server!.wsStats().clients).toBeLessThanOrEqual(2);
  });

  it('never logs the token, and logs refusals at most once a minute', async () => {
    const at = await start('0.0.0.0', TOKEN);
    for (let i = 0; i < 20; i++) await fetch(`http://${at}/status?token=nope${i}`);
    await fetch(`http://${at}/status?token=${TOKEN}`);
    expect(logs.filter((l) => l.msg.includes('refused'))).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
    expect(JSON.stringify(logs)).not.toContain('nope');
  });
});

describe('HTTP access beyond loopback without a token', () => {
  it('serves /healthz only, and says so at start', async () => {
    const at = await start('0.0.0.0');
    expect((await fetch(`http://${at}/healthz`)).status).toBe(200);
    for (const path of PROTECTED) {
      const res = await fetch(`http://${at}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toMatch(/only \/healthz.*CONCLAVE_HTTP_TOKEN/);
    }
    expect((await fetch(`http://${at}/status?token=anything`, { headers: bearer('anything') })).status).toBe(403);
    expect(await wsStatus(`ws://${at}/ws`)).toEqual({ status: 403 });
    const warning = logs.find((l) => /ONLY \/healthz IS SERVED/.test(l.msg));
    expect(warning).toMatchObject({ level: 40, access: 'healthz-only' });
  });
});

describe('HTTP access on loopback', () => {
  it('is open without a token', async () => {
    const at = await start('127.0.0.1');
    expect((await fetch(`http://${at}/status`)).status).toBe(200);
    expect((await fetch(`http://${at}/metrics`)).status).toBe(200);
    expect(await wsStatus(`ws://${at}/ws`)).toEqual({ status: 101, firstType: 'snapshot' });
    expect(logs.some((l) => /ONLY/.test(l.msg))).toBe(false);
  });

  it('enforces a configured token', async () => {
    const at = await start('127.0.0.1', TOKEN);
    expect((await fetch(`http://${at}/healthz`)).status).toBe(200);
    expect((await fetch(`http://${at}/status`)).status).toBe(401);
    expect((await fetch(`http://${at}/status`, { headers: bearer(TOKEN) })).status).toBe(200);
    expect(await wsStatus(`ws://${at}/ws`)).toEqual({ status: 401 });
    expect(await wsStatus(`ws://${at}/ws`, bearer(TOKEN))).toEqual({ status: 101, firstType: 'snapshot' });
  });
});
