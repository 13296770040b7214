import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';

// Tongdaxin's forward-adjusted (前复权) export of SPD Bank: dividends subtracted from every earlier price take the
// 2001 prices to zero and below. check-data said to delete the rows or download more decimals, neither of which helps.
describe('zero and negative prices at the oldest end of a forward-adjusted series', () => {
  it('check-data says to use back-adjusted or unadjusted prices', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'forward-adjusted-')), 'SH#600000.txt');
    const rows = ['2001/01/05,0.08,0.09,0.03,0.04,2820000', '2001/01/08,0.04,0.04,-0.03,-0.02,3248000', '2001/01/09,-0.02,0.02,-0.04,0.02,1988900', '2001/01/10,0.02,0.05,0.00,0.02,1673100', '2001/01/11,0.03,0.11,0.03,0.05,1768400'];
    writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n'));
    const lines: string[] = [];
    await checkData(file, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/what to do \(non-positive-price\): .*forward-adjusted.*use back-adjusted \(后复权\) or unadjusted prices/);
  });
});
