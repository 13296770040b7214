import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { freePort } from '../helpers/daemon-process.js';
import { virtualKernel } from '../helpers/kernel-harness.js';

/**
 * The page open while the operator restarts the daemon with a new token. Its socket and API calls are refused (401),
 * which a browser's WebSocket cannot see: the page said "disconnected; reconnecting" for ever, as if the daemon were
 * down, while it ran. It must say that its token is refused and how to open it again.
 */
describe('the dashboard when its token is no longer accepted', () => {
  it('says the token is refused, not that the daemon is unreachable', async () => {
    const port = await freePort();
    const env = (token: string) => ({ CONCLAVE_HTTP_PORT: String(port), CONCLAVE_HTTP_TOKEN: token, CONCLAVE_WS_HEARTBEAT_MS: String(24 * 3600_000) });
    const first = await virtualKernel(env('first-token-1234'));
    await first.kernel.start();
    const { page, close } = await openPage(`http://127.0.0.1:${port}/?token=first-token-1234`);
    try {
      await expect.poll(() => page.textContent('#conn'), { timeout: 10_000 }).toBe('live');
      await first.kernel.stop();
      const second = await virtualKernel(env('second-token-5678'), {}, first.dataDir);
      await second.kernel.start();
      try {
        await expect.poll(() => page.textContent('#conn'), { timeout: 20_000 }).toMatch(/token.*refused.*\?token=/);
      } finally {
        await second.kernel.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);
});
