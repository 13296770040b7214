import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';
import { ORCL_ROWS as rows } from './orcl-sample.js';

/** ORCL's rows in FinRL's layout, each close scaled by `factor(i)`: raw open, high and low beside another close. */
async function check(factor: (i: number) => number): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'adjusted-close-')), 'ORCL.csv');
  const lines = rows.map(([date, open, high, low, close, , volume], i) => [i, date, 'ORCL', open, high, low, Number(close) * factor(i), volume].join(','));
  writeFileSync(file, [',date,tic,open,high,low,close,volume', ...lines].join('\n'));
  const out: string[] = [];
  await checkData(file, (l) => out.push(l));
  return out.join('\n');
}

// FinRL's Yahoo downloader writes Yahoo's adjusted close as `close` beside the raw open, high and low. Dividends paid
// later lower the older closes most: 201 of Apple's 335 rows were refused as "close outside range", the cause unsaid.
describe('an adjusted close beside unadjusted open, high and low', () => {
  it('check-data names the likely cause when the refused closes lie below their lows', async () => {
    const text = await check((i) => 0.95 + (0.05 * i) / rows.length);
    expect(text).toMatch(/rejected: \d{2,}/);
    expect(text).toMatch(/likely cause \(close-outside-range\): the close lies below its bar's low on (\d+) of these \1 rows: it is likely an adjusted close/);
  });

  it('says nothing of adjustment when the refused closes lie on both sides (another session\'s close)', async () => {
    const text = await check((i) => (i % 10 === 0 ? 0.9 : i % 10 === 5 ? 1.1 : 1));
    expect(text).toMatch(/rejected: \d{2,}/);
    expect(text).not.toMatch(/likely cause/);
  });
});
