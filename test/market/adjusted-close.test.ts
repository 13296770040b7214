import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

/**
 * ORCL's first 399 rows as Alpha Vantage's daily adjusted series gives a stock with a 2:1 split at row 200: raw prices
 * halve there, the split coefficient says 2.0 on that row, and the adjusted close is on today's scale all along.
 */
const SPLIT_ROW = 200;
const raw = (i: number, price: string | undefined) => Number(price) / (i >= SPLIT_ROW ? 2 : 1);
const coefficient = (i: number) => (i === SPLIT_ROW ? '2.0' : '1.0');

function avCsv(): string {
  const lines = rows.map(([date, open, high, low, close, , volume], i) =>
    [date, raw(i, open), raw(i, high), raw(i, low), raw(i, close), Number(close) / 2, volume, '0.0000', coefficient(i)].join(','),
  );
  return ['timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient', ...lines.reverse()].join('\n');
}

function avJson(): string {
  const series = Object.fromEntries(
    rows.map(([date, open, high, low, close, , volume], i) => [
      date,
      { '1. open': String(raw(i, open)), '2. high': String(raw(i, high)), '3. low': String(raw(i, low)), '4. close': String(raw(i, close)), '5. adjusted close': String(Number(close) / 2), '6. volume': volume, '7. dividend amount': '0.0000', '8. split coefficient': coefficient(i) },
    ]).reverse(),
  );
  return JSON.stringify({ 'Meta Data': { '2. Symbol': 'ORCL', '5. Time Zone': 'US/Eastern' }, 'Time Series (Daily)': series });
}

/** The same rows as EODHD's end-of-day JSON gives them: raw prices, `adjusted_close`, oldest first, no split column. */
function eodhdJson(): string {
  return JSON.stringify(rows.map(([date, open, high, low, close, , volume], i) => ({ date, open: raw(i, open), high: raw(i, high), low: raw(i, low), close: raw(i, close), adjusted_close: Number(close) / 2, volume: Number(volume) })));
}

describe('raw prices beside an adjusted close, across a split the file declares (Alpha Vantage daily adjusted)', () => {
  for (const [layout, text, name] of [['CSV', avCsv(), 'daily_adjusted_ORCL.csv'], ['JSON', avJson(), 'av-orcl.json'], ['EODHD JSON', eodhdJson(), 'ORCL.US.json']] as const) {
    it(`${layout}: reads every row on the adjusted scale instead of quarantining all from the split on`, () => {
      const loaded = parseOhlcv(text, name, NOW);
      expect(loaded.quarantined).toEqual([]);
      expect(loaded.rejected).toEqual([]);
      expect(loaded.bars).toHaveLength(original.length);
      loaded.bars.forEach((b, i) => {
        const o = original[i]!;
        expect(b.time).toBe(o.time);
        for (const key of ['open', 'high', 'low', 'close'] as const) expect(b[key]).toBeCloseTo(o[key] / 2, 9);
        // Shares before the split count double on today's basis.
        expect(b.volume).toBe(o.volume * (i < SPLIT_ROW ? 2 : 1));
      });
    });
  }

  it('reads each row from its own fields: the rows before the split read the same without the rows after it', () => {
    const whole = parseOhlcv(avCsv(), 'daily_adjusted_ORCL.csv', NOW).bars;
    const header = avCsv().split('\n')[0]!;
    const before = parseOhlcv([header, ...avCsv().split('\n').slice(-SPLIT_ROW)].join('\n'), 'daily_adjusted_ORCL.csv', NOW).bars;
    expect(before).toHaveLength(SPLIT_ROW);
    expect(before).toEqual(whole.slice(0, SPLIT_ROW));
  });

  it("reads Yahoo's Adj Close as before: its Close is adjusted for splits already, its Adj Close for dividends too", () => {
    const text = [
      'Date,Open,High,Low,Close,Adj Close,Volume,Dividends,Stock Splits',
      ...rows.map(([date, open, high, low, close, , volume], i) => `${date},${open},${high},${low},${close},${Number(close) * 0.9},${volume},0.0,${i === SPLIT_ROW ? 2 : 0}`),
    ].join('\n');
    const loaded = parseOhlcv(text, 'orcl-yf.csv', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });
});
