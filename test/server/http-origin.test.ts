import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../helpers/daemon-process.js';
import { virtualKernel, type Harness } from '../helpers/kernel-harness.js';

/**
 * A page of another site, open in the operator's browser, reaches a daemon on 127.0.0.1 as well as the dashboard
 * does. Before this check, a text/plain POST (no CORS preflight) from any site halted and flattened a daemon on
 * loopback without a token, and a rebound host name (Host: evil.example) read /status.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.kernel.stop();
  h = null;
});

async function daemon(env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  h = await virtualKernel(Object.assign({ CONCLAVE_HTTP_PORT: String(port) }, env));
  await h.kernel.start();
  return port;
}

/** A raw request, so Host and Origin are exactly what a browser would send. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const HALT = JSON.stringify({ confirm: true, who: 'mallory', reason: 'csrf', flatten: true });

function wsOpens(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

describe('requests from other sites', () => {
  it('refuses a cross-site POST to the kill switch on an open loopback server', async () => {
    const port = await daemon();
    const res = await send(port, 'POST', '/api/halt', { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' }, HALT);
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/cross-site request.*evil\.example/);
    expect(h!.kernel.killSwitch.isHalted()).toBe(false);
    // A sandboxed frame says its origin is "null": refused as well.
    expect((await send(port, 'POST', '/api/halt', { host: `127.0.0.1:${port}`, origin: 'null' }, HALT)).status).toBe(403);
    expect(h!.kernel.killSwitch.isHalted()).toBe(false);
    // The dashboard itself, on 127.0.0.1 or localhost: its POST carries its own origin.
    const own = await send(port, 'POST', '/api/resume', { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'content-type': 'application/json' }, JSON.stringify({ confirm: true, who: 'op', reason: 'r' }));
    expect(own.status).toBe(200);
    expect((await send(port, 'GET', '/status', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await send(port, 'GET', '/status', { host: `[::1]:${port}` })).status).toBe(200);
  });

  it('refuses a host name that is not this machine (DNS rebinding) on an open loopback server', async () => {
    const port = await daemon();
    const res = await send(port, 'GET', '/status', { host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/evil\.example.*CONCLAVE_HTTP_TOKEN/);
    expect(res.body).not.toMatch(/cash/);
    // Its own page, same origin as far as the browser knows: refused all the same.
    expect((await send(port, 'POST', '/api/halt', { host: `evil.example:${port}`, origin: `http://evil.example:${port}` }, HALT)).status).toBe(403);
    expect(h!.kernel.killSwitch.isHalted()).toBe(false);
    // /healthz stays open to every probe.
    expect((await send(port, 'GET', '/healthz', { host: `evil.example:${port}` })).status).not.toBe(403);
    expect(h!.logs.some((l) => l.msg === 'http request refused')).toBe(true);
  });

  it('refuses a cross-site WebSocket, which the same-origin policy does not cover', async () => {
    const port = await daemon();
    expect(await wsOpens(port, { origin: 'https://evil.example' })).toBe(403);
    expect(await wsOpens(port, { origin: `http://127.0.0.1:${port}` })).toBe(101);
  });

  it('leaves a server with a token to its token: a proxy may serve it under any name', async () => {
    const port = await daemon({ CONCLAVE_HTTP_TOKEN: 'origin-test-token' });
    const bearer = 'Bearer origin-test-token';
    // A page elsewhere has no token: refused by the token check.
    expect((await send(port, 'POST', '/api/halt', { origin: 'https://evil.example', host: `127.0.0.1:${port}` }, HALT)).status).toBe(401);
    expect(h!.kernel.killSwitch.isHalted()).toBe(false);
    // nginx's default passes its upstream as Host, while the browser's Origin is the public name.
    const proxied = await send(port, 'POST', '/api/halt', { origin: 'https://conclave.example.org', host: `127.0.0.1:${port}`, authorization: bearer }, HALT);
    expect(proxied.status).toBe(200);
    expect(h!.kernel.killSwitch.isHalted()).toBe(true);
    expect((await send(port, 'GET', '/status', { host: 'conclave.example.org', authorization: bearer })).status).toBe(200);
  });
});
