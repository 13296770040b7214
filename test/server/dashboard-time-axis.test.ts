import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/** Every time label drawn on the page's charts, with its edges and its canvas's width (px), as the library drew it. */
const RECORD_TIME_LABELS = `(() => {
  const labels = (window.__timeLabels = []);
  const draw = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, max) {
    if (this.textAlign === 'center' && /^\\d{1,2}:\\d{2}$/.test(text)) {
      const half = this.measureText(text).width / 2;
      const scale = this.getTransform().a;
      labels.push({ text, left: x - half, right: x + half, width: this.canvas.width / scale });
    }
    return draw.call(this, text, x, y, max);
  };
})()`;

/** The equity chart's first time label, centred on the first point, was cut by the left edge (")5:35"). */
describe('the dashboard charts', () => {
  it('draw every time label whole, the first included', async () => {
    const h = await dashboardKernel();
    await runFor(h.clock, 3 * 3600_000);
    const { page, close, errors } = await openPage(h.url);
    try {
      await page.addInitScript(RECORD_TIME_LABELS);
      await page.reload({ waitUntil: 'load' });
      await pageLive(page);
      await expect.poll(async () => ((await page.evaluate('window.__timeLabels')) as unknown[]).length, { timeout: 10_000 }).toBeGreaterThan(2);
      await page.waitForTimeout(300);
      const labels = (await page.evaluate('window.__timeLabels')) as { text: string; left: number; right: number; width: number }[];
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
