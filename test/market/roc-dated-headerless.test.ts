import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

// The Taiwan Stock Exchange's STOCK_DAY rows saved without a header, newest first: Minguo dates (106 = 2017), shares,
// value, open, high, low, close, change, transactions.
const ROWS = [
  '106/05/26,44500,1624099,36.55,36.70,36.30,36.55,0.00,37',
  '106/05/25,74000,2691200,36.00,36.70,36.00,36.55,+0.65,53',
  '106/05/24,82000,2930450,35.30,36.35,35.30,35.90,+0.60,50',
];

describe('a headerless file of bars dated in the Minguo (ROC) calendar', () => {
  it('is named as such, with the command that writes a header and Gregorian dates (it was told its header lacks columns)', () => {
    let message = '';
    try {
      parseOhlcv(ROWS.join('\n'), '1258.csv', NOW);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Minguo (ROC) calendar (year 106 = 2017)');
    expect(message).toContain('echo Date,Volume,Value,Open,High,Low,Close,Change,Trades;');
    expect(message).not.toContain('has no date, open');
  });

  it('reads the file that command writes', () => {
    const rewritten = ['Date,Volume,Value,Open,High,Low,Close,Change,Trades', ...ROWS.map((r) => r.replace(/^106\/(\d\d)\/(\d\d)/, '2017-$1-$2'))];
    const loaded = parseOhlcv(rewritten.join('\n'), '1258.rewritten.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2017, 4, 24), 35.3, 36.35, 35.3, 35.9, 82000],
      [Date.UTC(2017, 4, 25), 36, 36.7, 36, 36.55, 74000],
      [Date.UTC(2017, 4, 26), 36.55, 36.7, 36.3, 36.55, 44500],
    ]);
  });
});
