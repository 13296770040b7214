import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const DATA = resolve(process.cwd(), '../shared/data');
const feed = (name: string) => readFileSync(join(DATA, 'feeds', name));

describe('the daemon on real prices and faulty real feeds', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      switch (req.url) {
        case '/guardian':
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          return void res.end(feed('rss-parser__guardian.rss'));
        case '/heise.gz':
          res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-encoding': 'gzip' });
          return void res.end(gzipSync(feed('rss-parser__heise.atom')));
        case '/error':
          res.writeHead(500);
          return void res.end('internal error');
        case '/hang':
          return; // never answers
        case '/html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return void res.end(feed('rss-parser__unrecognized.rss'));
        case '/huge':
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          return void res.end(Buffer.alloc(3 * 1048576, 'a'));
        case '/truncated':
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          return void res.end(feed('rss-parser__guardian.rss').subarray(0, 5000));
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  afterAll(() => server.close());

  it('keeps every loop healthy, quarantines bad bars and isolates broken feeds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-real-'));
    const config = loadConfig({
      env: {
        CONCLAVE_DATA_DIR: dataDir,
        CONCLAVE_MARKET_SOURCE: 'replay',
        CONCLAVE_REPLAY_FILES: JSON.stringify(
          ['backtrader__orcl-1995-2014.txt', 'backtesting.py__GOOG.csv', 'yfinance__ASAI-L-1h-bad-unit.csv', 'freqtrade__ADA_BTC-5m.json'].map((f) => join(DATA, 'ohlcv', f)),
        ),
        // A day of history per 100 ms of clock.
        CONCLAVE_REPLAY_SPEED: String(864_000),
        CONCLAVE_NEWS_SOURCE: 'feed',
        CONCLAVE_NEWS_FEEDS: JSON.stringify(['guardian', 'heise.gz', 'error', 'hang', 'html', 'huge', 'truncated'].map((p) => `${server.url}/${p}`)),
        CONCLAVE_NEWS_LOOKBACK_MS: String(20 * 365 * 86_400_000),
        CONCLAVE_FEED_TIMEOUT_MS: '300',
        CONCLAVE_FEED_MAX_BYTES: String(1048576),
        CONCLAVE_SOURCE_RETRIES: '1',
        CONCLAVE_SOURCE_RETRY_BASE_MS: '20',
        CONCLAVE_BREAKER_FAILURE_THRESHOLD: '2',
        CONCLAVE_BREAKER_COOLDOWN_MS: '1000',
        CONCLAVE_MODEL_SCAN_INTERVAL_MS: '200',
        CONCLAVE_NEWS_SCAN_INTERVAL_MS: '400',
        CONCLAVE_POSITION_CHECK_INTERVAL_MS: '100',
        CONCLAVE_HEALTH_INTERVAL_MS: '250',
        CONCLAVE_MODEL_THRESHOLD: '1.0',
      },
    });
    const logs: Record<string, unknown>[] = [];
    const kernel = await Kernel.create(config, { logDestination: { write: (l: string) => void logs.push(JSON.parse(l)) } });
    await kernel.start();
    await new Promise((r) => setTimeout(r, 4000));
    const liveness = kernel.liveness();
    await kernel.stop();

    expect(liveness).toMatchObject({ ok: true, stale: [] });
    const health = logs.filter((l) => l.msg === 'health').at(-1)!;
    const loops = health.loops as Record<string, { runs: number; errors: number }>;
    for (const [name, loop] of Object.entries(loops)) {
      expect(loop.runs, name).toBeGreaterThan(1);
      expect(loop.errors, name).toBe(0);
    }
    // The ASAI unit error is quarantined and counted; no trade was made on it.
    expect((health.badBars as { quarantined: number }).quarantined).toBeGreaterThan(0);
    // Each feed is its own source with its own breaker; the broken ones are open or failing, the good ones fine.
    const sources = health.sources as Record<string, { state: string; failures: number; successes: number }>;
    const byPath = (p: string) => Object.entries(sources).find(([name]) => name.includes(`/${p}`))?.[1];
    expect(byPath('guardian')!.successes).toBeGreaterThan(0);
    expect(byPath('heise.gz')!.successes).toBeGreaterThan(0);
    for (const bad of ['error', 'hang', 'html', 'huge', 'truncated']) expect(byPath(bad)!.failures + byPath(bad)!.successes, bad).toBeGreaterThan(0);
    expect(byPath('error')!.failures).toBeGreaterThan(0);
    expect(byPath('hang')!.failures).toBeGreaterThan(0);
    expect(byPath('huge')!.failures).toBeGreaterThan(0);
    expect(['open', 'half-open']).toContain(byPath('error')!.state);

    // Opportunities on the replayed symbols were discussed.
    const symbols = new Set(logs.filter((l) => l.msg === 'verdict').map((v) => v.symbol));
    expect([...symbols].some((s) => ['ORCL', 'GOOG', 'ADA_BTC', 'ASAI-L'].includes(s as string))).toBe(true);
  }, 30_000);
});
