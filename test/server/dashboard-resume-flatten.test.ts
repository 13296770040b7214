import { describe, expect, it } from 'vitest';
import { withChanges } from '../../src/core/with-changes.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { haltFile } from '../../src/kernel/kernel-paths.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, fillDialog, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor, type Harness } from '../helpers/kernel-harness.js';

/**
 * A resume from the cockpit while a halt --flatten is still closing positions. `conclave resume` names what the
 * flatten left open; the cockpit answered `{"ok":true}` and the page said nothing, its HALTED badge going away as if
 * the positions had been closed.
 */
function holdAndFlatten(h: Harness): void {
  const { store } = h.kernel;
  const now = h.clock.now();
  store.tx(() => {
    for (const [symbol, at] of [['AAA/USDT', 100], ['BBB/USDT', 50]] as const) {
      store.savePosition({ symbol, qty: 1, avgPrice: at, openedAt: now, stopPrice: at * 0.9, targetPrice: null, atr: null, peakPrice: at, trailingActive: false, markPrice: at }, now);
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash - at }), now);
    }
  });
  // Engaged as `conclave halt --flatten` does; no position check runs before the resume (the clock does not move).
  new KillSwitch({ file: haltFile(h.config), mode: 'paper' }).halt('exchange outage', true);
}

const LEFT = '; the flatten asked for had not finished: AAA/USDT, BBB/USDT stay open under their stops (`conclave halt --flatten` closes them)';

describe('a resume from the cockpit during a flatten', () => {
  it('answers with the positions the flatten left open, as `conclave resume` says them', async () => {
    const h = await dashboardKernel();
    try {
      holdAndFlatten(h);
      const answer = await fetch(`${h.url}api/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirm: true, who: 'ana', reason: 'outage over' }) });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ ok: true, halted: false, flattenLeft: { positions: ['AAA/USDT', 'BBB/USDT'], exits: 0 }, message: `resumed: entries allowed again${LEFT}` });
      expect(h.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('kill switch: resumed from the dashboard'))?.msg).toBe(`kill switch: resumed from the dashboard${LEFT}`);
      // A halt without a flatten leaves nothing unfinished: the answer has no message.
      new KillSwitch({ file: haltFile(h.config), mode: 'paper' }).halt('news pending');
      const plain = await fetch(`${h.url}api/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirm: true, who: 'ana', reason: 'news out' }) });
      expect(Object.keys((await plain.json()) as object).sort()).toEqual(['action', 'halted', 'ok']);
    } finally {
      await h.kernel.stop();
    }
  });

  it('in a browser: the page says what the flatten left open after the resume', async () => {
    const h = await dashboardKernel();
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      holdAndFlatten(h);
      await fillDialog(page, '#btn-resume', 'ops', 'outage over');
      await page.click('#confirm-ok');
      await expect.poll(() => page.isVisible('#action-error'), { timeout: 5_000 }).toBe(true);
      expect(await page.textContent('#action-error')).toBe(`Resume trading: resumed: entries allowed again${LEFT}`);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);

  it('in a browser: the page says beside HALTED whether the flatten is under way or done', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      expect(await page.isHidden('#halt-flatten')).toBe(true);
      // Nothing held: the next position check (each minute) finds the flatten done.
      new KillSwitch({ file: haltFile(h.config), mode: 'paper' }).halt('exchange outage', true);
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.textContent('#halt-flatten'), { timeout: 5_000 }).toBe('FLATTEN UNDER WAY');
      expect(await page.isVisible('#halt-flatten')).toBe(true);
      await runFor(h.clock, 60_000, 5_000);
      await expect.poll(() => page.textContent('#halt-flatten'), { timeout: 5_000 }).toBe('FLATTEN DONE');
      new KillSwitch({ file: haltFile(h.config), mode: 'paper' }).resume();
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.isHidden('#halt-flatten'), { timeout: 5_000 }).toBe(true);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
