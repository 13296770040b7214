import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/**
 * An operator may have only a phone at hand to halt the daemon. At 390 px the page laid out 478 px wide: its panels'
 * 460 px minimum column and a header that never wrapped put Resume and half of every card out of sight.
 */
describe('the dashboard on a phone-sized window', () => {
  it('fits the window, with every button of the header within reach', async () => {
    const h = await dashboardKernel();
    const { page, close, errors } = await openPage(h.url, { width: 390, height: 844 });
    try {
      await pageLive(page);
      await expect.poll(() => page.locator('#cards .card').count()).toBeGreaterThan(0);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      for (const id of ['btn-halt', 'btn-flatten', 'btn-resume']) {
        const box = (await page.locator(`#${id}`).boundingBox())!;
        expect(box.x, id).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, id).toBeLessThanOrEqual(390);
      }
      for (const card of await page.locator('#cards .card').all()) {
        const box = (await card.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      // A discussion's rationale takes the width on its own line: beside the figures it was 3 letters a line, cut off.
      let verdictId: string | undefined;
      const off = h.kernel.bus.on('verdict', (e) => {
        off();
        verdictId = e.verdictId;
      });
      for (let i = 0; i < 48 && verdictId === undefined; i++) await runFor(h.clock, 600_000);
      await page.evaluate(`openDiscussion(${JSON.stringify(verdictId)})`);
      const rationale = page.locator('#discussion table.agents td.rationale').first();
      await rationale.waitFor({ timeout: 5_000 });
      const box = (await rationale.boundingBox())!;
      expect(box.width).toBeGreaterThan(250);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
