import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/daemon-process.js';
import { virtualKernel, type Harness } from '../helpers/kernel-harness.js';

/** One daemon serving the dashboard on loopback, for both blocks below. */
let h: Harness;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  h = await virtualKernel({ CONCLAVE_HTTP_PORT: String(port) });
  base = `http://127.0.0.1:${port}`;
  await h.kernel.start();
});
afterAll(async () => h?.kernel.stop());

/** What a client gets for a request that is wrong: a 4xx that says why, and nothing for the operator's error log. */
describe('the dashboard API with bad input', () => {
  const errors = () => h.logs.filter((l) => (l.level as number) >= 50);

  it('answers a malformed percent-escape in a path with 400, not a logged internal error', async () => {
    for (const path of ['/api/verdicts/%E0%A4%A', '/api/bars/%ZZ', '/backtests/%ZZ/report.html']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/not valid percent-encoding/);
    }
    expect(errors()).toEqual([]);
  });

  it('refuses a kill-switch request that is not confirmed, not JSON, too large or says nobody', async () => {
    const post = (body: string) => fetch(`${base}/api/halt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{"who":"op","reason":"r"}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await post('[1,2]')).status).toBe(400);
    expect((await post(JSON.stringify({ confirm: true, who: 7, reason: 'r' }))).status).toBe(400);
    expect((await post(JSON.stringify({ confirm: true, who: '  ', reason: 'r' }))).status).toBe(400);
    expect((await post(JSON.stringify({ confirm: true, who: 'op', reason: 'x'.repeat(20_000) }))).status).toBe(413);
    // "flatten": "true" from a script halted without closing anything, and answered 200.
    for (const flatten of ['true', 1, null]) {
      const res = await post(JSON.stringify({ confirm: true, who: 'op', reason: 'r', flatten }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(`"flatten" is ${JSON.stringify(flatten)}: send true (close the open positions) or false; nothing was halted`);
    }
    expect(h.kernel.killSwitch.isHalted()).toBe(false);
    expect((await fetch(`${base}/api/halt`, { method: 'PUT' })).status).toBe(405);
    // A GET of an endpoint that takes a POST said "no such endpoint".
    const get = await fetch(`${base}/api/resume`);
    expect([get.status, get.headers.get('allow'), ((await get.json()) as { error: string }).error]).toEqual([405, 'POST', '/api/resume takes a POST with a JSON body (what the cockpit\'s halt and resume buttons send)']);
    expect(errors()).toEqual([]);
  });

  it('tells the page what to do when the halt file cannot be changed', async () => {
    // A halt file the daemon cannot remove (here a folder in its place; a read-only data dir does the same).
    mkdirSync(join(h.dataDir, 'HALT'));
    try {
      const res = await fetch(`${base}/api/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirm: true, who: 'op', reason: 'r' }) });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: string }).error).toMatch(/cannot remove halt file .*HALT.*remove it by hand/);
    } finally {
      rmdirSync(join(h.dataDir, 'HALT'));
    }
  });
});

describe('the dashboard routes with other methods and paths', () => {
  // Before, these got no answer at all: the socket hung until the server's 15 s request timeout.
  it.each([
    ['HEAD', '/', 200],
    // A monitor's HEAD probe of the API is a GET without the body (it was refused with a 405).
    ['HEAD', '/api/overview', 200],
    ['HEAD', '/api/nothing', 404],
    ['PUT', '/api/overview', 405],
    ['POST', '/', 405],
    ['DELETE', '/', 405],
    ['GET', '/backtests/', 404],
    ['GET', '/backtests/some-run', 404],
    ['GET', '/backtests/some-run/equity.csv', 404],
    // A path there is not is not found, whatever the method; a 405 says what the path takes (RFC 9110: Allow).
    ['POST', '/nonexistent', 404, null],
    ['POST', '/healthz', 405, 'GET, HEAD'],
    ['DELETE', '/status', 405, 'GET, HEAD'],
    ['POST', '/api/overview', 405, 'GET, HEAD'],
    ['GET', '/api/report-access', 405, 'POST'],
    ['DELETE', '/api/halt', 405, 'POST'],
    ['POST', '/api/nonexistent', 404, null],
    ['DELETE', '/api/nonexistent', 404, null],
    ['POST', '/backtests/foo', 404, null],
    ['POST', '/api/verdicts/v-1', 405, 'GET, HEAD'],
    // The WebSocket's path without the handshake: the 404 sent the client to /ws.
    ['GET', '/ws', 426, null],
  ])('answers %s %s at once with %i', async (method, path, status, allow?: string | null) => {
    const res = await fetch(base + path, { method, signal: AbortSignal.timeout(3_000) });
    expect(res.status).toBe(status);
    if (allow !== undefined) expect(res.headers.get('allow')).toBe(allow);
    if (status === 426) expect(res.headers.get('upgrade')).toBe('websocket');
    if (method === 'HEAD' && path === '/') expect(res.headers.get('content-type')).toMatch(/text\/html/);
    if (method === 'HEAD') expect(await res.text()).toBe('');
  });
});
