import { spawnSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, openPage } from '../helpers/chromium.js';
import { ORCL, tempDir } from './helpers.js';

/** Every table of the page against the card that holds it: how far (px) its right edge sticks out. */
const OVERFLOWS = `Array.from(document.querySelectorAll('section.card table')).map((t) => {
  const card = t.closest('section.card').getBoundingClientRect();
  return { table: (t.querySelector('th') || {}).textContent, out: Math.round(t.getBoundingClientRect().right - card.right) };
})`;

describe('report.html layout in a real Chromium', () => {
  it("keeps a walk-forward run's tables inside their cards at 1280 px", async () => {
    await access(CHROMIUM);
    const out = tempDir();
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '1', '--walk-forward', '3', '--from', '2010-01-01', '--out', out, `ORCL=${ORCL}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const opened = await openPage(join(out, 'report.html'), { width: 1280, height: 900 });
    try {
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
      const tables = (await opened.page.evaluate(OVERFLOWS)) as { table: string; out: number }[];
      expect(tables.map((t) => t.table)).toContain('Fold');
      for (const t of tables) expect(t.out, `table "${t.table}" sticks out of its card`).toBeLessThanOrEqual(0);
      expect(opened.errors).toEqual([]);
      // On a narrow window a wide table scrolls inside its card; the page itself never gets wider than the window.
      for (const width of [800, 390]) {
        await opened.page.setViewportSize({ width, height: 900 });
        expect(await opened.page.evaluate('document.documentElement.scrollWidth'), `page width at ${width} px`).toBeLessThanOrEqual(width);
      }
    } finally {
      await opened.close();
    }
  }, 120_000);
});
