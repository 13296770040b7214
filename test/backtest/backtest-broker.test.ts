import { describe, expect, it } from 'vitest';
import { BacktestBroker } from '../../src/backtest/backtest-broker.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { isFlatWithoutVolume } from '../../src/market/filler-bars.js';
import type { Bar } from '../../src/market/market-port.js';
import { OHLCV } from './helpers.js';
import { join } from 'node:path';

const bar = (time: number, open: number) => ({ time, open, high: open + 1, low: open - 1, close: open, volume: 1 });

describe('backtest broker', () => {
  it('keeps a market order in flight and fills it at the next bar open of its symbol, with slippage and fee', async () => {
    const broker = new BacktestBroker({ slippageBps: 10, feeBps: 20 });
    const answer = await broker.submit({ clientOrderId: 'a', symbol: 'X', side: 'buy', qty: 2 });
    expect(answer).toEqual({ status: 'submitted', fills: [] });
    expect(broker.openBar('Y', bar(1000, 50))).toEqual([]);
    const [filled] = broker.openBar('X', bar(2000, 100));
    expect(filled!.result.status).toBe('filled');
    expect(filled!.result.fills[0]).toMatchObject({ price: 100 * 1.001, time: 2000, qty: 2 });
    expect(filled!.result.fills[0]!.fee).toBeCloseTo(2 * 100.1 * 0.002, 10);
    expect(broker.openBar('X', bar(3000, 101))).toEqual([]);
    expect(await broker.fetchOrder({ clientOrderId: 'a', symbol: 'X' })).toMatchObject({ status: 'filled' });
  });

  it('never fills an order at the open of a bar that opened before the decision: it waits for the next bar', async () => {
    // A daily symbol beside a minute one: news at 14:30 decides a BUY while the day’s bar (open at 00:00) is forming.
    const day = 86_400_000;
    let now = 14.5 * 3_600_000;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, fillTimeoutMs: () => 5 * day });
    await broker.submit({ clientOrderId: 'news', symbol: 'D', side: 'buy', qty: 1 });
    now = day;
    expect(broker.openBar('D', bar(0, 100)), 'the bar forming at the decision').toEqual([]);
    broker.closeBar('D');
    expect(broker.pending).toBe(1);
    const [filled] = broker.openBar('D', bar(day, 107));
    expect(filled!.result.fills[0]).toMatchObject({ price: 107, time: day });
  });

  it("caps the slippage at the bar's range: a buy at an open that was the high pays the high, a sell at the low gets the low", async () => {
    const broker = new BacktestBroker({ slippageBps: 50, feeBps: 0 });
    await broker.submit({ clientOrderId: 'b', symbol: 'X', side: 'buy', qty: 1 });
    await broker.submit({ clientOrderId: 's', symbol: 'Y', side: 'sell', qty: 1 });
    const [buy] = broker.openBar('X', { time: 1000, open: 100, high: 100.2, low: 99, close: 99.5, volume: 1 });
    expect(buy!.result.fills[0]!.price).toBe(100.2); // 100 × 1.005 = 100.5 would be above anything traded
    const [sell] = broker.openBar('Y', { time: 1000, open: 50, high: 51, low: 50, close: 50.5, volume: 1 });
    expect(sell!.result.fills[0]!.price).toBe(50);
  });

  it('fills a stop at its level within the bar being judged, dated at its open, and refuses one outside a bar', async () => {
    const broker = new BacktestBroker({ slippageBps: 10, feeBps: 0 });
    expect((await broker.submit({ clientOrderId: 's0', symbol: 'X', side: 'sell', qty: 1, atPrice: 95 })).status).toBe('rejected');
    broker.openBar('X', bar(5000, 99));
    const r = await broker.submit({ clientOrderId: 's1', symbol: 'X', side: 'sell', qty: 1, atPrice: 95 });
    expect(r.fills[0]).toMatchObject({ price: 95, time: 5000 });
    broker.closeBar('X');
  });

  it('fills no order at a minute nobody traded in (the real XRP/ETH file): it waits for the next minute that traded', async () => {
    const [series] = await loadSeries([{ file: join(OHLCV, 'freqtrade__XRP_ETH-1m.json'), symbol: 'XRP/ETH' }], {});
    const bars = series!.bars;
    // The first minute filled in flat after minutes with volume, followed by one that traded at another price.
    const i = bars.findIndex((b, k) => k > 0 && isFlatWithoutVolume(b) && bars[k - 1]!.volume > 0 && bars[k + 1]!.volume > 0 && bars[k + 1]!.open !== b.open);
    expect(i).toBeGreaterThan(0);
    let now = 0;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, fillTimeoutMs: () => 3_600_000 });
    const replay = (bar: Readonly<Bar>) => {
      const out = broker.openBar('XRP/ETH', bar);
      broker.closeBar('XRP/ETH');
      return out;
    };
    for (let k = 0; k < i; k++) replay(bars[k]!);
    now = bars[i]!.time; // decided at the close of the minute before the filler
    await broker.submit({ clientOrderId: 'buy', symbol: 'XRP/ETH', side: 'buy', qty: 1 });
    expect(replay(bars[i]!), `${bars[i]!.open}: the last trade's price, carried over`).toEqual([]);
    const [filled] = replay(bars[i + 1]!);
    expect(filled!.result.fills[0]).toMatchObject({ price: bars[i + 1]!.open, time: bars[i + 1]!.time });
  });

  it('fills at a flat bar without volume when no bar before it carried any (a file without volumes, or its first bars)', async () => {
    const flat = (time: number, price: number): Bar => ({ time, open: price, high: price, low: price, close: price, volume: 0 });
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    await broker.submit({ clientOrderId: 'a', symbol: 'FX', side: 'buy', qty: 1 });
    // Point in time: the volumes of later bars (this file's next bar trades) cannot make this bar a filler.
    const [first] = broker.openBar('FX', flat(1000, 1.07));
    expect(first!.result.fills[0]).toMatchObject({ price: 1.07, time: 1000 });
    broker.closeBar('FX');
    broker.openBar('FX', { time: 2000, open: 1.08, high: 1.09, low: 1.07, close: 1.08, volume: 5 });
    broker.closeBar('FX');
    await broker.submit({ clientOrderId: 'b', symbol: 'FX', side: 'sell', qty: 1 });
    expect(broker.openBar('FX', flat(3000, 1.08)), 'after a bar that traded, a flat one without volume is a filler').toEqual([]);
  });

  it('cancels what is still in flight at the end of the data', async () => {
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    await broker.submit({ clientOrderId: 'a', symbol: 'X', side: 'buy', qty: 1 });
    expect(broker.cancelAll('end')).toEqual([{ clientOrderId: 'a', result: { status: 'cancelled', fills: [], reason: 'end' } }]);
    expect(broker.pending).toBe(0);
  });
});
