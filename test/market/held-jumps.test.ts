import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { holeWarnings } from '../../src/backtest/hole-warnings.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');

/**
 * The shared ORCL file as a raw file would be around a 1:20 reverse split whose first session moved 13 % off the ratio
 * (as AIG's of 2009 did in Lean's hours): every row from 2000-01-03 on at 20x the prices, the first of them 13 % lower.
 */
function reverseSplitOffRatio(): string {
  const [header, ...rows] = readFileSync(ORCL, 'utf8').trim().split('\n');
  const from = rows.findIndex((r) => r.startsWith('2000-01-03'));
  const scaled = rows.map((r, i) => {
    if (i < from) return r;
    const [date, ...fields] = r.split(',');
    const k = i === from ? 20 * 0.87 : 20;
    return [date, ...fields.map((v, j) => (j === fields.length - 1 ? v : String(Number(v) * k)))].join(',');
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'held-jumps-')), 'orcl-raw.csv');
  writeFileSync(file, [header, ...scaled].join('\n'));
  return file;
}

describe('a level the prices jump to and hold', () => {
  it('is said by check-data and the backtest’s warnings, with what to do, and the bars are kept', async () => {
    const file = reverseSplitOffRatio();
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l))).toBe(0);
    const said = lines.find((l) => l.startsWith('levels: '));
    expect(said).toMatch(/^levels: prices jump to a level and hold it: from 2000-01-04T00:00:00Z on, 1\d\.\dx the close before\. A market move, or a split .*use prices adjusted for it/);
    // Kept, as a market move may be: only the jump's row is set aside.
    expect(lines).toContain('quarantined: 1');

    const span = { from: Date.UTC(1999, 0, 1), to: Date.UTC(2001, 0, 1) };
    const warnings = holeWarnings(await loadSeries([{ file, symbol: 'ORCL' }], span));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ORCL\\): prices jump to a level and hold it: from 2000-01-04T00:00:00Z on`))]);
    // Outside the span, the run does not cross it: nothing to say.
    expect(holeWarnings(await loadSeries([{ file, symbol: 'ORCL' }], { from: Date.UTC(2001, 0, 1), to: Date.UTC(2002, 0, 1) }))).toEqual([]);
  });

  it('is not said of a file without one, nor of moves under 4x', async () => {
    const lines: string[] = [];
    expect(await checkData(ORCL, (l) => lines.push(l))).toBe(0);
    expect(lines.some((l) => l.startsWith('levels: '))).toBe(false);
  });
});
