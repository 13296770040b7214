import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { fillerBarWarnings } from '../../src/backtest/file-notices.js';
import { checkData } from '../../src/market/check-data.js';

/**
 * Ten days of hourly bars written around the clock, as Dukascopy exports a stock: 09:00-16:00 trade (a range, a
 * volume), the other hours repeat the last close with no volume when `filled`, and are left out otherwise.
 */
const file = (name: string, filled: boolean): string => {
  const path = join(tempDir(), name);
  const rows: string[] = [];
  let close = 100;
  for (let h = 0; h < 240; h++) {
    const t = new Date(Date.UTC(2024, 0, 2, h)).toISOString().replace('T', ' ').slice(0, 19);
    const open = h % 24 >= 9 && h % 24 < 17;
    if (open) {
      const next = close * (1 + (h % 3 === 0 ? 0.004 : -0.002));
      rows.push(`${t},${close},${Math.max(close, next) + 0.1},${Math.min(close, next) - 0.1},${next},${1000 + h}`);
      close = next;
    } else if (filled) rows.push(`${t},${close},${close},${close},${close},0`);
  }
  writeFileSync(path, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n'));
  return path;
};

describe('bars filled in, flat and without volume, that are most of a file', () => {
  it('are counted by check-data and said by the backtest', async () => {
    const lines: string[] = [];
    await checkData(file('novo.csv', true), (l) => lines.push(l));
    // 160 of 240 hours filled in: nothing was said, since fewer than half the bars traded.
    const flat = lines.find((l) => l.startsWith('flat: '));
    expect(flat).toMatch(/^flat: 160 bars with no range and no volume, .*Here they are most of the file \(160 of 240\): the hours the market was closed/);
    const warnings = fillerBarWarnings(await loadSeries([{ file: file('novo2.csv', true), symbol: 'NOVO/DKK' }], {}));
    expect(warnings).toEqual([expect.stringMatching(/\(NOVO\/DKK\) has 160 bars with no range and no volume, .*most of the file \(160 of 240\).*delete those rows/)]);
  });

  it('say nothing of a file that holds the sessions alone', async () => {
    expect(fillerBarWarnings(await loadSeries([{ file: file('sessions.csv', false), symbol: 'NOVO/DKK' }], {}))).toEqual([]);
  });

  it('are counted in report.json and on the page beside the symbol, not only on the terminal', () => {
    const out = join(tempDir(), 'out');
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--out', out, `NOVO/DKK=${file('novo3.csv', true)}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { symbols: { fillerBars?: number; bars: number }[] };
    expect(report.symbols[0]).toMatchObject({ fillerBars: 160, bars: 240 });
    // The page showed 240 hourly steps with nothing to say two in three were filled in.
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('160 of its 240 bars filled in flat (no range, no volume');
  }, 60_000);
});

/** An index's days without volume: the first `closesAlone` written as closes alone (Barchart's S&P 500 until 1999), the rest with a range. */
const noVolume = (name: string, closesAlone: number, stepHours = 24): string => {
  const path = join(tempDir(), name);
  const rows: string[] = [];
  let close = 100;
  for (let d = 0; d < 400; d++) {
    const t = new Date(Date.UTC(1998, 0, 1) + d * stepHours * 3_600_000).toISOString().slice(0, stepHours >= 24 ? 10 : 19).replace('T', ' ');
    const next = close * (1 + (d % 3 === 0 ? 0.01 : -0.004));
    rows.push(d < closesAlone ? `${t},${next},${next},${next},${next}` : `${t},${close},${Math.max(close, next) + 0.5},${Math.min(close, next) - 0.5},${next}`);
    close = next;
  }
  writeFileSync(path, ['Date,Open,High,Low,Close', ...rows].join('\n'));
  return path;
};

describe('bars without a range in a file with no volume', () => {
  it('are said by check-data and the backtest, with where they start and end', async () => {
    const lines: string[] = [];
    await checkData(noVolume('spx.csv', 300), (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('flat: '))).toMatch(/^flat: 300 bars with no range \(open = high = low = close\) .*\(the first 1998-01-01T00:00:00Z, .*the last 1998-10-27T00:00:00Z\); here they are most of the file \(300 of 400\): closes alone written as bars/);
    const warnings = fillerBarWarnings(await loadSeries([{ file: noVolume('spx2.csv', 300), symbol: 'SPX' }], {}));
    expect(warnings).toEqual([expect.stringMatching(/\(SPX\) has 300 bars with no range .*an order fills at one \(at its close, which is its open\)/)]);
  });

  it('say nothing of a file whose bars all have a range, nor of flat hours without volume (a currency’s quiet night)', async () => {
    expect(fillerBarWarnings(await loadSeries([{ file: noVolume('ranges.csv', 0), symbol: 'SPX' }], {}))).toEqual([]);
    expect(fillerBarWarnings(await loadSeries([{ file: noVolume('hours.csv', 100, 1), symbol: 'EURUSD' }], {}))).toEqual([]);
  });
});
