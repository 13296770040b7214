import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startDaemon } from '../helpers/daemon-process.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { attributeHeavyFeed } from '../news/attribute-heavy-feed.js';

const HEAVY = attributeHeavyFeed();
let server: LoopbackServer;
const dataDir = mkdtempSync(join(tmpdir(), 'news-thread-'));
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.url === '/heavy') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(HEAVY);
    else res.writeHead(404).end();
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Health = { loops: Record<string, { runs: number; errors: number }>; feedParser?: { offThread: number; inline: number; restarts: number } };

describe('the daemon with a 5 MB feed', () => {
  it('parses it on the feed parser thread, and stops the thread with itself', async () => {
    const daemon = startDaemon({
      CONCLAVE_DATA_DIR: dataDir,
      CONCLAVE_HTTP_PORT: String(await freePort()),
      CONCLAVE_NEWS_SOURCE: 'feed',
      CONCLAVE_NEWS_FEEDS: JSON.stringify([`${server.url}/heavy`]),
      CONCLAVE_NEWS_SCAN_INTERVAL_MS: '1000',
      CONCLAVE_HEALTH_INTERVAL_MS: '300',
    });
    const line = (await daemon.waitFor((l) => ((l as Health).feedParser?.offThread ?? 0) >= 2)) as Health;
    daemon.child.kill('SIGTERM');
    const { code } = await daemon.exited;
    expect(code, daemon.stderr.join('')).toBe(0);
    expect(line.feedParser).toMatchObject({ inline: 0, restarts: 0 });
    const health = daemon.lines.filter((l) => l.msg === 'health').at(-1) as Health;
    expect(health.loops.newsScanner!.errors).toBe(0);
  });
});
