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

describe('Yahoo’s download before May 2017: raw prices beside an Adj Close adjusted for splits too', () => {
  /**
   * Its layout (Volume before Adj Close), newest first, across a 2:1 split at row 200 on a day the price also fell 6 %
   * (Tencent’s 0700.HK on 2014-05-15: 5:1, 5.8 % off its ratio): too far off 2:1 for an undeclared split.
   */
  const fall = (i: number) => (i >= SPLIT_ROW ? 0.94 : 1);
  /** `oldOpen`: the split day's open left on the old scale, outside its own range (Tencent's 514 ÷ 5 = 102.8). */
  function oldYahooCsv(upTo = rows.length, oldOpen = false): string {
    const lines = rows.slice(0, upTo).map(([date, open, high, low, close, , volume], i) =>
      [date, oldOpen && i === SPLIT_ROW ? Number(open) : raw(i, open) * fall(i), raw(i, high) * fall(i), raw(i, low) * fall(i), raw(i, close) * fall(i), volume, (Number(close) / 2) * fall(i)].join(','),
    );
    return ['Date,Open,High,Low,Close,Volume,Adj Close', ...lines.reverse()].join('\n');
  }

  it('takes the step of its Adj Close against the Close for the split it is, and quarantines from the split on, not a 53 % fall kept', () => {
    const loaded = parseOhlcv(oldYahooCsv(), 'table.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original.slice(0, SPLIT_ROW));
    expect(loaded.quarantined).toHaveLength(rows.length - SPLIT_ROW);
    expect(new Set(loaded.quarantined.map((q) => q.code))).toEqual(new Set(['unadjusted-split']));
    expect(loaded.quarantined.find((q) => q.time === original[SPLIT_ROW]!.time)!.message).toContain('the file declares a split of 2');
  });

  it('holds the split declared on a split day refused for its prices for the next row', () => {
    const loaded = parseOhlcv(oldYahooCsv(rows.length, true), 'table.csv', NOW);
    expect(loaded.rejected.map((r) => [r.time, r.code])).toEqual([[original[SPLIT_ROW]!.time, 'open-outside-range']]);
    expect(loaded.bars).toEqual(original.slice(0, SPLIT_ROW));
    expect(loaded.quarantined).toHaveLength(rows.length - SPLIT_ROW - 1);
    expect(loaded.quarantined.find((q) => q.time === original[SPLIT_ROW + 1]!.time)!.message).toContain('the file declares a split of 2');
  });

  it('judges each row from itself and the row before it: the rows before the split read the same without the rows after it', () => {
    expect(parseOhlcv(oldYahooCsv(SPLIT_ROW), 'table.csv', NOW).bars).toEqual(parseOhlcv(oldYahooCsv(), 'table.csv', NOW).bars.slice(0, SPLIT_ROW));
  });
});
