import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, fillDialog, pageLive } from '../helpers/dashboard-kernel.js';
import { buyVerdict } from '../helpers/buy-verdict.js';

const TABLES = ['positions', 'verdicts', 'actions', 'backtests'];
// A table's body as its rows' cells: text, colspan and colour; and how many columns its head has.
const table = (id: string) => `(() => {
  const t = document.getElementById('${id}');
  return { head: t.tHead.rows[0].cells.length, rows: Array.from(t.tBodies[0].rows).map((r) => Array.from(r.cells).map((c) => ({ text: c.textContent, span: c.colSpan, color: getComputedStyle(c).color }))) };
})()`;
type Table = { head: number; rows: { text: string; span: number; color: string }[][] };
const DIM = 'rgb(134, 150, 168)';

/**
 * A daemon with nothing to show yet: no position, no verdict, no operator action, no backtest. Each table showed its
 * headers alone, the same as a table whose data had not been read (or could not be): each now says 'none' in one
 * muted row across its columns, and loses it to its first row.
 */
describe('the dashboard’s empty tables', () => {
  it('say none across their columns, until a first row comes', async () => {
    // No opportunity the scanners would publish: nothing is discussed.
    const h = await dashboardKernel({ CONCLAVE_MODEL_THRESHOLD: '1000', CONCLAVE_NEWS_MIN_SENTIMENT: '0.999' });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await page.waitForLoadState('networkidle');
      for (const id of TABLES) {
        const t = (await page.evaluate(table(id))) as Table;
        expect({ id, rows: t.rows }).toEqual({ id, rows: [[{ text: 'none', span: t.head, color: DIM }]] });
      }
      expect(h.kernel.store.db.prepare('SELECT COUNT(*) n FROM verdicts').get()).toEqual({ n: 0 });

      const verdict = buyVerdict('first', h.kernel.clock.now());
      h.kernel.bus.emit('verdict', verdict);
      await page.waitForSelector(`#verdicts tr[data-id="${verdict.verdictId}"]`, { timeout: 5_000 });
      expect(((await page.evaluate(table('verdicts'))) as Table).rows.map((r) => (r[1] ?? r[0])!.text)).toEqual(['BTC/USDT']);

      await fillDialog(page, '#btn-halt', 'ops', 'a first action');
      await page.click('#confirm-ok');
      await expect.poll(async () => ((await page.evaluate(table('actions'))) as Table).rows.map((r) => (r[1] ?? r[0])!.text), { timeout: 5_000 }).toEqual(['halt']);
      expect(((await page.evaluate(table('positions'))) as Table).rows.map((r) => r[0]!.text)).toEqual(['none']);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
