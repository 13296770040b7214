import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { weekendStubWarnings } from '../../src/backtest/file-notices.js';

// Eight weeks of daily bars: weekdays, and a Sunday of a fifth of their range when `sundays` (a futures file's Sunday evening).
const file = (name: string, sundays: boolean): string => {
  const path = join(tempDir(), name);
  const rows = Array.from({ length: 56 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)))
    .filter((d) => d.getUTCDay() !== 6 && (sundays || d.getUTCDay() !== 0))
    .map((d) => { const r = d.getUTCDay() === 0 ? 0.2 : 1; return `${d.toISOString().slice(0, 10)},100,${100 + r},${100 - r},100.2,1000`; });
  writeFileSync(path, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n'));
  return path;
};
const warn = async (path: string) => weekendStubWarnings(await loadSeries([{ file: path, symbol: 'XPT/USD' }], {}));

describe('narrow weekend bars in a daily file', () => {
  it('are said by the backtest, as check-data says them: they count as days in the annualised figures', async () => {
    expect(await warn(file('platinum.csv', true))).toEqual([expect.stringMatching(/\(XPT\/USD\) has 8 daily bars dated on a Saturday or Sunday \(the first 2024-01-07T00:00:00Z, .*\), at 20 % .*a year counts more bars/)]);
    expect(await warn(file('weekdays.csv', false))).toEqual([]);
  });
});
