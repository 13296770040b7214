import { describe, expect, it } from 'vitest';
import type { BacktestMarket } from '../../src/backtest/backtest-market.js';
import { buildRecord } from '../../src/backtest/build-record.js';
import { roundTrips } from '../../src/backtest/report/round-trips.js';
import { fillsCsv, tradesCsv } from '../../src/backtest/report/report-csv.js';
import { loadConfig } from '../../src/config/config.js';
import type { Fill } from '../../src/domain/order.js';

const H = 3_600_000;
const day = Date.UTC(2017, 8, 20);
const fill = (clientOrderId: string, symbol: string, side: 'buy' | 'sell', time: number, price: number): Fill => ({ clientOrderId, symbol, side, qty: 1, price, fee: 0.1, time });

describe('the record of a run over several calendars', () => {
  it('lists fills, and the round trips they close, in the time order of their bars', () => {
    // As a run over a daily and an hourly file sees them: AAPL's stop inside the daily bar of the 20th is known when that
    // bar closes, after BTC's fills of the same day; it is dated at its bar's open.
    const seen = [
      fill('b1', 'BTC', 'buy', day - 20 * H, 4000),
      fill('a1', 'AAPL', 'buy', day - 24 * H, 160),
      fill('b2', 'BTC', 'sell', day + 5 * H, 4100),
      fill('a2', 'AAPL', 'sell', day, 155),
      fill('b3', 'BTC', 'buy', day + 30 * H, 4050),
    ];
    const record = buildRecord({
      name: 'mixed',
      config: loadConfig({ env: {} }),
      series: [],
      market: {} as BacktestMarket,
      store: { positions: () => [] },
      equity: [],
      fills: seen,
      signals: [],
      verdictOfOrder: new Map(),
      decisions: { verdicts: [], riskGate: [] },
    });
    expect(record.fills.map((f) => f.clientOrderId)).toEqual(['a1', 'b1', 'a2', 'b2', 'b3']);
    const times = fillsCsv(record).trim().split('\n').slice(1).map((line) => line.split(',')[0]!);
    expect(times).toEqual([...times].sort());
    const trips = roundTrips(record.fills);
    expect(trips.map((t) => [t.symbol, t.exitTime])).toEqual([['AAPL', day], ['BTC', day + 5 * H], ['BTC', null]]);
    expect(tradesCsv(trips).split('\n')[1]).toMatch(/^AAPL,/);
  });
});
