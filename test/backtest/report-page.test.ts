import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/backtest/report/write-report.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';
import { loadSymbols, syntheticRecord } from './synthetic-record.js';
import { CHROMIUM, chartPixels, framesPass, launchBrowser, recordCanvasTexts, type Browser, type OpenedPage } from '../helpers/chromium.js';

/** The value at a dotted path of report.json (`agents.2.hitRate`). */
function at(report: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], report);
}

/** The number a cell shows: `12.34%` is 0.1234, `1,234.50` is 1234.5, `2.00×` is 2, `3 rows` is 3; `—` is null. */
function shown(text: string): { value: number | null; decimals: number; percent: boolean } {
  const t = text.trim();
  if (t === '—') return { value: null, decimals: 0, percent: false };
  const m = /^(-?[\d,]+(?:\.(\d+))?)(%|×| rows)?$/.exec(t);
  if (!m) throw new Error(`unexpected figure "${t}"`);
  const n = Number(m[1]!.replace(/,/g, ''));
  const percent = m[3] === '%';
  return { value: percent ? n / 100 : n, decimals: (m[2]?.length ?? 0) + (percent ? 2 : 0), percent };
}

interface Cell {
  metric: string;
  value: string;
  text: string;
}

const CELLS = `Array.from(document.querySelectorAll('[data-metric]')).map((el) => ({
  metric: el.getAttribute('data-metric'), value: el.getAttribute('data-value'), text: el.lastChild.textContent
}))`;

describe('report.html in a real Chromium', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    await access(CHROMIUM).catch(() => {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
    });
    dir = await mkdtemp(path.join(tmpdir(), 'conclave-page-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('two daily files', () => {
    let opened: OpenedPage;
    let report: BacktestReport;
    const out = (): string => path.join(dir, 'daily');
    const name = 'daily <script>alert("name")</script> & co';
    const oddSymbol = '<img src=x onerror=alert(1)>';

    beforeAll(async () => {
      const symbols = await loadSymbols([
        { symbol: 'ORCL', file: 'backtrader__orcl-1995-2014.txt' },
        { symbol: oddSymbol, file: 'backtesting.py__GOOG.csv' },
      ]);
      const record = syntheticRecord(name, symbols);
      record.symbols[1]!.file = '/data/<b>goog</b>.csv';
      const baseline = { seeds: 20, sharpe: { p10: -0.41, p50: 0.02, p90: 0.37 }, totalReturn: { p10: -0.12, p50: 0.004, p90: 0.09 }, panelPercentile: 0.65 };
      await writeReport(out(), record, { baseline });
      report = JSON.parse(await readFile(path.join(out(), 'report.json'), 'utf8')) as BacktestReport;
      opened = await browser.open(path.join(out(), 'report.html'));
      opened.page.on('dialog', (d) => {
        opened.errors.push(`dialog opened: ${d.message()}`);
        d.dismiss().catch(() => undefined);
      });
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('loads with no console error and no request beyond the file itself', () => {
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([`file://${path.join(out(), 'report.html')}`]);
    });

    it('draws every chart: the equity chart and one per symbol, each with canvases of non-zero size and pixels', async () => {
      expect(await opened.page.getAttribute('html', 'data-charts')).toBe('3');
      const charts = await chartPixels(opened.page);
      expect(charts.map((c) => c.id)).toEqual(['chart-equity', 'chart-symbol-0', 'chart-symbol-1']);
      for (const c of charts) {
        expect(c.canvases, c.id).toBeGreaterThan(0);
        expect(c.area, c.id).toBeGreaterThan(100_000);
        // Background, grid, series, text: a drawn chart has many colours, a blank one a single one.
        expect(c.colours, c.id).toBeGreaterThan(8);
      }
    });

    it('reads out the equity under the cursor', async () => {
      const box = (await opened.page.locator('#chart-equity').boundingBox())!;
      await opened.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
      await expect.poll(() => opened.page.textContent('#equity-readout'), { timeout: 5000 }).not.toBe('');
      const readout = await opened.page.textContent('#equity-readout');
      expect(readout, readout ?? '').toMatch(/^\d{4}-\d\d-\d\d · panel [\d,.]+ · buy & hold [\d,.]+ · drawdown -?[\d.]+%$/);
      expect(opened.errors).toEqual([]);
    });

    it('shows the metrics of report.json, each figure formatted from the same value', async () => {
      const cells = (await opened.page.evaluate(CELLS)) as Cell[];
      const metrics = new Set(cells.map((c) => c.metric));
      for (const key of Object.keys(report.summary)) {
        expect(metrics.has(`summary.${key}`), key).toBe(true);
        expect(metrics.has(`buyAndHold.${key}`), key).toBe(true);
      }
      report.agents.forEach((_, i) => expect(metrics.has(`agents.${i}.hitRate`)).toBe(true));
      for (const key of ['baseline.sharpe.p10', 'baseline.sharpe.p90', 'baseline.totalReturn.p50', 'baseline.panelPercentile']) expect(metrics.has(key), key).toBe(true);
      report.symbols.forEach((_, i) => expect(metrics.has(`symbols.${i}.buyAndHoldReturn`)).toBe(true));
      for (const key of ['decisions.verdicts', 'decisions.buy', 'decisions.sell', 'decisions.hold', 'decisions.riskGate.judged', 'decisions.riskGate.clamped']) expect(metrics.has(key), key).toBe(true);
      expect(report.decisions!.rules.length).toBeGreaterThan(2);
      report.decisions!.rules.forEach((_, i) => expect(metrics.has(`decisions.rules.${i}.count`)).toBe(true));
      expect(cells.length).toBeGreaterThan(100);
      for (const cell of cells) {
        const expected = at(report, cell.metric);
        expect(typeof expected === 'number' || expected === null, cell.metric).toBe(true);
        expect(cell.value, cell.metric).toBe(expected === null ? 'null' : String(expected));
        const seen = shown(cell.text);
        if (expected === null) {
          expect(seen.value, cell.metric).toBeNull();
        } else {
          // Equal to the shown precision (half a unit of the last digit shown).
          expect(Math.abs(seen.value! - (expected as number)), `${cell.metric}: "${cell.text}" for ${String(expected)}`).toBeLessThanOrEqual(0.5 * 10 ** -seen.decimals + 1e-12);
        }
      }
    });

    it('says what its axes and figures are: the equity scale, prices on a log scale, the Sharpe annual', async () => {
      // Unlabelled, a log axis's uneven ticks made the panel look closer to buy & hold than it was.
      const span = (await opened.page.evaluate(`(() => { const e = JSON.parse(document.getElementById('chart-data').textContent).equity;
        const v = e.panel.concat(e.hold).map((r) => r[1]); return Math.max(...v) / Math.min(...v); })()`)) as number;
      expect(await opened.page.textContent('#equity-scale')).toBe(span >= 2 ? 'equity on a log scale (equal distances, equal returns)' : 'equity on a linear scale');
      expect(await opened.page.locator('.legend', { hasText: 'entries, below the bar' }).textContent()).toContain('prices as in the file, on a log scale');
      expect(await opened.page.textContent('.kpis')).toContain(report.span.years! < 1 ? 'Sharpe (annual, from under a year)' : 'Sharpe (annual)');
    });

    it('embeds report.json unchanged as the page data', async () => {
      const embedded = await opened.page.evaluate(`JSON.parse(document.getElementById('report-data').textContent)`);
      expect(embedded).toEqual(report);
    });

    it('shows names from the data as text, never as markup', async () => {
      expect(await opened.page.textContent('h1')).toBe(name);
      expect(await opened.page.title()).toBe(`${name} · conclave backtest`);
      expect(await opened.page.locator('.symbol h3').nth(1).textContent()).toContain(oddSymbol);
      expect(await opened.page.locator('.symbol .file').nth(1).getAttribute('title')).toBe('/data/<b>goog</b>.csv');
      expect(await opened.page.locator('main img, main b').count()).toBe(0);
      expect(await opened.page.locator('script').count()).toBe(4);
    });

    it('lists the round trips and the open positions', async () => {
      const tradeRows = await opened.page.locator('table.trades tbody tr').count();
      const csvRows = (await readFile(path.join(out(), 'trades.csv'), 'utf8')).trimEnd().split('\n').length - 1;
      expect(tradeRows).toBe(csvRows);
      expect(await opened.page.locator('table.trades .open').count()).toBe(report.openPositions.length);
    });

    // The column titles of figures were left-aligned over right-aligned figures (Round trips: QTY, PNL; the symbols'
    // table; the metrics' Panel and Buy & hold): each title's text now ends where its column's figures end.
    it('aligns the title of each column of figures with the figures', async () => {
      const columns = (await opened.page.evaluate(`(() => {
        const right = (el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().right; };
        const out = [];
        for (const table of document.querySelectorAll('section.card table')) {
          const heads = Array.from(table.querySelectorAll('thead th'));
          heads.forEach((th) => {
            // A column's cells by their left edge: a row group's title spans rows, so a row's k-th cell is not always in column k.
            const left = th.getBoundingClientRect().left;
            const cells = Array.from(table.querySelectorAll('tbody th, tbody td')).filter((c) => Math.abs(c.getBoundingClientRect().left - left) < 1 && c.textContent.trim() !== '');
            if (cells.length === 0 || !cells.every((c) => c.classList.contains('num'))) return;
            out.push({ title: (table.className || 'table') + ' ' + th.textContent, off: Math.round(right(cells[0]) - right(th)) });
          });
        }
        return out;
      })()`)) as { title: string; off: number }[];
      expect(columns.map((c) => c.title)).toEqual(expect.arrayContaining(['data trades Qty', 'data trades PnL', 'data symbols PnL', 'metrics Panel']));
      for (const c of columns) expect(Math.abs(c.off), `"${c.title}" ends ${c.off} px short of its figures' right edge`).toBeLessThanOrEqual(1);
    });

    // At 390 px the metrics card laid out as wide as its table (117 px past the card on ORCL and GOOG): the buy & hold
    // column, and every line of "Reading the figures" and of the coin-flip baseline's explanation, were cut at the
    // card's edge, to be read by scrolling sideways line by line.
    it("keeps the metrics card's text and both its columns within the card on a phone", async () => {
      await opened.page.setViewportSize({ width: 390, height: 844 });
      try {
        const out = (await opened.page.evaluate(`(() => {
          const card = document.querySelector('section[aria-labelledby="h-metrics"]');
          const box = card.getBoundingClientRect();
          const right = box.left + card.clientLeft + card.clientWidth - parseFloat(getComputedStyle(card).paddingRight);
          return Array.from(card.querySelectorAll('h2, h3, p, li, table.metrics')).map((el) => ({
            what: el.tagName + ' ' + el.textContent.slice(0, 40),
            out: Math.round(el.getBoundingClientRect().right - right),
          }));
        })()`)) as { what: string; out: number }[];
        expect(out.filter((o) => o.what.startsWith('LI')).length).toBeGreaterThan(3);
        expect(out.filter((o) => o.what.startsWith('TABLE')).length).toBe(2);
        for (const o of out) expect(o.out, `${o.what}... sticks out of the card by ${o.out} px`).toBeLessThanOrEqual(0);
        expect(await opened.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      } finally {
        await opened.page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  });

  describe('a long minute run (four symbols of 30,889 bars)', () => {
    let opened: OpenedPage;
    const out = (): string => path.join(dir, 'minutes');

    beforeAll(async () => {
      const file = 'backtrader__2006-01-02-volume-min-001.txt';
      // One file read once, traded as four symbols.
      const [one] = await loadSymbols([{ symbol: 'AAA', file }]);
      const symbols = ['AAA', 'BBB', 'CCC', 'DDD'].map((symbol) => Object.assign({}, one!, { symbol }));
      const record = syntheticRecord('minutes', symbols, 11);
      expect(symbols.reduce((n, s) => n + s.bars.length, 0)).toBeGreaterThan(100_000);
      await writeReport(out(), record);
      opened = await browser.open(path.join(out(), 'report.html'));
      await opened.page.waitForSelector('html[data-charts]', { timeout: 30_000 });
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('stays a page of a few megabytes whose charts all draw, with no error', async () => {
      const { size } = await stat(path.join(out(), 'report.html'));
      expect(size).toBeLessThan(4 * 1024 * 1024);
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toHaveLength(1);
      const charts = await chartPixels(opened.page);
      expect(charts).toHaveLength(5);
      for (const c of charts) expect(c.colours, c.id).toBeGreaterThan(8);
    });
  });

  // A month of 5-minute bars moves the equity a few percent: on the log scale meant for years of compounding its axis
  // read 97,300, 98,300, 99,300, 100,500, 102,000, 104,000: steps of 1,000, then 1,200, 1,500 and 2,000.
  describe('a month of 5-minute bars', () => {
    let opened: OpenedPage;
    const out = (): string => path.join(dir, 'month');

    beforeAll(async () => {
      const symbols = await loadSymbols([{ symbol: 'AAA', file: 'backtrader__2006-min-005.txt' }]);
      await writeReport(out(), syntheticRecord('month', symbols, 3));
      opened = await browser.open(path.join(out(), 'report.html'));
      await opened.page.addInitScript(recordCanvasTexts('#chart-equity'));
      await opened.page.reload({ waitUntil: 'load' });
      await opened.page.waitForSelector('html[data-charts]', { timeout: 30_000 });
      await framesPass(opened.page);
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('prices its equity axis in even steps', async () => {
      const ends = (await opened.page.evaluate(`(() => { const e = JSON.parse(document.getElementById('chart-data').textContent).equity;
        return [e.panel, e.hold].map((s) => s.map((p) => p[1])); })()`)) as number[][];
      const all = ends.flat();
      // A move of a few percent, where a log scale has nothing to show.
      expect(Math.max(...all) / Math.min(...all)).toBeLessThan(1.2);
      const last = new Set(ends.map((s) => Math.round(s[s.length - 1]!)));
      const texts = (await opened.page.evaluate('window.__canvasTexts')) as string[];
      const ticks = [...new Set(texts.filter((t) => /^[\d,]+$/.test(t)).map((t) => Number(t.replace(/,/g, ''))))].filter((v) => !last.has(v)).sort((a, b) => a - b);
      expect(ticks.length, ticks.join(' ')).toBeGreaterThan(3);
      const steps = ticks.slice(1).map((v, i) => v - ticks[i]!);
      const step = Math.min(...steps);
      for (const s of steps) expect(s % step, `ticks ${ticks.join(', ')}`).toBe(0);
      expect(opened.errors).toEqual([]);
    });
  });

  // Fifty symbols drew fifty full-size charts one under another: a page of 27,000 px with nothing to find one by.
  describe('many symbols (eight, past the six charted one under another)', () => {
    let opened: OpenedPage;
    const names = ['AA', 'BB', 'CC', 'DD', 'EE', 'FF', 'GG', 'HH'];
    const shown = `Array.from(document.querySelectorAll('.symbol')).filter((el) => !el.hidden).map((el) => el.id)`;

    beforeAll(async () => {
      const [one] = await loadSymbols([{ symbol: 'AA', file: 'backtrader__orcl-1995-2014.txt', last: 400 }]);
      const out = path.join(dir, 'many');
      await writeReport(out, syntheticRecord('many', names.map((symbol) => Object.assign({}, one!, { symbol })), 5));
      opened = await browser.open(path.join(out, 'report.html'));
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('shows one symbol’s chart at a time, picked by name, each drawn when first shown', async () => {
      const page = opened.page;
      expect(await page.evaluate(shown)).toEqual(['symbol-0']);
      expect(await page.getAttribute('html', 'data-charts')).toBe('2');
      expect(await page.locator('#symbol-pick option').allTextContents()).toEqual(names);
      // A name in the symbols table shows its chart, with the picker at the top of the window.
      const colours = async (id: string) => {
        await framesPass(page); // the canvases paint in the next animation frames
        return (await chartPixels(page)).find((c) => c.id === id)!.colours;
      };
      expect(await colours('chart-symbol-0')).toBeGreaterThan(8);
      await page.locator('table.symbols a', { hasText: 'FF' }).click();
      expect(await page.evaluate(shown)).toEqual(['symbol-5']);
      expect(await colours('chart-symbol-5')).toBeGreaterThan(8);
      expect(await page.inputValue('#symbol-pick')).toBe('5');
      const top = (await page.locator('.picker').boundingBox())!.y;
      expect(top).toBeGreaterThanOrEqual(-1);
      expect(top).toBeLessThan(100);
      await page.click('#symbol-next');
      await page.selectOption('#symbol-pick', '2');
      expect(await page.evaluate(shown)).toEqual(['symbol-2']);
      expect(await page.getAttribute('html', 'data-charts')).toBe('5');
      expect(await colours('chart-symbol-2')).toBeGreaterThan(8);
      expect((await chartPixels(page)).filter((c) => c.canvases > 0).map((c) => c.id)).toEqual(['chart-equity', 'chart-symbol-0', 'chart-symbol-2', 'chart-symbol-5', 'chart-symbol-6']);
      expect(opened.errors).toEqual([]);
    });

    it('stays a page of a few screens', async () => {
      expect(await opened.page.evaluate('document.documentElement.scrollHeight')).toBeLessThan(6000);
    });
  });

  describe('a run with no data', () => {
    it('still opens without error and says so', async () => {
      const out = path.join(dir, 'empty');
      const record = syntheticRecord('empty', [{ symbol: 'NONE', file: 'none.csv', barMs: 60_000, bars: [], rejected: 3, quarantined: 0 }]);
      expect(record.equity).toEqual([]);
      await writeReport(out, record);
      const opened = await browser.open(path.join(out, 'report.html'));
      try {
        await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
        expect(opened.errors).toEqual([]);
        expect(await opened.page.getAttribute('html', 'data-charts')).toBe('0');
        expect(await opened.page.textContent('body')).toContain('No equity rows.');
      } finally {
        await opened.close();
      }
    });
  });
});
