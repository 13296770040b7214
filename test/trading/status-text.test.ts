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

  it('prints quantities without their float tails', () => {
    const position = { symbol: 'PEPE/USDT', qty: 8_203_445_781.47 + 2.1, avgPrice: 0.0000121, markPrice: 0.0000123, unrealizedPnl: 1640.69, stopLevel: null, stopRule: null, targetLevel: null };
    const summary = {
      mode: 'paper', halted: false, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000,
      ledger: { ok: true, diff: 0 }, positions: [position], counts: {},
      inFlightOrders: [{ clientOrderId: 'co-v-8', symbol: 'ADA/USDT', side: 'sell', qty: 0.1 + 0.2, status: 'submitted' }],
    } as unknown as Parameters<typeof statusLines>[0];
    const lines = statusLines(summary);
    // Before: "qty 8203445783.570001" and "sell 0.30000000000000004", the sums' binary tails.
    expect(lines.find((l) => l.includes('PEPE/USDT'))).toContain('qty 8,203,445,783.57  avg 0.000012100');
    expect(lines).toContain('  ADA/USDT   sell 0.3  submitted  co-v-8');
  });
});
