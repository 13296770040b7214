import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const HEADER = 'code,time_key,open,close,high,low,pe_ratio,turnover_rate,volume,turnover,change_rate,last_close';

// Futu's (moomoo's) K-lines from its OpenAPI's request_history_kline, saved by pandas: the file was refused as having
// no date column; its intraday bars are stamped at their close (Hong Kong's morning ends on a 12:00 bar, its afternoon
// opens on 13:01).
describe("Futu's K-lines", () => {
  it('dates each intraday bar by time_key, read back a bar length to its open, with open, close, high, low in its order', () => {
    const rows = [
      'HK.00001,2019-01-02 11:59:00,68.266,68.316,68.316,68.266,0.0,0.0,21000,1433950.0,0.0,68.266',
      'HK.00001,2019-01-02 12:00:00,68.266,68.266,68.266,68.266,0.0,0.0,0,0.0,0.0,68.316',
      'HK.00001,2019-01-02 13:01:00,68.266,68.366,68.366,68.216,0.0,0.0,83000,5671075.0,0.14,68.266',
      'HK.00001,2019-01-02 13:02:00,68.366,68.316,68.416,68.316,0.0,0.0,25500,1743300.0,-0.07,68.366',
    ];
    const r = parseOhlcv([HEADER, ...rows].join('\n'), 'HK.00001_2019-01-02_1M.csv', { ...NOW, timesIn: 'Asia/Hong_Kong' });
    expect(r.closeStampMs).toBe(60_000);
    expect(r.bars.map((b) => [new Date(b.time).toISOString(), b.open, b.high, b.low, b.close, b.volume])).toEqual([
      ['2019-01-02T03:58:00.000Z', 68.266, 68.316, 68.266, 68.316, 21_000],
      ['2019-01-02T03:59:00.000Z', 68.266, 68.266, 68.266, 68.266, 0],
      ['2019-01-02T05:00:00.000Z', 68.266, 68.366, 68.216, 68.366, 83_000],
      ['2019-01-02T05:01:00.000Z', 68.366, 68.416, 68.316, 68.316, 25_500],
    ]);
  });

  it('leaves its days, stamped at midnight, as written', () => {
    const days = ['HK.00700,2021-01-04 00:00:00,529.0,528.0,534.5,520.0,0.0,0.0,22001616,11656718400.0,0.0,528.0', 'HK.00700,2021-01-05 00:00:00,529.0,542.0,543.5,526.0,0.0,0.0,17627283,9456087350.0,2.65,528.0'];
    const r = parseOhlcv([HEADER, ...days].join('\n'), 'HK.00700_1D.csv', NOW);
    expect(r.closeStampMs).toBeUndefined();
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2021, 0, 4), Date.UTC(2021, 0, 5)]);
  });

  it('reads each bar back by its length as the rows up to it show it: later rows of a shorter bar move no earlier one', () => {
    // Ten 1-minute bars, then the file goes on in 30-second bars: taken over the whole file, the most common step
    // (30 s) moved the 1-minute bars before it by 30 s too, so that a later row changed when an earlier bar opened.
    const row = (t: number) => `HK.00001,${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},68.266,68.316,68.316,68.266,0.0,0.0,21000,1433950.0,0.0,68.266`;
    const minutes = Array.from({ length: 10 }, (_, i) => row(Date.UTC(2019, 0, 2, 9, 31 + i)));
    const halves = Array.from({ length: 30 }, (_, i) => row(Date.UTC(2019, 0, 2, 9, 41) + (i + 1) * 30_000));
    const alone = parseOhlcv([HEADER, ...minutes].join('\n'), 'a.csv', NOW);
    const continued = parseOhlcv([HEADER, ...minutes, ...halves].join('\n'), 'b.csv', NOW);
    expect(alone.bars[0]!.time).toBe(Date.UTC(2019, 0, 2, 9, 30));
    expect(continued.bars.slice(0, 10)).toEqual(alone.bars);
    expect(continued.closeStampMs).toBe(30_000);
  });
});
