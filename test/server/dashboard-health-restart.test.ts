import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/**
 * The page open across a restart of a daemon with a short health interval: once the socket was back, the health panel
 * said "no health line since (is the daemon hung?)" until the new daemon's first line, its silence counted from the
 * last line of the daemon before, the restart's length included. A false alarm: the new one had had no time to write.
 */
describe('the dashboard’s health panel across a restart', () => {
  it('does not call a daemon just back hung before its first health line is due', async () => {
    const first = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '2000' });
    const { page, close } = await openPage(first.url);
    try {
      await pageLive(page);
      await runFor(first.clock, 10_000, 2_000);
      await expect.poll(() => page.locator('#health > *').count(), { timeout: 5_000 }).toBeGreaterThan(0);
      await first.kernel.stop();
      await expect.poll(() => page.textContent('#conn'), { timeout: 5_000 }).toMatch(/^disconnected/);
      // As if the restart took 20 s (past the panel's 15 s of silence): the page's last line is made that old.
      await page.evaluate('lastHealth -= 20_000');
      const back = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '2000' }, { port: first.port, dataDir: first.dataDir });
      try {
        await expect.poll(() => page.textContent('#conn'), { timeout: 20_000 }).toBe('connected');
        await page.evaluate('markHealth()'); // the judgement its every-second timer makes, made now: no wait on real time
        expect(await page.textContent('#health-age')).toBe('');
        expect(await page.getAttribute('#health', 'class')).not.toContain('stale');
      } finally {
        await back.kernel.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);
});

describe('the dashboard’s health panel with a long health interval', () => {
  it('waits three of the daemon’s own intervals before calling it hung, not three of the default', async () => {
    const daemon = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '120000' });
    const { page, close } = await openPage(daemon.url);
    try {
      await pageLive(page);
      await runFor(daemon.clock, 130_000, 10_000);
      await expect.poll(() => page.locator('#health > *').count(), { timeout: 5_000 }).toBeGreaterThan(0);
      // As if 100 s had passed since the line and the socket's opening: past three default intervals (90 s), within
      // one of this daemon's 120 s.
      await page.evaluate('lastHealth -= 100_000; openedAt -= 100_000');
      await page.evaluate('markHealth()'); // the judgement its every-second timer makes, made now: no wait on real time
      expect(await page.evaluate('document.getElementById("health").classList.contains("stale")')).toBe(false);
    } finally {
      await close();
      await daemon.kernel.stop();
    }
  }, 60_000);
});
