import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

// Per column of a table: its title's alignment and its first row's.
const ALIGNMENT = (id: string) => `(() => {
  const t = document.getElementById(${JSON.stringify(id)});
  const align = (cell) => getComputedStyle(cell).textAlign;
  return { titles: [...t.tHead.rows[0].cells].map(align), cells: [...t.tBodies[0].rows[0].cells].map(align) };
})()`;

/**
 * The verdicts' symbol, action, outcome and source stood right-aligned, as figures do, a panel's width from the time
 * they belong to; the operator actions' action and who likewise. Words are on the left now, figures on the right, and
 * every title over its column.
 */
describe('the dashboard’s tables', () => {
  it('align words left and figures right, each title as its column', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '60000' });
    // A halt (recorded as an operator action) before the page opens, which lists it; verdicts are still decided.
    const halted = await fetch(`${h.url}api/halt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'ana', reason: 'checking the columns', confirm: true, flatten: false }),
    });
    expect(halted.status).toBe(200);
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      for (let i = 0; i < 24 && (await page.$('#verdicts tbody tr[data-id]')) === null; i++) await runFor(h.clock, 600_000);
      await expect.poll(() => page.textContent('#actions tbody'), { timeout: 5_000 }).toContain('checking the columns');

      const verdicts = (await page.evaluate(ALIGNMENT('verdicts'))) as { titles: string[]; cells: string[] };
      // time, symbol, action, outcome, conviction, score, from
      const words = ['left', 'left', 'left', 'left', 'right', 'right', 'left'];
      expect(verdicts).toEqual({ titles: words, cells: words });
      const actions = (await page.evaluate(ALIGNMENT('actions'))) as { titles: string[]; cells: string[] };
      expect(actions).toEqual({ titles: ['left', 'left', 'left', 'left'], cells: ['left', 'left', 'left', 'left'] });
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
