import { describe, expect, it } from 'vitest';
import { BacktestBroker } from '../../src/backtest/backtest-broker.js';

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

  it('fills a stop at its level within the bar being judged, dated at its open, and refuses one outside a bar', async () => {
    const broker = new BacktestBroker({ slippageBps: 10, feeBps: 0 });
    expect((await broker.submit({ clientOrderId: 's0', symbol: 'X', side: 'sell', qty: 1, atPrice: 95 })).status).toBe('rejected');
    broker.openBar('X', bar(5000, 99));
    const r = await broker.submit({ clientOrderId: 's1', symbol: 'X', side: 'sell', qty: 1, atPrice: 95 });
    expect(r.fills[0]).toMatchObject({ price: 95, time: 5000 });
    broker.closeBar('X');
  });

  it('cancels what is still in flight at the end of the data', async () => {
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    await broker.submit({ clientOrderId: 'a', symbol: 'X', side: 'buy', qty: 1 });
    expect(broker.cancelAll('end')).toEqual([{ clientOrderId: 'a', result: { status: 'cancelled', fills: [], reason: 'end' } }]);
    expect(broker.pending).toBe(0);
  });
});
