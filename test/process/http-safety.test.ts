import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, startDaemon } from '../helpers/daemon-process.js';

const TOKEN = 'process-test-token-0123456789abcdef';
const dataDir = () => mkdtempSync(join(tmpdir(), 'conclave-http-'));
const quick = { CONCLAVE_HEALTH_INTERVAL_MS: '300', CONCLAVE_MODEL_SCAN_INTERVAL_MS: '1000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '1000' };

function wsRefusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
    ws.on('open', () => (resolve(101), ws.close()));
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

describe('the daemon process and its HTTP server', () => {
  it('exits 78 naming httpHost for a host that is no address or name', async () => {
    const daemon = startDaemon({ CONCLAVE_DATA_DIR: dataDir(), CONCLAVE_HTTP_HOST: 'not a host!!', CONCLAVE_HTTP_PORT: '8080' });
    expect((await daemon.exited).code).toBe(78);
    expect(daemon.stderr.join('')).toMatch(/CONCLAVE_HTTP_HOST = "not a host!!"\. Allowed: an IPv4 or IPv6 address/);
  });

  it('exits 1 with the port message on stderr when the port is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const daemon = startDaemon({ CONCLAVE_DATA_DIR: dataDir(), CONCLAVE_HTTP_PORT: String(port) });
      const { code } = await daemon.exited;
      expect(code).toBe(1);
      const stderr = daemon.stderr.join('');
      expect(stderr).toMatch(new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE\\..*choose another port`));
      expect(stderr).not.toMatch(/uncaught/i);
      expect(JSON.stringify(daemon.lines)).not.toMatch(/uncaught exception/);
    } finally {
      blocker.close();
    }
  });

  it('beyond loopback without a token serves /healthz only and says so at start', async () => {
    const port = await freePort();
    const daemon = startDaemon({ CONCLAVE_DATA_DIR: dataDir(), CONCLAVE_HTTP_HOST: '0.0.0.0', CONCLAVE_HTTP_PORT: String(port), ...quick });
    await daemon.waitFor((l) => l.msg === 'health');
    expect(daemon.lines.some((l) => l.level === 'warn' && /ONLY \/healthz IS SERVED/.test(String(l.msg)))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    for (const path of ['/status', '/metrics', '/']) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(403);
    expect(await wsRefusal(`ws://127.0.0.1:${port}/ws`)).toBe(403);
    daemon.child.kill('SIGTERM');
    expect((await daemon.exited).code).toBe(0);
  });

  it('beyond loopback with a token requires it everywhere but /healthz and the page, and never logs it', async () => {
    const port = await freePort();
    const daemon = startDaemon({
      CONCLAVE_DATA_DIR: dataDir(), CONCLAVE_HTTP_HOST: '0.0.0.0', CONCLAVE_HTTP_PORT: String(port), CONCLAVE_HTTP_TOKEN: TOKEN, ...quick,
    });
    await daemon.waitFor((l) => l.msg === 'health');
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // The cockpit's page is one static file without data, served without the token (its data is not).
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    for (const path of ['/status', '/metrics', '/api/overview', '/nope']) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: 'Bearer not-it' } })).status, path).toBe(401);
    }
    expect((await fetch(`http://127.0.0.1:${port}/status`, { headers: auth })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth })).status).toBe(200);
    expect(await wsRefusal(`ws://127.0.0.1:${port}/ws`)).toBe(401);
    expect(await wsRefusal(`ws://127.0.0.1:${port}/ws`, auth)).toBe(101);
    expect(await wsRefusal(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`)).toBe(101);
    daemon.child.kill('SIGTERM');
    expect((await daemon.exited).code).toBe(0);
    expect(JSON.stringify(daemon.lines) + daemon.stderr.join('')).not.toContain(TOKEN);
  });
});
