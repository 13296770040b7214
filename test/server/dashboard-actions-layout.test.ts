import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/chromium.js';
import { atWidths, dashboardKernel } from '../helpers/dashboard-kernel.js';

// The operator actions' panel: how far its table reaches past it (px), the left edges of the why's title and of its
// text, and the first cell's text.
const ACTIONS = `(() => {
  const t = document.getElementById('actions');
  const p = t.closest('.panel');
  const left = (el) => { const r = document.createRange(); r.selectNodeContents(el); return Math.round(r.getClientRects()[0].left); };
  const row = t.tBodies[0].rows[0];
  return { hidden: p.scrollWidth - p.clientWidth, whyTitle: left(t.tHead.rows[0].cells[3]), why: left(row.cells[3]), time: row.cells[0].textContent };
})()`;

/**
 * An operator action's why, the one free text of the table: beside a time and a who that never wrapped, a quarter of
 * a 1920 px window left it a word a line, cut at the panel's edge, and a phone (390 px) showed none of it; its title
 * stood on the right over text on the left.
 */
describe('the dashboard’s operator actions', () => {
  it('show the why whole, under its title, at 390, 1024, 1280 and 1920 px', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const halted = await fetch(`${h.url}api/halt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'ana', reason: 'news of a trading halt on the exchange, waiting for it to pass', confirm: true, flatten: false }),
    });
    expect(halted.status).toBe(200);
    const browser = await launchBrowser();
    try {
      await atWidths(browser, h.url, [[390, 844], [1024, 800], [1280, 900], [1920, 1080]], async (page, width) => {
        await expect.poll(() => page.textContent('#actions tbody'), { timeout: 5_000 }).toContain('waiting for it to pass');
        const a = (await page.evaluate(ACTIONS)) as { hidden: number; whyTitle: number; why: number; time: string };
        expect({ width, ...a }).toEqual({ width, hidden: 0, whyTitle: a.why, why: a.why, time: '2026-01-05 00:00:00' });
      });
    } finally {
      await browser.close();
      await h.kernel.stop();
    }
  }, 60_000);
});
