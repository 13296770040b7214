import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// The shared ORCL rows as the saved JSON answers of brokers' and data vendors' APIs, each in its own shape.
describe('JSON answers of data APIs, saved as they came', () => {
  it("T-Bank's (Tinkoff's) Invest API candles: each price a Quotation of units and billionths", () => {
    // {"units": 124, "nano": 740000000} is 124.74; every candle was refused as having no open.
    const quotation = (text: string) => {
      const [units, fraction = ''] = text.split('.');
      return { units: Number(units), nano: Number(fraction.padEnd(9, '0').slice(0, 9)) };
    };
    const candles = rows.map(([date, open, high, low, close, , volume]) => ({
      open: quotation(open!), high: quotation(high!), low: quotation(low!), close: quotation(close!),
      volume: Number(volume), time: `${date}T00:00:00.000Z`, isComplete: true,
    }));
    const loaded = parseOhlcv(JSON.stringify(candles, null, 2), 'tinkoff-ORCL.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
    // Negative quotations are negative in both parts (-1.5 is units -1, nano -500000000): refused as negative, not misread.
    const negative = [{ ...candles[0]!, low: { units: -1, nano: -500000000 } }, ...candles.slice(1)];
    expect(parseOhlcv(JSON.stringify(negative), 'neg.json', NOW).rejected[0]?.message).toMatch(/-1\.5/);
  });

  it("Xueqiu's (Snowball's) kline answer: the rows under `item`, their columns named by `column`, the volume before the prices", () => {
    // Its daily bars are stamped at midnight in Beijing (16:00 UTC the day before), in epoch milliseconds; refused as
    // "expected a JSON array".
    const column = ['timestamp', 'volume', 'open', 'high', 'low', 'close', 'chg', 'percent', 'turnoverrate', 'ma5', 'ma20', 'ma20'];
    const item = rows.map(([date, open, high, low, close, , volume]) => [Date.parse(`${date}T00:00:00+08:00`), Number(volume), Number(open), Number(high), Number(low), Number(close), 0.1, 0.5, 0, 1, 2, 2]);
    const answer = { data: { symbol: 'SH000001', column, item }, error_code: 0, error_description: '' };
    const loaded = parseOhlcv(JSON.stringify(answer), 'xueqiu-kline.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original.map((b) => ({ ...b, time: b.time - 8 * 3_600_000 })));
  });

  it("Hyperliquid's candleSnapshot: `t` is the candle's open and `T` its end, whichever comes first in the object", () => {
    // The API writes `t` before `T` (its 2023 answers sorted the keys, `T` first): read in that order, every candle was
    // dated at its end, 23:59:59.999, a day late.
    const candles = rows.map(([date, open, high, low, close, , volume]) => ({
      t: Date.parse(`${date}T00:00:00Z`), T: Date.parse(`${date}T23:59:59.999Z`), s: 'ORCL', i: '1d', o: open, c: close, h: high, l: low, v: volume, n: 10,
    }));
    expect(parseOhlcv(JSON.stringify(candles), 'hyperliquid-ORCL.json', NOW).bars).toEqual(original);
    const sorted = candles.map((c) => Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(parseOhlcv(JSON.stringify(sorted), 'hyperliquid-sorted.json', NOW).bars).toEqual(original);
  });

  it("Twelve Data's time_series answer: intraday times are the wall clock of the exchange_timezone its meta names", () => {
    const answer = (timeOf: (date: string) => string) => ({
      meta: { symbol: 'ORCL', interval: '1h', currency: 'USD', exchange_timezone: 'America/New_York', exchange: 'NYSE', mic_code: 'XNYS', type: 'Common Stock' },
      values: [...rows].reverse().map(([date, open, high, low, close, , volume]) => ({ datetime: timeOf(date!), open, high, low, close, volume })),
      status: 'ok',
    });
    // Read as UTC, every New York bar was 5 hours early (4 in summer), with only a hint that the file names no zone.
    const hourly = parseOhlcv(JSON.stringify(answer((d) => `${d} 10:00:00`)), 'td-ORCL-1h.json', NOW);
    expect(hourly.rejected).toEqual([]);
    expect(hourly.zonelessClock).toBe(false);
    // Said (check-data), since an answer asked with timezone=UTC names the exchange's zone all the same.
    expect(hourly.answerZone).toBe('America/New_York');
    expect(hourly.bars.find((b) => new Date(b.time).toISOString().startsWith('1995-01-03'))!.time).toBe(Date.parse('1995-01-03T15:00:00Z'));
    expect(hourly.bars.find((b) => new Date(b.time).toISOString().startsWith('1995-07-05'))!.time).toBe(Date.parse('1995-07-05T14:00:00Z'));
    // Days stay days; a zone named with --times-in (a download asked with timezone=UTC) is taken instead of the meta's.
    expect(parseOhlcv(JSON.stringify(answer((d) => d)), 'td-ORCL-1day.json', NOW).bars).toEqual(original);
    const utc = parseOhlcv(JSON.stringify(answer((d) => `${d} 10:00:00`)), 'td-utc.json', { ...NOW, timesIn: 'UTC' });
    expect(utc.bars[0]!.time).toBe(Date.parse(`${rows[0]![0]}T10:00:00Z`));
    expect(utc.answerZone).toBeUndefined();
    // Its batch answer, keyed by symbol: one symbol is read, two are refused naming them (not "expected a JSON array").
    expect(parseOhlcv(JSON.stringify({ ORCL: answer((d) => d) }), 'td-batch-1.json', NOW).bars).toEqual(original);
    expect(() => parseOhlcv(JSON.stringify({ ORCL: answer((d) => d), MSFT: answer((d) => d) }), 'td-batch.json', NOW)).toThrow(/holds 2 symbols' answers \(ORCL, MSFT\): one symbol per file/);
  });
  it("Nasdaq.com's history turned into JSON: dates as MM/DD/YYYY, prices with a dollar sign, newest first", () => {
    // Every row was refused: the JSON reader took neither a slashed date (whose order a CSV's dates settle) nor "$112.28".
    const us = (date: string) => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
    const history = [...rows].reverse().map(([date, open, high, low, close, , volume]) => ({ Date: us(date!), Close: `$${close}`, Volume: Number(volume), Open: `$${open}`, High: `$${high}`, Low: `$${low}` }));
    const loaded = parseOhlcv(JSON.stringify(history, null, 2), 'nasdaq-ORCL.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
    // Dates that fit both orders are refused saying why, as in a CSV: a wrong guess would move bars by months.
    const early = history.filter((h) => Number(h.Date.slice(3, 5)) <= 12);
    expect(parseOhlcv(JSON.stringify(early), 'nasdaq-early.json', NOW).rejected[0]?.message).toMatch(/no date of the file has a number above 12/);
  });

  it("IG's and Capital.com's prices: each price a bid and an ask, dated by snapshotTimeUTC, else by snapshotTime", () => {
    // Every bar was refused as having no time. A price is its last trade where it has one, else the mid of bid and ask.
    const price = (text: string, lastTraded: number | null = null) => ({ bid: Number(text) - 0.35, ask: Number(text) + 0.35, lastTraded });
    const prices = rows.map(([date, open, high, low, close, , volume]) => ({
      snapshotTime: `${date}T19:00:00`, snapshotTimeUTC: `${date}T00:00:00`,
      openPrice: price(open!), closePrice: price(close!), highPrice: price(high!), lowPrice: price(low!), lastTradedVolume: Number(volume),
    }));
    const capital = parseOhlcv(JSON.stringify({ prices, instrumentType: 'SHARES', tickSize: 0.01, pipPosition: 0 }), 'capital-ORCL.json', NOW);
    expect(capital.rejected).toEqual([]);
    expect(capital.bars).toEqual(original);
    // IG's older answer names only the account's clock, `2022/05/18 09:00:00`, read as a time without a zone.
    const ig = prices.map(({ snapshotTimeUTC, ...p }) => ({ ...p, snapshotTime: snapshotTimeUTC.replace(/-/g, '/').replace('T', ' ') }));
    expect(parseOhlcv(JSON.stringify({ prices: ig }), 'ig-ORCL.json', NOW).bars).toEqual(original);
    // A share's prices carry the last trade: read in place of the mid (here the mid is off it by 0.4).
    const trade = (p: { bid: number; ask: number }) => ({ bid: p.bid - 0.8, ask: p.ask, lastTraded: (p.bid + p.ask) / 2 });
    const traded = prices.map((p) => ({ ...p, openPrice: trade(p.openPrice), highPrice: trade(p.highPrice), lowPrice: trade(p.lowPrice), closePrice: trade(p.closePrice) }));
    expect(parseOhlcv(JSON.stringify({ prices: traded }), 'ig-traded.json', NOW).bars).toEqual(original);
  });

  it("Saxo's chart samples of FX: each price's bid and ask named apart (OpenBid, OpenAsk, ...), read as their mid", () => {
    // Refused as bars with no open, high, low or close, the keys found listed.
    const Data = rows.map(([date, open, high, low, close]) => ({
      CloseAsk: Number(close) + 0.25, CloseBid: Number(close) - 0.25, HighAsk: Number(high) + 0.25, HighBid: Number(high) - 0.25,
      LowAsk: Number(low) + 0.25, LowBid: Number(low) - 0.25, OpenAsk: Number(open) + 0.25, OpenBid: Number(open) - 0.25, Time: `${date}T00:00:00.000000Z`,
    }));
    const loaded = parseOhlcv(JSON.stringify({ ChartInfo: { DelayedByMinutes: 0, ExchangeId: 'SBFX', Horizon: 1440 }, Data, DataVersion: 29537652 }), 'saxo-ORCL.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original.map((b) => ({ ...b, volume: 0 })));
  });

  it("a bot's dump of one symbol's candles by timeframe, deeper than any answer read: refused naming each series and the jq keeping one", () => {
    // {"market_data": {"klines": {"1D": {"symbol", "interval", "candles": [...]}, "4H": {...}}}, "meta": {...}}: it was
    // told only that a JSON array of bars was expected.
    const candles = (ms: number) => [0, 1].map((i) => ({ time: Date.UTC(2025, 5, 16) + i * ms, open: 105540.7, high: 108926.6, low: 104922.9, close: 106752.1, volume: 9932.2, date: '' }));
    const dump = { market_data: { klines: { '1D': { symbol: 'BTC-USDT', interval: '1d', candles: candles(86_400_000) }, '4H': { symbol: 'BTC-USDT', interval: '4h', candles: candles(14_400_000) } } }, meta: { symbol: 'BTC-USDT', limit: 200 } };
    expect(() => parseOhlcv(JSON.stringify(dump), 'klines.json', NOW)).toThrow(/holds 2 series of bars inside an object this reader does not know, at market_data\.klines\.1D\.candles \(2 bars\), market_data\.klines\.4H\.candles \(2 bars\): one series per file; .*jq '\.market_data\.klines\["1D"\]\.candles' klines\.json > 1D-candles\.json/);
    // An object holding no bars keeps the old refusal.
    expect(() => parseOhlcv('{"a": {"b": {"c": "x"}}}', 'x.json', NOW)).toThrow(/expected a JSON array/);
  });
});
