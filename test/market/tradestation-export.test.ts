import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

describe("TradeStation's intraday export", () => {
  it('("Date","Time","Open","High","Low","Close","Up","Down", MM/DD/YYYY) reads the volume as Up plus Down', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      const up = Math.floor(Number(volume) / 3);
      return `${m}/${d}/${y},00:00,${open},${high},${low},${close},${up},${Number(volume) - up}`;
    });
    const loaded = parseOhlcv(['"Date","Time","Open","High","Low","Close","Up","Down"', ...lines].join('\r\n'), 'ORCL.txt', NOW);
    // The volume was 0 on every bar: the file has no column named volume.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a volume column, when there is one, stays the volume', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},${volume},1,2`);
    expect(parseOhlcv(['Date,Open,High,Low,Close,Volume,Up,Down', ...lines].join('\n'), 'v.csv', NOW).bars).toEqual(original);
  });
});

describe("TradeStation's daily export", () => {
  it('dates each bar by its date alone, where every row is timed at the session’s close, and says so', () => {
    // As TradeStation writes natural gas futures' days: each day was read as opening at its own close, 17:00, and seen a day late.
    const text = ['"Date","Time","Open","High","Low","Close","Vol","OI"', '12/31/2007,17:00,21.816,22.007,21.750,21.950,25592,113865', '01/02/2008,17:00,22.039,22.342,22.031,22.317,62506,106692'].join('\r\n');
    const r = parseOhlcv(text, 'NG_daily.csv', NOW);
    expect(r.sessionClose).toBe('17:00');
    expect(r.bars.map((b) => [b.time, b.open, b.close, b.volume])).toEqual([
      [Date.UTC(2007, 11, 31), 21.816, 21.95, 25_592],
      [Date.UTC(2008, 0, 2), 22.039, 22.317, 62_506],
    ]);
  });

  it('reads each row by the rows before it: a half day, or a date written twice, later in the file moves no earlier day', () => {
    // Asked of the whole file (every row one time), a half day's 13:00 in the last row, or a day written at two times,
    // read every day from the first at 17:00, a day late: rows after a date changed the bars before it.
    const days = rows.map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      return `${m}/${d}/${y},17:00,${open},${high},${low},${close},${volume},0`;
    });
    const read = (lines: string[]) => parseOhlcv(['"Date","Time","Open","High","Low","Close","Vol","OI"', ...lines].join('\r\n'), 'ORCL_daily.csv', NOW);
    const halfDay = read([...days.slice(0, -1), days.at(-1)!.replace(',17:00,', ',13:00,')]);
    expect(halfDay.sessionClose).toBe('17:00');
    expect(halfDay.bars).toEqual(original);
    const twice = read([...days, days.at(-1)!.replace(',17:00,', ',12:00,')]);
    expect(twice.bars.slice(0, original.length)).toEqual(original);
  });

  it('reads its intraday rows, stamped at each bar’s close, as opening a bar earlier, and leaves days at midnight as written', () => {
    // Hourly bars of a session from 09:30 to 16:00: the last one, 15:30-16:00, cut short by the close.
    const hours = ['10:30', '11:30', '12:30', '13:30', '14:30', '15:30', '16:00'];
    const intraday = parseOhlcv(['"Date","Time","Open","High","Low","Close","Up","Down"', ...hours.map((t) => `12/18/2017,${t},100,101,99,100.5,1,2`)].join('\n'), 'SPY_60m.csv', NOW);
    expect(intraday.sessionClose).toBeUndefined();
    expect(intraday.closeStampMs).toBe(3_600_000);
    const at = (h: number, m: number) => Date.UTC(2017, 11, 18, h, m);
    expect(intraday.bars.map((b) => b.time)).toEqual([at(9, 30), at(10, 30), at(11, 30), at(12, 30), at(13, 30), at(14, 30), at(15, 0)]);
    // Each bar is seen when it closed: the last one at 16:00, its real close.
    expect(intraday.bars.at(-1)!.time + intraday.closeStampMs!).toBe(at(16, 0));
    const midnight = parseOhlcv(['"Date","Time","Open","High","Low","Close","Vol","OI"', '12/18/2017,00:00,100,101,99,100.5,1,2', '12/19/2017,00:00,100.5,102,100,101,3,4'].join('\n'), 'd.csv', NOW);
    expect([midnight.sessionClose, midnight.closeStampMs]).toEqual([undefined, undefined]);
    expect(midnight.bars.map((b) => b.time)).toEqual([Date.UTC(2017, 11, 18), Date.UTC(2017, 11, 19)]);
  });
  it("reads BitMEX's bucketed bars as opening a bin before their stamp, their open (the bin before's close) within the bin", () => {
    // XBTUSD's 5-minute bins as BitMEX's /trade/bucketed writes them: stamped at the bin's end, the open the close of
    // the bin before. Read as opens, every bar was a bin late; the third row's open (13793, the close before) lies
    // under its low and the row was refused as "open outside the range".
    const csv = [
      'timestamp,symbol,open,high,low,close,trades,volume,vwap,lastSize,turnover,homeNotional,foreignNotional',
      '2020-10-31 21:55:00+00:00,XBTUSD,13844.0,13845.0,13843.5,13845.0,157,636151,13844.6629,1500,4594931690,45.949,636151.0',
      '2020-10-31 22:00:00+00:00,XBTUSD,13845.0,13845.0,13793.0,13793.0,106,146477,13844.5,50,1058003371,10.58,146477.0',
      '2020-10-31 22:05:00+00:00,XBTUSD,13793.0,13804.5,13793.5,13800.0,90,120000,13799.0,10,869000000,8.69,120000.0',
    ].join('\n');
    const loaded = parseOhlcv(csv, 'XBTUSD.csv');
    expect(loaded.rejected).toEqual([]);
    expect(loaded.closeStampMs).toBe(300_000);
    expect(loaded.bitmexOpens).toBe(1);
    expect(loaded.bars.map((b) => [new Date(b.time).toISOString(), b.open])).toEqual([
      ['2020-10-31T21:50:00.000Z', 13844], ['2020-10-31T21:55:00.000Z', 13845], ['2020-10-31T22:00:00.000Z', 13793.5],
    ]);
    // The API's own answer, JSON with the same keys in the same order, was read with every bin a bin late and the
    // third row refused.
    const [header, ...lines] = csv.split('\n');
    const keys = header!.split(',');
    const json = JSON.stringify(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], i === 0 ? v.replace(' ', 'T').replace('+00:00', 'Z') : i === 1 ? v : Number(v)]))));
    const answer = parseOhlcv(json, 'XBTUSD.json');
    expect(answer.rejected).toEqual([]);
    expect([answer.closeStampMs, answer.bitmexOpens]).toEqual([300_000, 1]);
    expect(answer.bars).toEqual(loaded.bars);
  });
});
