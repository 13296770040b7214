import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BarIssue } from '../../src/market/bar-validator.js';
import { describeQuarantine } from '../../src/market/quarantine-report.js';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 10, 9);
/** Rows `from`..`to` of one shifted stretch, as the validator reports them. */
const stretch = (from: number, to: number, message: string): BarIssue[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    file: 'vxx.csv', row: from + i, time: T0 + (from - 3131 + i) * DAY, code: 'unadjusted-split' as const, severity: 'quarantined' as const,
    message: i === 0 ? message : 'still on the unadjusted scale', since: { row: from, time: T0 + (from - 3131) * DAY },
  }));

describe('check-data’s account of stretches after the last usable bar', () => {
  it('takes only the last for the end of the file, and says once what is lost from the first on', () => {
    // VXX's raw hours: a 1:4 reverse split quarantines from 2010-11-09 on, and the next split, judged anew, starts a
    // second stretch; the first was said to run "to the end of the file", six years before it.
    const issues = [...stretch(3131, 3140, 'the jump of a 1:4 reverse split'), ...stretch(3141, 3150, 'the jump of a 1:3 reverse split')];
    const lines: string[] = [];
    describeQuarantine(issues, T0 - DAY, (l) => lines.push(l));
    const heads = lines.filter((l) => /^ {2}\d+ rows from/.test(l));
    expect(heads).toHaveLength(2);
    expect(heads[0]).toMatch(/^ {2}10 rows from 2010-11-09T00:00:00Z \(row 3131\) to 2010-11-18T00:00:00Z \(row 3140\) \[unadjusted-split\]/);
    expect(heads[1]).toMatch(/\(row 3150\), the end of the file \[unadjusted-split\]/);
    expect(lines.filter((l) => l.includes('is used'))).toEqual(['    nothing from 2010-11-09T00:00:00Z on is used: each row is judged against the rows before it, and no later row came back to their scale']);
  });

  it('calls the stretch the end of the file in a file written newest first, whose last bar is its row 2', () => {
    // yfinance's 4063.T, newest first: the stretch from the unadjusted split (row 14) runs to the newest bar (row 2);
    // "the end of the file" was judged by the highest row number, so this file, as docs/prices-and-news.md shows it, never had it.
    const file = resolve('../shared/data/ohlcv/yfinance__4063-T-1d-bad-stock-split.csv');
    const loaded = parseOhlcv(readFileSync(file, 'utf8'), file, { now: Date.UTC(2030, 0, 1) });
    const lines: string[] = [];
    describeQuarantine(loaded.quarantined, loaded.bars.at(-1)?.time, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^ {2}13 rows from 2023-03-28T15:00:00Z \(row 14\) to 2023-04-13T15:00:00Z \(row 2\), the end of the file \[unadjusted-split\]/);
    expect(lines[1]).toMatch(/^ {4}nothing from 2023-03-28T15:00:00Z on is used/);
  });

  it('still calls a single stretch after the last usable bar the end of the file', () => {
    const lines: string[] = [];
    describeQuarantine(stretch(3131, 3140, 'the jump of a 1:4 reverse split'), T0 - DAY, (l) => lines.push(l));
    expect(lines[0]).toMatch(/\(row 3140\), the end of the file \[unadjusted-split\]/);
    expect(lines[1]).toMatch(/^ {4}nothing from 2010-11-09T00:00:00Z on is used/);
  });
});

describe('check-data’s account of a long quarantined stretch', () => {
  it('tells a stretch of 300,000 rows (a minute file quarantined from an early split) without running out of stack', () => {
    const lines: string[] = [];
    describeQuarantine(stretch(3131, 303_130, 'the jump of a 1:4 reverse split'), T0 - DAY, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^ {2}300000 rows from 2010-11-09T00:00:00Z \(row 3131\) to .* \(row 303130\), the end of the file \[unadjusted-split\]/);
  });
});

describe('check-data’s account of a file with several unadjusted splits', () => {
  it('names the later splits the stretch of the first one holds, with their dates', () => {
    // Raw prices through three splits, as Alpha Vantage's daily Apple: 2:1, then 2:1, then 7:1.
    const rows: string[] = [];
    let price = 100;
    for (let d = 0; d < 200; d++) {
      if (d === 50 || d === 100) price /= 2;
      if (d === 150) price /= 7;
      price *= 1 + (d % 2 === 0 ? 0.004 : -0.003);
      // Trading days, Monday to Friday (a market that trades every day has no splits).
      const date = new Date(Date.UTC(2000, 0, 3) + (Math.floor(d / 5) * 7 + (d % 5)) * DAY).toISOString().slice(0, 10);
      rows.push(`${date},${price},${price * 1.01},${price * 0.99},${price},1000`);
    }
    const loaded = parseOhlcv(['Date,Open,High,Low,Close,Volume', ...rows].join('\n'), 'aapl.csv', { now: Date.UTC(2030, 0, 1) });
    const lines: string[] = [];
    describeQuarantine(loaded.quarantined, loaded.bars.at(-1)?.time, (l) => lines.push(l));
    expect(lines.filter((l) => l.includes('another scale'))).toEqual([
      '    its prices move to another scale 2 more times within it (1/4 from 2000-05-22T00:00:00Z, 1/28 from 2000-07-31T00:00:00Z, of the prices before it): more splits the file is not adjusted for; adjust for each of them before checking again',
    ]);
  });
});
