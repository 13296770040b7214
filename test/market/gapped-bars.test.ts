import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { holeWarnings } from '../../src/backtest/hole-warnings.js';

/**
 * 200 weekdays of a stock in VND as CafeF writes them (Date,Close,Open,High,Low,Volume), newest first, unadjusted: from
 * day `at` on every price is divided by `ratio` (HPG's bonus issue of 2015-03-04: 1.5, 27,304 then 18,203).
 */
function cafef(at: number, ratio: number): string {
  const rows: string[] = [];
  for (let i = 0; i < 200; i++) {
    const day = new Date(Date.UTC(2015, 0, 5) + (Math.floor(i / 5) * 7 + (i % 5)) * 86_400_000).toISOString().slice(0, 10);
    const p = (27_000 + Math.sin(i / 4) * 600) / (i >= at ? ratio : 1);
    rows.push(`${day},${Math.round(p)},${Math.round(p * 0.998)},${Math.round(p * 1.01)},${Math.round(p * 0.99)},350000`);
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gapped-')), 'HPG.csv');
  writeFileSync(file, ['Date,Close,Open,High,Low,Volume', ...rows.reverse()].join('\n'));
  return file;
}

describe('a bar that traded nowhere near the close before it (an unadjusted bonus issue, or a real gap)', () => {
  it('is said by check-data and the backtest’s warnings, with what to do, and the bars are kept', async () => {
    // Day 120 is 2015-06-22; HPG's 1.5-for-1 bonus was read as a 33 % fall without a word, a held position's loss.
    const file = cafef(120, 1.5);
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l))).toBe(0);
    expect(lines.find((l) => l.startsWith('gapped: '))).toMatch(/^gapped: bars that traded nowhere near the close before them, 25 % or more away: 2015-06-22T00:00:00Z \(0\.6\d+x the close before\)\. A real gap, or a bonus issue, .*use adjusted prices/);
    expect(lines).toContain('quarantined: 0');
    const warnings = holeWarnings(await loadSeries([{ file, symbol: 'HPG' }], { from: Date.UTC(2015, 0, 1), to: Date.UTC(2016, 0, 1) }));
    expect(warnings).toEqual([expect.stringContaining('(HPG): bars that traded nowhere near the close before them, 25 % or more away: 2015-06-22')]);
  });

  it('is not said of a gap that trades back within 25 % of the close before', async () => {
    const lines: string[] = [];
    expect(await checkData(cafef(120, 1.2), (l) => lines.push(l))).toBe(0);
    expect(lines.some((l) => l.startsWith('gapped: '))).toBe(false);
  });

  it('is said as a bad print, not as a bonus issue, when the price comes back near the close before it within a few bars', async () => {
    // DAX futures as a Sierra Chart export had them: a few bars at 0.73x, then back at the price before them.
    const file = cafef(200, 1);
    const text = readFileSync(file, 'utf8').split('\n');
    for (const date of ['2015-06-22', '2015-06-23', '2015-06-24']) {
      const at = text.findIndex((l) => l.startsWith(date));
      const [day, ...prices] = text[at]!.split(',');
      text[at] = [day, ...prices.slice(0, 4).map((p) => String(Math.round(Number(p) * 0.73))), prices[4]].join(',');
    }
    writeFileSync(file, text.join('\n'));
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l))).toBe(0);
    const said = lines.find((l) => l.startsWith('gapped: '));
    expect(said).toMatch(/^gapped: bars 25 % or more away from the close before them, the price back near it within 20 bars: 2015-06-22T00:00:00Z \(0\.7\d+x the close before\)\. Bad prints, most likely .* delete their rows, up to the bar back at the price before$/);
    expect(said).not.toMatch(/bonus issue, stock dividend/);
    // A run whose span ends inside the stretch is warned of them as bad prints too, by the bars back after its end; its
    // last bar alone, checked against the bar after it, made the warning depend on where the span ended.
    const warnings = holeWarnings(await loadSeries([{ file, symbol: 'DAX' }], { from: Date.UTC(2015, 0, 1), to: Date.UTC(2015, 5, 23, 12) }));
    expect(warnings).toEqual([expect.stringMatching(/\(DAX\): bars 25 % or more away from the close before them, the price back near it within 20 bars: 2015-06-22T00:00:00Z/)]);
  });
});
