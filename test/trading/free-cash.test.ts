import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../../src/trading/paper-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { affordableQty } from '../../src/trading/free-cash.js';
import type { Bar } from '../../src/market/market-port.js';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const bar = (time: number, open: number): Bar => ({ time, open, high: open * 1.01, low: open * 0.99, close: open, volume: 1 });

describe('the cash of one batch of simulated fills', () => {
  it('counts a sale filled before a buy in the same poll, and each buy before the next: the last one, unpaid, fills nothing', async () => {
    const clock = new VirtualClock(T0);
    const bars: Bar[] = [bar(T0 - MIN, 100)];
    const market = { bars: async (_s: string, limit: number) => bars.slice(-limit), barMs: () => MIN, halted: async () => false };
    const broker = new PaperBroker({ clock, slippageBps: 10, feeBps: 10, lotStep: 1, newestBar: () => bars.at(-1)!.time });
    await broker.submit({ clientOrderId: 'sell', symbol: 'X', side: 'sell', qty: 3 });
    await broker.submit({ clientOrderId: 'buy-1', symbol: 'X', side: 'buy', qty: 2 });
    await broker.submit({ clientOrderId: 'buy-2', symbol: 'X', side: 'buy', qty: 2 });
    await clock.advance(2 * MIN);
    bars.push(bar(T0, 100));
    let reads = 0;
    // The account holds no cash: the sale's 299.40 (3 at 99.90 less its fee) is what the buys have.
    const answers = await broker.poll(market, undefined, { cash: () => (reads++, 0) });
    expect(answers.map((a) => [a.clientOrderId, a.result.status, a.result.fills[0]?.qty ?? 0])).toEqual([['sell', 'filled', 3], ['buy-1', 'filled', 2], ['buy-2', 'cancelled', 0]]);
    expect(answers[2]!.result.reason).toMatch(/^not filled: the account's free cash 99\.00 does not pay for one lot \(lotStep 1\) of X at 100\.10/);
    expect(reads).toBe(1);
  });

  it('never leaves the cash below zero as the ledger computes it, whatever the float rounding', () => {
    for (let k = 1; k < 2000; k++) {
      const price = 0.1 * k + 0.013 * (k % 7);
      const cash = 1000 + 0.37 * k;
      const qty = affordableQty(1e9, price, 10, cash, 0.001);
      expect(qty).toBeGreaterThan(0);
      expect(cash - qty * price - (qty * price * 10) / 10_000).toBeGreaterThanOrEqual(0);
      // One lot more would not be paid: the cut is the largest.
      const more = qty + 0.001;
      expect(cash - more * price - (more * price * 10) / 10_000).toBeLessThan(0);
    }
  });
});
