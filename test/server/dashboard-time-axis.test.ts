import { describe, expect, it } from 'vitest';
import { framesPass, openPage, recordTimeLabels, type TimeLabel } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/** The equity chart's first time label, centred on the first point, was cut by the left edge (")5:35"). */
describe('the dashboard charts', () => {
  it('draw every time label whole, the first included', async () => {
    const h = await dashboardKernel();
    await runFor(h.clock, 3 * 3600_000);
    const { page, close, errors } = await openPage(h.url);
    try {
      await page.addInitScript(recordTimeLabels(/^\d{1,2}:\d{2}$/));
      await page.reload({ waitUntil: 'load' });
      await pageLive(page);
      await expect.poll(async () => ((await page.evaluate('window.__timeLabels')) as unknown[]).length, { timeout: 10_000 }).toBeGreaterThan(2);
      await framesPass(page);
      const labels = (await page.evaluate('window.__timeLabels')) as TimeLabel[];
      for (const l of labels) {
        expect(l.left, `"${l.text}"`).toBeGreaterThanOrEqual(-1);
        expect(l.right, `"${l.text}"`).toBeLessThanOrEqual(l.width + 1);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
