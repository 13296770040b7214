import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// The shared ORCL rows as the JSON answers of APIs that name their fields their own way, prices as strings where the
// API sends strings.
describe('JSON bars named as exchanges and data vendors name them', () => {
  it("dYdX's candles ({candles: [...]}, newest first, startedAt, baseTokenVolume) read as the bars", () => {
    const candles = [...rows].reverse().map(([date, open, high, low, close, , volume]) => ({
      startedAt: `${date}T00:00:00.000Z`, ticker: 'ORCL-USD', resolution: '1DAY', low, high, open, close,
      baseTokenVolume: volume, usdVolume: String(Number(volume) * Number(close)), trades: 10, startingOpenInterest: '0',
    }));
    const loaded = parseOhlcv(JSON.stringify({ candles }), 'dydx-ORCL-USD.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("Coinbase's candles (start in epoch seconds) and CoinAPI's (time_period_start, price_open, volume_traded)", () => {
    const coinbase = rows.map(([date, open, high, low, close, , volume]) => ({ start: String(Date.parse(`${date}T00:00:00Z`) / 1000), low, high, open, close, volume }));
    expect(parseOhlcv(JSON.stringify({ candles: coinbase }), 'coinbase.json', NOW).bars).toEqual(original);
    const coinapi = rows.map(([date, open, high, low, close, , volume]) => ({
      time_period_start: `${date}T00:00:00.0000000Z`, time_period_end: `${date}T23:59:59.9999999Z`,
      price_open: Number(open), price_high: Number(high), price_low: Number(low), price_close: Number(close), volume_traded: Number(volume), trades_count: 1,
    }));
    expect(parseOhlcv(JSON.stringify(coinapi), 'coinapi.json', NOW).bars).toEqual(original);
  });

  it('without a price key, the file is refused once, naming the keys it has (not "open is NaN" on every row)', () => {
    const noOpen = rows.map(([date, , high, low, close, , volume]) => ({ open_time: Date.parse(`${date}T00:00:00Z`), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }));
    expect(() => parseOhlcv(JSON.stringify(noOpen), 'BTC-USD.json', NOW)).toThrow(
      'OHLCV file BTC-USD.json: its bars have no open (keys found: open_time, high, low, close, volume); expected open, high, low, close (or o, h, l, c) with a time',
    );
    // Nor a time under a name this reader knows (WOO X's klines: start_timestamp, end_timestamp): each row was refused
    // as having no time, told to rewrite its times as YYYY-MM-DD.
    const woo = rows.map(([date, open, high, low, close, , volume]) => ({ open: Number(open), close: Number(close), low: Number(low), high: Number(high), volume: Number(volume), symbol: 'SPOT_ORCL_USDT', type: '1d', start_timestamp: Date.parse(`${date}T00:00:00Z`), end_timestamp: Date.parse(`${date}T00:00:00Z`) + 86_400_000 }));
    expect(() => parseOhlcv(JSON.stringify({ success: true, rows: woo }), 'woo.json', NOW)).toThrow(
      'OHLCV file woo.json: its bars have no time under a name this reader knows (keys found: open, close, low, high, volume, symbol, type, start_timestamp, end_timestamp); rename the key that holds each bar\'s open (epoch seconds or ms, or an ISO date) to "time" (here "start_timestamp", if it is the bar\'s open and not its end)',
    );
    // A price that is null on a row is that row's fault, not the file's.
    const nullOpen = rows.map(([date, open, high, low, close], i) => ({ date, open: i === 3 ? null : Number(open), high: Number(high), low: Number(low), close: Number(close) }));
    expect(parseOhlcv(JSON.stringify(nullOpen), 'x.json', NOW).rejected.map((r) => r.row)).toEqual([4]);
  });

  it("Tardis' time bars (JSON Lines, stamped at their end) read from their start, the end less the interval", () => {
    const lines = Array.from({ length: 12 }, (_, i) => {
      const end = Date.UTC(2019, 9, 25, 13, 11, 40) + i * 10_000;
      const p = 7623.5 + (i % 3) * 0.5;
      return JSON.stringify({
        type: 'trade_bar', symbol: 'XBTUSD', exchange: 'bitmex', name: 'trade_bar_10000ms', interval: 10_000, kind: 'time',
        open: p, high: p + 0.5, low: p - 0.5, close: p, volume: 37_034, buyVolume: 24_244, sellVolume: 12_790, trades: 9, vwap: p,
        openTimestamp: new Date(end - 8_426).toISOString(), closeTimestamp: new Date(end - 788).toISOString(),
        localTimestamp: new Date(end + 369).toISOString(), timestamp: new Date(end).toISOString(),
      });
    });
    const loaded = parseOhlcv(lines.join('\n'), 'tardis-XBTUSD.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars[0]).toMatchObject({ time: Date.UTC(2019, 9, 25, 13, 11, 30), open: 7623.5, volume: 37_034 });
    expect(loaded.barMs).toBe(10_000);
  });

  it("a series of closes (FMP's historical-price-full with serietype=line) is named as closes only, not told to add prices it cannot have", () => {
    const line = { symbol: 'ORCL', historical: rows.map(([date, , , , close]) => ({ date, close: Number(close) })).reverse() };
    expect(() => parseOhlcv(JSON.stringify(line), 'ORCL.json', NOW)).toThrow(
      "OHLCV file ORCL.json holds closes only (keys found: date, close; no open, high or low): a backtest fills orders at a bar's open and checks stops against its high and low, which a close alone cannot give; use bars with open, high, low and close (the same source's full daily history) instead of a price series",
    );
  });

  it("Upbit's candles (newest first, trade_price the close) are dated by candle_date_time_utc, not by their last trade", () => {
    const candles = [...rows].reverse().map(([date, open, high, low, close, , volume]) => ({
      market: 'KRW-ORCL', candle_date_time_utc: `${date}T00:00:00`, candle_date_time_kst: `${date}T09:00:00`,
      opening_price: Number(open), high_price: Number(high), low_price: Number(low), trade_price: Number(close),
      // The candle's last trade, late in its day: never the bar's time.
      timestamp: Date.parse(`${date}T23:59:58Z`), candle_acc_trade_price: 1, candle_acc_trade_volume: Number(volume),
      prev_closing_price: 1, change_price: 0, change_rate: 0,
    }));
    const loaded = parseOhlcv(JSON.stringify(candles), 'upbit-KRW-ORCL.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
    // Saved with the Korean time alone (09:00 KST, the day's open), and even with --times-in: still the same instants.
    const kstOnly = candles.map(({ candle_date_time_utc: _utc, timestamp: _last, ...rest }) => rest);
    expect(parseOhlcv(JSON.stringify(kstOnly), 'upbit-kst.json', NOW).bars).toEqual(original);
    expect(parseOhlcv(JSON.stringify(kstOnly), 'upbit-kst.json', { ...NOW, timesIn: 'America/New_York' }).bars).toEqual(original);
  });
  it("CryptoCompare's histoday answer: volumefrom (the coin's amount) is the volume, where every bar had none", () => {
    const Data = rows.map(([date, open, high, low, close, , volume]) => ({
      time: Date.parse(`${date}T00:00:00Z`) / 1000, close: Number(close), high: Number(high), low: Number(low), open: Number(open),
      volumefrom: Number(volume), volumeto: Number(volume) * Number(close), conversionType: 'direct', conversionSymbol: '',
    }));
    const answer = { Response: 'Success', Type: 100, Aggregated: false, TimeTo: Data.at(-1)!.time, TimeFrom: Data[0]!.time, FirstValueInArray: true, Data };
    expect(parseOhlcv(JSON.stringify(answer), 'histoday.json', NOW).bars).toEqual(original);
  });
});
