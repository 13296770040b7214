import path from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startDaemon } from '../helpers/daemon-process.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const GUARDIAN = readFileSync(path.resolve(process.cwd(), '../shared/data/feeds/rss-parser__guardian.rss'));
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    const p = req.url ?? '/';
    if (p === '/good') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(GUARDIAN);
    else if (p === '/hang') return;
    else if (p === '/drip') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let i = 0;
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(GUARDIAN.subarray(i, ++i))), 1000);
      res.on('close', () => clearInterval(timer));
    } else if (p === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (p === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

describe('the daemon with hostile feeds', () => {
  it('keeps scanning on time with the good feed while slow, dead and redirecting feeds fail alone', async () => {
    const port = await freePort();
    const urls = ['/drip', '/hang', '/loop', '/to-file', '/good'].map((p) => `${server.url}${p}`);
    const daemon = startDaemon({
      CONCLAVE_DATA_DIR: mkdtempSync(join(tmpdir(), 'conclave-feeds-')),
      CONCLAVE_HTTP_PORT: String(port),
      CONCLAVE_NEWS_SOURCE: 'feed',
      CONCLAVE_NEWS_FEEDS: JSON.stringify(urls),
      CONCLAVE_NEWS_SCAN_INTERVAL_MS: '1500',
      CONCLAVE_HEALTH_INTERVAL_MS: '500',
      CONCLAVE_BREAKER_FAILURE_THRESHOLD: '3',
      CONCLAVE_NEWS_LOOKBACK_MS: String(10 * 365 * 86_400_000),
    });
    await daemon.waitFor((l) => l.msg === 'health');
    const started = Date.now();
    const probes: number[] = [];
    while (Date.now() - started < 9_000) {
      probes.push((await fetch(`http://127.0.0.1:${port}/healthz`)).status);
      await new Promise((r) => setTimeout(r, 300));
    }
    const health = daemon.lines.filter((l) => l.msg === 'health').at(-1) as {
      loops: Record<string, { runs: number; errors: number }>;
      sources: Record<string, { state: string; retries: number; failures: number }>;
    };
    daemon.child.kill('SIGTERM');
    expect((await daemon.exited).code).toBe(0);

    expect(probes.every((s) => s === 200), probes.join(',')).toBe(true);
    // 1.5 s interval over ~10 s: a scan never waits for the slow feeds.
    expect(health.loops.newsScanner!.runs).toBeGreaterThanOrEqual(5);
    expect(health.loops.newsScanner!.errors).toBe(0);
    const count = (p: string) => server.requests.filter((r) => r.path === p).length;
    expect(count('/good')).toBeGreaterThanOrEqual(5);
    // Redirect loops and file: redirects are permanent: never retried, and the breaker opens after 3.
    expect(health.sources[`${server.url}/loop`]).toMatchObject({ state: 'open', retries: 0, failures: 3 });
    expect(health.sources[`${server.url}/to-file`]).toMatchObject({ state: 'open', retries: 0, failures: 3 });
    expect(count('/loop')).toBe(3 * 6);
    expect(count('/to-file')).toBe(3);
    // The dead and the dripping feed are each fetched once at a time, never piled up.
    expect(count('/hang')).toBeLessThanOrEqual(2);
    expect(count('/drip')).toBeLessThanOrEqual(2);
  });
});
