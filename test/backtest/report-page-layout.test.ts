import { spawnSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, framesPass, launchBrowser, openPage, recordCanvasTexts, recordTimeLabels, type TimeLabel } from '../helpers/chromium.js';
import { GOOG, OHLCV, ORCL, tempDir } from './helpers.js';

/**
 * Every table of the page against the card that holds it: how far (px) its right edge sticks out. Not the charts' own
 * tables (the library lays a chart out in one), which follow a resize a frame later.
 */
const OVERFLOWS = `Array.from(document.querySelectorAll('section.card table')).filter((t) => !t.closest('.chart')).map((t) => {
  const card = t.closest('section.card').getBoundingClientRect();
  return { table: (t.querySelector('th') || {}).textContent, out: Math.round(t.getBoundingClientRect().right - card.right) };
})`;

/** The report's time-axis ticks: months ("Jul 2013" in the first, partial year), "Oct 2" days and years. */
const TICK = /^((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{1,2}| \d{4})?|\d{4})$/;

/**
 * An init script recording into `window.__drawn` every text drawn on a chart's canvas: the chart's id, the text and
 * its box in the canvas (CSS px), with the canvas's size.
 */
const RECORD_DRAWN = `(() => {
  const drawn = (window.__drawn = []);
  const draw = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, max) {
    const chart = this.canvas.closest && this.canvas.closest('.chart');
    if (chart) {
      const m = this.measureText(text);
      const t = this.getTransform();
      const sx = t.a, sy = t.d;
      drawn.push({ chart: chart.id, text: String(text), left: (t.e + sx * (x - m.actualBoundingBoxLeft)) / sx, right: (t.e + sx * (x + m.actualBoundingBoxRight)) / sx,
        top: (t.f + sy * (y - m.actualBoundingBoxAscent)) / sy, bottom: (t.f + sy * (y + m.actualBoundingBoxDescent)) / sy,
        width: this.canvas.width / sx, height: this.canvas.height / sy });
    }
    return draw.call(this, text, x, y, max);
  };
})()`;

interface Drawn {
  chart: string;
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** `conclave backtest ARGS` (the real process) into a fresh folder, which it returns. */
function backtest(args: string[]): string {
  const out = tempDir();
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args, '--out', out], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

describe('report.html layout in a real Chromium', () => {
  // A span starting in July: its first label, "Jul", was cut by the left edge to "ul" and the last year's to "20". It
  // reads "Jul 2013" now: that year has no tick of its own, and a lone month began the axis.
  it('draws every time-axis label whole, the first and last included', async () => {
    await access(CHROMIUM);
    const out = backtest(['--baseline-seeds', '0', '--from', '2013-07-01', `ORCL=${ORCL}`]);
    const browser = await launchBrowser();
    try {
      for (const width of [1280, 1400, 800]) {
        const opened = await browser.open(join(out, 'report.html'), { width, height: 900 });
        await opened.page.addInitScript(recordTimeLabels(TICK));
        await opened.page.reload({ waitUntil: 'load' });
        await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
        await framesPass(opened.page); // the canvases paint in the next animation frames
        const labels = (await opened.page.evaluate('window.__timeLabels')) as TimeLabel[];
        expect(labels.map((l) => l.text)).toContain('Jul 2013');
        expect(labels.map((l) => l.text)).toContain('Jul');
        // Within a pixel: the library rounds an aligned label to floor(x) + 0.5 (it was cut by 7 px).
        for (const l of labels) {
          expect(l.left, `"${l.text}" at ${width} px`).toBeGreaterThanOrEqual(-1);
          expect(l.right, `"${l.text}" at ${width} px`).toBeLessThanOrEqual(l.width + 1);
        }
        expect(opened.errors).toEqual([]);
        await opened.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  // GOOG's days end in March 2013 and EURUSD's hours begin in April 2017: the equity axis read "2013 Jul Oct 2018",
  // 2017's own tick hidden beside 2013's, so its months read as 2013's.
  it('names the year of the months after a hole of years in the run (files with disjoint spans)', async () => {
    await access(CHROMIUM);
    const out = backtest(['--baseline-seeds', '0', `GOOG=${GOOG}`, `EURUSD=${join(OHLCV, 'backtesting.py__EURUSD.csv')}`]);
    const opened = await openPage(join(out, 'report.html'), { width: 1280, height: 900 });
    try {
      await opened.page.addInitScript(recordCanvasTexts('#chart-equity'));
      await opened.page.reload({ waitUntil: 'load' });
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
      await framesPass(opened.page);
      const months = ((await opened.page.evaluate('window.__canvasTexts')) as string[]).filter((t) => TICK.test(t) && !/^\d/.test(t));
      expect(months.some((m) => / 2017$/.test(m)), months.join(', ')).toBe(true);
      expect(months.filter((m) => !/ \d{4}$/.test(m)), 'a month without its year').toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);

  it("keeps a walk-forward run's tables inside their cards at 1280 and 1024 px", async () => {
    await access(CHROMIUM);
    const out = backtest(['--baseline-seeds', '1', '--walk-forward', '3', '--from', '2010-01-01', `ORCL=${ORCL}`]);
    const opened = await openPage(join(out, 'report.html'), { width: 1280, height: 900 });
    try {
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
      const tables = (await opened.page.evaluate(OVERFLOWS)) as { table: string; out: number }[];
      expect(tables.map((t) => t.table)).toContain('Fold');
      for (const t of tables) expect(t.out, `table "${t.table}" sticks out of its card`).toBeLessThanOrEqual(0);
      await opened.page.setViewportSize({ width: 1024, height: 900 });
      for (const t of (await opened.page.evaluate(OVERFLOWS)) as { table: string; out: number }[]) {
        expect(t.out, `table "${t.table}" sticks out of its card at 1024 px`).toBeLessThanOrEqual(0);
      }
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

  // At 1024 px the agents' table stuck out of its card by 86 px, and the price axis of ORCL (2 to 45 over the years)
  // went down to -10.00: the markers' margin below the lowest bars, on a linear scale.
  it('fits every table of a two-file run into its card at 1024 px, and prices no axis below zero', async () => {
    await access(CHROMIUM);
    const out = backtest(['--baseline-seeds', '2', `ORCL=${ORCL}`, `GOOG=${GOOG}`]);
    const opened = await openPage(join(out, 'report.html'), { width: 1024, height: 900 });
    try {
      await opened.page.addInitScript(recordCanvasTexts('[id^="chart-symbol-"]'));
      await opened.page.reload({ waitUntil: 'load' });
      await opened.page.waitForSelector('html[data-charts]', { timeout: 20_000 });
      await framesPass(opened.page);
      const tables = (await opened.page.evaluate(OVERFLOWS)) as { table: string; out: number }[];
      expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['Role', 'What decided', 'Symbol']));
      for (const t of tables) expect(t.out, `table "${t.table}" sticks out of its card`).toBeLessThanOrEqual(0);
      const texts = (await opened.page.evaluate('window.__canvasTexts')) as string[];
      const prices = texts.filter((t) => /^-?[\d,]+\.\d+$/.test(t)).map((t) => Number(t.replace(/,/g, '')));
      expect(prices.length).toBeGreaterThan(4);
      expect(Math.min(...prices)).toBeGreaterThan(0);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);
  // ORCL's price axis ran 1 to 200 for prices of 2 to 45 (the library's margins on top of the markers' own), its last
  // time label read a bare "Aug" after "2013" (Aug 2014), and on GOOG the bottom price label "52.00" and the last
  // marker's "buy" at the right edge were cut.
  it("fits each symbol's price axis to its prices and draws every label on its charts whole", async () => {
    await access(CHROMIUM);
    const out = backtest(['--baseline-seeds', '0', `ORCL=${ORCL}`, `GOOG=${GOOG}`]);
    const opened = await openPage(join(out, 'report.html'), { width: 1280, height: 900 });
    try {
      await opened.page.addInitScript(RECORD_DRAWN);
      await opened.page.reload({ waitUntil: 'load' });
      await opened.page.waitForSelector('html[data-charts="3"]', { timeout: 20_000 });
      await framesPass(opened.page);
      const drawn = (await opened.page.evaluate('window.__drawn')) as Drawn[];
      const ranges = (await opened.page.evaluate(`JSON.parse(document.getElementById('chart-data').textContent).symbols.map((s) => ({
        high: Math.max(...s.candles.map((c) => c[2])), low: Math.min(...s.candles.map((c) => c[3])) }))`)) as { high: number; low: number }[];
      for (const [k, range] of ranges.entries()) {
        const ticks = drawn.filter((d) => d.chart === `chart-symbol-${k}` && /^[\d,]+\.\d+$/.test(d.text));
        const prices = ticks.map((d) => Number(d.text.replace(/,/g, '')));
        expect(prices.length, `chart ${k}`).toBeGreaterThan(4);
        expect(Math.max(...prices), `chart ${k}'s highest price label, prices up to ${range.high}`).toBeLessThan(range.high * 1.5);
        expect(Math.min(...prices), `chart ${k}'s lowest price label, prices down to ${range.low}`).toBeGreaterThan(range.low / 1.5);
        for (const d of ticks) {
          expect(d.top, `"${d.text}" on chart ${k}`).toBeGreaterThanOrEqual(-0.5);
          expect(d.bottom, `"${d.text}" on chart ${k}`).toBeLessThanOrEqual(d.height + 0.5);
        }
      }
      const markers = drawn.filter((d) => /^(buy|signal|stop|target|atr|trailing|time|end)( ×\d+)?$/.test(d.text));
      expect(markers.length).toBeGreaterThan(10);
      for (const d of markers) {
        expect(d.left, `"${d.text}" on ${d.chart}`).toBeGreaterThanOrEqual(-0.5);
        expect(d.right, `"${d.text}" on ${d.chart}`).toBeLessThanOrEqual(d.width + 0.5);
      }
      const months = drawn.filter((d) => TICK.test(d.text) && !/^\d/.test(d.text)).map((d) => d.text);
      expect(months.length, 'month labels').toBeGreaterThan(0);
      expect(months.filter((m) => !/ \d{4}$/.test(m)), 'a month without its year, twenty years in').toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);
});
