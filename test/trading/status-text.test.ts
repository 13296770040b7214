import { describe, expect, it } from 'vitest';
import { statusLines } from '../../src/trading/status-text.js';

describe('conclave status text', () => {
  it('lists each order in flight, not only how many', () => {
    const summary = {
      mode: 'paper', halted: false, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000,
      ledger: { ok: true, diff: 0 }, positions: [], counts: { fills: 1 },
      inFlightOrders: [{ clientOrderId: 'co-v-7', symbol: 'LMNS', side: 'buy', qty: 3.5, status: 'submitted' }],
    } as unknown as Parameters<typeof statusLines>[0];
    const lines = statusLines(summary);
    expect(lines).toContain('orders in flight 1');
    expect(lines).toContain('  LMNS       buy 3.5  submitted  co-v-7');
  });
});
