import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

/**
 * The page open while the operator restarts the daemon with a new token. Its socket and API calls are refused (401),
 * which a browser's WebSocket cannot see: the page said "disconnected; reconnecting" for ever, as if the daemon were
 * down, while it ran. It must say that its token is refused and how to open it again.
 */
describe('the dashboard when its token is no longer accepted', () => {
  it('says the token is refused, not that the daemon is unreachable', async () => {
    const first = await dashboardKernel({ CONCLAVE_HTTP_TOKEN: 'first-token-1234' });
    const { page, close } = await openPage(`${first.url}?token=first-token-1234`);
    try {
      await pageLive(page);
      await first.kernel.stop();
      const second = await dashboardKernel({ CONCLAVE_HTTP_TOKEN: 'second-token-5678' }, { port: first.port, dataDir: first.dataDir });
      try {
        await expect.poll(() => page.textContent('#conn'), { timeout: 20_000 }).toMatch(/token.*refused.*\?token=/);
      } finally {
        await second.kernel.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);

  it("takes a base64 token's '+' as itself, in the page's address and in a query (it became a space: every call refused)", async () => {
    const token = 'k9+Qz/Xw7Lm2+a=';
    const h = await dashboardKernel({ CONCLAVE_HTTP_TOKEN: token });
    const { page, close } = await openPage(`${h.url}?token=${token}`);
    try {
      await pageLive(page);
      expect((await fetch(`${h.url}api/overview?token=${token}`)).status).toBe(200);
      expect((await fetch(`${h.url}api/overview?token=${encodeURIComponent(token)}`)).status).toBe(200);
      expect((await fetch(`${h.url}api/overview?token=${token.replace(/\+/g, ' ')}`)).status).toBe(401);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
