import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';
import { copiedOpenNotice } from '../../src/market/copied-open.js';
import { ORCL_BARS, ORCL_ROWS } from './orcl-sample.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { copiedOpenWarnings } from '../../src/backtest/file-notices.js';

function write(open: (row: string[]) => string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'copied-open-')), 'COMI.csv');
  const lines = ORCL_ROWS.map((r) => [r[0], open(r), r[2], r[3], r[4], r[6]].join(','));
  writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...lines].join('\n'));
  return file;
}

async function check(open: (row: string[]) => string): Promise<string> {
  const file = write(open);
  const out: string[] = [];
  await checkData(file, (l) => out.push(l));
  return out.join('\n');
}

// Mubasher's histories of Egypt's exchange write the high as the open on every row: read as they are, with nothing
// said, each backtest order would have filled at a bar's high.
describe('an open that is the high (or the low) written again', () => {
  it('is said by check-data when nearly every bar opens at its very high', async () => {
    expect(await check((r) => r[2]!)).toMatch(/prices: opens equal to the high on (\d+) of its \1 bars with a range: the open is likely the high written again/);
    expect(await check((r) => r[1]!)).not.toMatch(/written again/);
  });

  it('says the low too, and nothing of a file whose opens are real', () => {
    expect(copiedOpenNotice(ORCL_BARS.map((b) => ({ ...b, open: b.low })))).toMatch(/^opens equal to the low on \d+ of its \d+ bars/);
    expect(copiedOpenNotice(ORCL_BARS)).toBeUndefined();
    expect(copiedOpenNotice(ORCL_BARS.slice(0, 19).map((b) => ({ ...b, open: b.high }))), 'too few bars to tell').toBeUndefined();
  });

  it('is a warning of the backtest, which would fill every order at a bar\'s high', async () => {
    const [warning] = copiedOpenWarnings(await loadSeries([{ file: write((r) => r[2]!), symbol: 'COMI' }], {}));
    expect(warning).toMatch(/\(COMI\) has opens equal to the high on \d+ of its \d+ bars with a range/);
    expect(copiedOpenWarnings(await loadSeries([{ file: write((r) => r[1]!), symbol: 'COMI' }], {}))).toEqual([]);
  });
});
