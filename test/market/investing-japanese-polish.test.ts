import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const DAY = Date.UTC(2024, 0, 4);
const ohlc = (r: ReturnType<typeof parseOhlcv>) => r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close]);

describe("Investing.com's Japanese and Polish exports (newest first)", () => {
  it('reads 日付け as the date (refused before as having no date column)', () => {
    const text = ['"日付け","終値","始値","高値","安値","出来高","変化率 %"', '"2024年01月05日","21.40","21.10","21.55","21.00","","1.42%"', '"2024年01月04日","21.10","20.90","21.20","20.80","","0.96%"'].join('\n');
    expect(ohlc(parseOhlcv(text, 'ja.csv', NOW))).toEqual([
      [DAY, 20.9, 21.2, 20.8, 21.1],
      [DAY + 86_400_000, 21.1, 21.55, 21, 21.4],
    ]);
  });

  it('reads Ostatnio as the close and Max. and Min. as the high and low (refused before as having none)', () => {
    const text = ['"Data","Ostatnio","Otwarcie","Max.","Min.","Wol.","Zmiana%"', '"05.01.2024","7,2150","7,1800","7,2400","7,1700","1,20K","0,49%"', '"04.01.2024","7,1800","7,1500","7,1900","7,1400","980","0,42%"'].join('\n');
    const r = parseOhlcv(text, 'pl.csv', NOW);
    expect(ohlc(r)).toEqual([
      [DAY, 7.15, 7.19, 7.14, 7.18],
      [DAY + 86_400_000, 7.18, 7.24, 7.17, 7.215],
    ]);
    expect(r.bars.map((b) => b.volume)).toEqual([980, 1200]);
  });
});
