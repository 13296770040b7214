import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

// Its figure, whole or not ('15.0 s' before).
const COUNTDOWN = /^disconnected; reconnecting in ([\d.]+) s$/;
const TRYING = 'disconnected; trying to reconnect…';

/**
 * The header once the daemon has gone: it said 'disconnected; reconnecting in 15.0 s' for the whole wait, and the same
 * while the page was trying. It counts down to the next attempt in whole seconds, and says when it is trying. The
 * page's clock is Playwright's fake one, paused, so its waits (0.5, 1, 2, 4, 8 s, then 15 s) pass when the test says.
 */
describe('the dashboard while the daemon is away', () => {
  it('counts down to the next attempt to reconnect, and says when it is trying', async () => {
    const h = await dashboardKernel();
    const { page, errors, close } = await openPage(h.url);
    // A server on the daemon's port that takes connections and never answers: an attempt that stays under way.
    const held = new Set<Socket>();
    const silent = createServer((s) => held.add(s));
    const conn = async () => (await page.textContent('#conn')) ?? '';
    const seconds = async () => Number(COUNTDOWN.exec(await conn())?.[1] ?? NaN);
    try {
      await page.clock.install();
      await page.reload();
      await pageLive(page);
      await page.clock.pauseAt((await page.evaluate('Date.now()')) as number + 1_000);
      await h.kernel.stop();
      // The attempts after 0.5, 1, 2 and 4 s are refused (nothing listens): the wait doubles each time.
      for (const wait of [500, 1_000, 2_000, 4_000]) {
        await expect.poll(async () => Math.ceil(await seconds()), { timeout: 5_000 }).toBe(Math.ceil(wait / 1000));
        await page.clock.runFor(wait);
      }
      await expect.poll(seconds, { timeout: 5_000 }).toBe(8);
      // Second by second, the page's own 1 s timer counts it down (its beat need not fall on the attempt's).
      const shown = [];
      for (let i = 0; i < 7; i++) {
        await page.clock.runFor(1_000);
        shown.push(await seconds());
      }
      const late = shown[0] === 8 ? 1 : 0;
      expect(shown).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => n + late));
      await new Promise<void>((resolve) => silent.listen(h.port, '127.0.0.1', resolve));
      await page.clock.runFor(1_000);
      await expect.poll(conn, { timeout: 5_000 }).toBe(TRYING);
      await expect.poll(() => held.size, { timeout: 5_000 }).toBeGreaterThan(0);
      // The attempt fails: the next is 15 s away, the longest wait.
      for (const s of held) s.destroy();
      await expect.poll(conn, { timeout: 5_000 }).toBe('disconnected; reconnecting in 15 s');
      expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load/.test(e))).toEqual([]);
    } finally {
      for (const s of held) s.destroy();
      silent.close();
      await close();
    }
  }, 60_000);
});
