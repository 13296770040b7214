import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

const dotted = (date: string | undefined) => date!.replace(/-/g, '.');

describe("MetaTrader 5's two volumes", () => {
  it('an export (DATE TIME OPEN HIGH LOW CLOSE TICKVOL VOL SPREAD, VOL 0 on most rows) reads the tick volume', () => {
    const lines = rows.map(([date, open, high, low, close, , volume], i) => [dotted(date), '00:00:00', open, high, low, close, volume, i === 7 ? '26218873000' : '0', '12'].join('\t'));
    const loaded = parseOhlcv(['DATE\tTIME\tOPEN\tHIGH\tLOW\tCLOSE\tTICKVOL\tVOL\tSPREAD', ...lines].join('\n'), 'EURUSD_H4.csv', NOW);
    // VOL was read: 0 on every bar but one.
    expect(loaded.bars).toEqual(original);
  });

  it("its Python API's copy_rates saved by pandas (time,open,high,low,close,tick_volume,spread,real_volume) reads a volume", () => {
    const ticks = rows.map(([date, open, high, low, close, , volume]) => [Date.parse(`${date}T00:00:00Z`) / 1000, open, high, low, close, volume, 12, 0].join(','));
    // There was no column named volume: 0 on every bar.
    expect(parseOhlcv(['time,open,high,low,close,tick_volume,spread,real_volume', ...ticks].join('\n'), 'rates.csv', NOW).bars).toEqual(original);
    const traded = rows.map(([date, open, high, low, close, , volume]) => [Date.parse(`${date}T00:00:00Z`) / 1000, open, high, low, close, 5, 1, volume].join(','));
    expect(parseOhlcv(['time,open,high,low,close,tick_volume,spread,real_volume', ...traded].join('\n'), 'rates.csv', NOW).bars).toEqual(original);
  });

  it('reads the volume its first rows choose: later rows with a real volume do not change the earlier ones (no look-ahead)', () => {
    // VOL 0 on the first 150 rows, then a real volume on the rest (more than half the file): judged by the whole file,
    // VOL was read, and every earlier bar lost its tick volume to a 0.
    const lines = rows.map(([date, open, high, low, close, , volume], i) => [dotted(date), '00:00:00', open, high, low, close, volume, i < 150 ? '0' : '5000', '12'].join('\t'));
    const loaded = parseOhlcv(['DATE\tTIME\tOPEN\tHIGH\tLOW\tCLOSE\tTICKVOL\tVOL\tSPREAD', ...lines].join('\n'), 'EURUSD_H4.csv', NOW);
    expect(loaded.bars).toEqual(original);
  });

  it('a traded volume on most rows stays the volume', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => [dotted(date), open, high, low, close, 99, volume].join(','));
    expect(parseOhlcv(['<DATE>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<TICKVOL>,<VOL>', ...lines].join('\n'), 'mt5.csv', NOW).bars).toEqual(original);
  });
});
