import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 0, 1) };

/**
 * Daily rows in NetEase's layout (close before high, low and open; 前收盘 the previous close the exchange set for the
 * day), unadjusted: from row `bonusAt` on, prices are divided by `ratio` (a bonus issue, 10转4: 1.4) and that row's
 * 前收盘 is the last close divided by it, as the exchange sets it. `fall` divides prices the same way but leaves 前收盘
 * at the last close: a real fall of that size.
 */
function netease(header: string, bonusAt: number, ratio: number, fall = false): string {
  const lines = [header];
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2018, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const scale = i >= bonusAt ? 1 / ratio : 1;
    const base = (60 + Math.sin(i / 3) * 2) * scale;
    const prevBase = (60 + Math.sin((i - 1) / 3) * 2) * (i - 1 >= bonusAt ? 1 / ratio : 1);
    const prevClose = i === bonusAt && !fall ? prevBase / ratio : prevBase;
    const [open, high, low, close] = [base, base * 1.01, base * 0.99, base * 1.002].map((p) => p.toFixed(2));
    lines.push(`${day},'000938,紫光股份,${close},${high},${low},${open},${prevClose.toFixed(2)},1000000`);
  }
  return lines.join('\n');
}

const NETEASE = '日期,股票代码,名称,收盘价,最高价,最低价,开盘价,前收盘,成交量';
const TUSHARE = 'trade_date,ts_code,name,close,high,low,open,pre_close,vol';

describe('a previous-close column that shows a split or bonus issue the prices are not adjusted for', () => {
  it.each([
    ['NetEase 前收盘', NETEASE],
    ['tushare pre_close', TUSHARE],
  ])('quarantines the rows from it on as an unadjusted split of its ratio (%s)', (_, header) => {
    // 000938's 10-for-4 bonus issue of 2018-07-05 (close 61.89, then open 42.01, 前收盘 44.06) was read as a 32 % fall.
    const loaded = parseOhlcv(netease(header, 40, 1.4), '000938.csv', NOW);
    expect(loaded.bars).toHaveLength(40);
    expect(loaded.quarantined[0]!.row).toBe(42);
    expect(loaded.quarantined[0]!.code).toBe('unadjusted-split');
    expect(loaded.quarantined[0]!.message).toMatch(/1\.4\d*:1 split/);
  });

  it('a fall of that size with the previous close left as it was is a fall', () => {
    const loaded = parseOhlcv(netease(NETEASE, 40, 1.4, true), '000938.csv', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toHaveLength(60);
  });
});
