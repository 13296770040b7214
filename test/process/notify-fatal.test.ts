import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { startDaemon } from '../helpers/daemon-process.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { fakeEndpoint } from '../notify/fakes.js';

const SECRET = 'T00/B00/processSECRET';

describe('the daemon process with a webhook', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('tells the webhook of the fatal error it exits on, and never logs the webhook URL', async () => {
    // Something else holds the HTTP port: the daemon cannot start and exits 1.
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const port = (squatter.address() as { port: number }).port;
    const hook: LoopbackServer & { received: { body: Record<string, unknown> }[] } = await fakeEndpoint(new VirtualClock());
    closers.push(() => hook.close());

    const daemon = startDaemon({
      CONCLAVE_DATA_DIR: mkdtempSync(join(tmpdir(), 'conclave-fatal-')),
      CONCLAVE_HTTP_PORT: String(port),
      CONCLAVE_NOTIFY_WEBHOOK_URL: `${hook.url}/services/${SECRET}`,
      CONCLAVE_NOTIFY_WEBHOOK_FORMAT: 'slack',
    });
    const { code } = await daemon.exited;
    expect(code).toBe(1);
    expect(hook.received).toHaveLength(1);
    const text = hook.received[0]!.body.text as string;
    expect(text).toContain('conclave is stopping on a fatal error');
    expect(text).toContain('EADDRINUSE');
    expect(text).toContain(String(port));
    expect(JSON.stringify(daemon.lines) + daemon.stderr.join('')).not.toContain(SECRET);
    // The log says why once, before what stopped: no stop requested or begun after the account's closing line.
    const said = daemon.lines.map((l) => String(l.msg));
    const why = said.filter((m) => m.startsWith('conclave cannot start: ') && m.includes('EADDRINUSE'));
    expect(why).toHaveLength(1);
    expect(said.indexOf(why[0]!)).toBeLessThan(said.indexOf('conclave stopped; store closed'));
    expect(said.slice(said.indexOf('conclave stopped; store closed') + 1)).toEqual([]);
  });
});
