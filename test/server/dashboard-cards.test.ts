import { describe, expect, it } from 'vitest';
import { withChanges } from '../../src/core/with-changes.js';
import { launchBrowser } from '../helpers/chromium.js';
import { atWidths, dashboardKernel } from '../helpers/dashboard-kernel.js';

// Each card's title and figure, with how many lines each takes (the line boxes of its text).
const CARDS = `Array.from(document.querySelectorAll('#cards .card')).map((card) => {
  const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); return new Set(Array.from(r.getClientRects()).map((b) => Math.round(b.top))).size; };
  const k = card.querySelector('.k'); const v = card.querySelector('.v');
  return { k: k.textContent, v: v.textContent, kLines: lines(k), vLines: lines(v), overflow: card.scrollWidth - card.clientWidth };
})`;

type Card = { k: string; v: string; kLines: number; vLines: number; overflow: number };

/**
 * The account's cards, a figure each on one line. The exposure card read '81,073.66 (80.2 %)' in a card too narrow for
 * it: at 1280 px '%)' went alone onto a second line, at 1024 px '(80.2 %)'.
 */
describe('the dashboard’s account cards', () => {
  it('keep every title and figure on one line at 390, 1024, 1280 and 1920 px, the exposure’s share of equity whole', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { store, clock } = h.kernel;
    store.tx(() => {
      const p = { symbol: 'NOVA', qty: 970, avgPrice: 82.6477, openedAt: clock.now(), stopPrice: 80.1234, targetPrice: 91.4321, atr: null, peakPrice: 84.1234, trailingActive: false, markPrice: 83.9876 };
      store.savePosition(p, clock.now());
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash - p.qty * p.avgPrice }), clock.now());
    });
    const browser = await launchBrowser();
    try {
      await atWidths(browser, h.url, [[390, 844], [1024, 800], [1280, 900], [1920, 1080]], async (page, width) => {
        await expect.poll(() => page.textContent('#positions tbody'), { timeout: 5_000 }).toContain('NOVA');
        const cards = (await page.evaluate(CARDS)) as Card[];
        for (const c of cards) expect({ width, ...c }).toMatchObject({ kLines: 1, vLines: 1, overflow: 0 });
        // 970 at 83.9876 of an equity of 100,000 less 970 × (82.6477 - 83.9876): 81,468.0 of 101,299.7.
        expect(cards.find((c) => c.k.startsWith('exposure')), `${width} px`).toMatchObject({ k: 'exposure (80.4 %)', v: '81,467.97' });
      });
    } finally {
      await browser.close();
      await h.kernel.stop();
    }
  }, 60_000);

  it('draws an account of millions smaller to fit its cards, and breaks a figure of a trillion onto two lines, never past the card', async () => {
    const browser = await launchBrowser();
    try {
      for (const [cash, lines] of [[12_345_678.9, 1], [987_654_321_098.76, 2]] as const) {
        // A daemon each: its status is read from the account it opened with.
        const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000', CONCLAVE_STARTING_CASH: String(cash) });
        try {
          await atWidths(browser, h.url, [[390, 844], [1024, 800], [1280, 900]], async (page, width) => {
            const text = cash.toLocaleString('en-US', { minimumFractionDigits: 2 });
            await expect.poll(() => page.textContent('#cards'), { timeout: 5_000 }).toContain(text);
            const cards = (await page.evaluate(CARDS)) as Card[];
            for (const c of cards) expect({ width, ...c }).toMatchObject({ overflow: 0 });
            // Only the cards the figure cannot fit in at the smallest size break it; the others keep one line.
            const cashCard = cards.find((c) => c.k === 'cash');
            expect(cashCard, `${width} px`).toMatchObject({ v: text });
            expect(cashCard!.vLines, `${width} px`).toBeLessThanOrEqual(lines);
            expect(cards.find((c) => c.k === 'fees'), `${width} px`).toMatchObject({ vLines: 1 });
          });
        } finally {
          await h.kernel.stop();
        }
      }
    } finally {
      await browser.close();
    }
  }, 90_000);
});
