import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original, ms } from './orcl-sample.js';

// Candles as exchanges' REST APIs answer them, saved as they came (nautilus_trader keeps such answers as test data).
describe("an exchange's kline answer saved as it came", () => {
  it("Bybit's ({\"retCode\":0,\"result\":{\"symbol\",\"list\":[[ms, o, h, l, c, volume, turnover]]}}, newest first) reads as the same bars", () => {
    const list = [...rows].reverse().map(([date, open, high, low, close, , volume]) => [String(ms(date)), open, high, low, close, volume, '1000']);
    const answer = { retCode: 0, retMsg: 'OK', result: { category: 'linear', symbol: 'ORCL', list }, retExtInfo: {}, time: 1709891679050 };
    // It was refused: 'expected a JSON array of [ts_ms, open, high, low, close, volume]...'.
    const loaded = parseOhlcv(JSON.stringify(answer), 'bybit.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("Kraken's ({\"error\":[],\"result\":{\"PAIR\":[[s, o, h, l, c, vwap, volume, count]],\"last\":...}}) reads as the same bars, volume and all", () => {
    const pair = rows.map(([date, open, high, low, close, , volume]) => [ms(date) / 1000, open, high, low, close, close, volume, 7]);
    const loaded = parseOhlcv(JSON.stringify({ error: [], result: { ORCLUSD: pair, last: ms(rows.at(-1)![0]) / 1000 } }), 'kraken.json', NOW);
    // The empty "error" array was taken for the bars: 'has no data rows'; and the VWAP would have been the volume.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("HTX's ({\"ch\":\"market.x.kline.1day\",\"data\":[{id, open, close, low, high, amount, vol, count}]}, newest first) reads as the same bars, amount the volume", () => {
    const data = [...rows].reverse().map(([date, open, high, low, close, , volume]) => ({ id: ms(date) / 1000, open: Number(open), close: Number(close), low: Number(low), high: Number(high), amount: Number(volume), vol: Number(volume) * Number(close), count: 7 }));
    // Every row was refused as having no time, and \`vol\` (the value traded) would have been the volume.
    const loaded = parseOhlcv(JSON.stringify({ ch: 'market.orclusdt.kline.1day', status: 'ok', ts: 1594778752403, data }), 'htx.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("CoinGecko's market_chart answer (prices, market_caps, total_volumes: one price per time) is named as prices, not bars", () => {
    const points = rows.slice(0, 30).map(([date, , , , close]) => [ms(date), Number(close)]);
    const chart = JSON.stringify({ prices: points, market_caps: points.map(([t, p]) => [t, p! * 1e6]), total_volumes: points.map(([t]) => [t, 5e5]) });
    // It was refused as 'expected a JSON array of [ts_ms, open, high, low, close, volume]...'.
    expect(() => parseOhlcv(chart, 'coingecko.json', NOW)).toThrow(/is CoinGecko's market_chart answer .* one price per time \(30\), not bars.*use bars with open, high, low and close/);
  });

  it("Gate's spot candlesticks ([s, quote volume, close, high, low, open, base volume, closed], strings) read as the same bars; a candle not closed is left out", () => {
    const candles = rows.map(([date, open, high, low, close, , volume]) => [String(ms(date) / 1000), String(Number(volume) * Number(close)), close, high, low, open, volume, 'true']);
    const forming = [String(ms('2030-01-02') / 1000), '10', '5', '6', '4', '5', '2', 'false'];
    // Read as [time, open, high, low, close]: every row was refused ('high below low').
    const loaded = parseOhlcv(JSON.stringify([...candles, forming]), 'gate.json', NOW);
    expect(loaded.bars).toEqual(original);
    expect(loaded.rejected.map((r) => [r.code, r.message])).toEqual([['unfinished-bar', 'marked as not complete (closed "false"): a bar still forming when saved']]);
    // Its documentation's answer, one candle without the base volume: the quote volume is the only volume there is.
    const doc = parseOhlcv('[["1539852480","971519.677","0.0021724","0.0021922","0.0021724","0.0021737","true"]]', 'gate-doc.json', NOW);
    expect(doc.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([[1539852480000, 0.0021737, 0.0021922, 0.0021724, 0.0021724, 971519.677]]);
  });

  it("Poloniex's candles ([low, high, open, close, ..., startTime, closeTime], spot and futures) read as the same bars", () => {
    // Every row was refused, its low quoted as a time that is no date.
    const day = 86_400_000;
    const spot = rows.map(([date, open, high, low, close, , volume]) => [low, high, open, close, String(Number(volume) * Number(close)), volume, '0', '0', 7, ms(date) + 5, close, 'DAY_1', ms(date), ms(date) + day - 1]);
    const loaded = parseOhlcv(JSON.stringify(spot), 'poloniex.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
    const futures = rows.map(([date, open, high, low, close, , volume]) => [low, high, open, close, '0', volume, '7', String(ms(date)), String(ms(date) + day - 1)]);
    expect(parseOhlcv(JSON.stringify({ code: 200, msg: 'Success', data: futures }), 'poloniex-futures.json', NOW).bars).toEqual(original);
  });

  it('their error answers are said as failed downloads', () => {
    const kraken = JSON.stringify({ error: ['EQuery:Unknown asset pair'], result: { last: 0 } });
    expect(() => parseOhlcv(kraken, 'kraken.json', NOW)).toThrow(/error answer, not bars \("EQuery:Unknown asset pair"\)/);
    const bybit = JSON.stringify({ retCode: 10001, retMsg: 'params error: symbol invalid', result: {}, retExtInfo: {}, time: 1 });
    expect(() => parseOhlcv(bybit, 'bybit.json', NOW)).toThrow(/error answer, not bars \("params error: symbol invalid"\)/);
    const htx = JSON.stringify({ status: 'error', 'err-code': 'invalid-parameter', 'err-msg': 'invalid symbol', data: null });
    expect(() => parseOhlcv(htx, 'htx.json', NOW)).toThrow(/error answer, not bars \("invalid symbol"\)/);
  });
});
