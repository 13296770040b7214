import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, fillDialog, pageLive } from '../helpers/dashboard-kernel.js';

/**
 * Enter in the halt dialog's last field submitted the form with its first button, Cancel: the dialog closed, nothing
 * was halted, and nothing said so. An operator halting from a phone's keyboard would walk away with trading on.
 */
describe('the kill-switch dialog', () => {
  it('halts on Enter once who and why are filled in, and does nothing on Cancel', async () => {
    const h = await dashboardKernel();
    const { page, close, errors } = await openPage(h.url);
    try {
      await pageLive(page);
      await fillDialog(page, '#btn-halt', 'ops', 'cancelled');
      await page.click('#confirm-cancel');
      expect(await page.isVisible('#confirm')).toBe(false);
      await page.waitForTimeout(300);
      expect(h.kernel.killSwitch.isHalted()).toBe(false);

      await fillDialog(page, '#btn-halt', 'ops', 'from the keyboard');
      await page.press('#confirm-why', 'Enter');
      await expect.poll(() => h.kernel.killSwitch.isHalted(), { timeout: 5_000 }).toBe(true);
      await expect.poll(() => page.isVisible('#halted'), { timeout: 5_000 }).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
