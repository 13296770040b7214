/**
 * ProtectiveStops (exchangeStop) over fakes of the executor and the broker: what an exit cancels before it sells.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { OrderRef, OrderResult } from '../../src/domain/order.js';
import type { Broker } from '../../src/trading/broker-port.js';
import { exitRulesOf } from '../../src/trading/exit-rules.js';
import type { PendingOrder } from '../../src/trading/order-executor.js';
import { PROTECTIVE_PURPOSE } from '../../src/trading/protective-stop-order.js';
import { ProtectiveStops } from '../../src/trading/protective-stops.js';
import { loadConfig } from '../../src/config/config.js';

const T = Date.UTC(2026, 11, 5, 12);
const stop = (id: string, qty: number): PendingOrder => ({
  request: { clientOrderId: id, symbol: 'BTC/USDT', side: 'sell', qty, stop: { trigger: 49_000, limit: 48_020 } },
  meta: { verdictId: null, purpose: PROTECTIVE_PURPOSE, fillReason: 'stop' },
  openSince: T,
});

describe('protective stops', () => {
  it('cancels every protective stop of the symbol before an exit sells, not only the first', async () => {
    const clock = new VirtualClock(T);
    const resting = [stop('co-s-old', 0.04), stop('co-s-new', 0.03)];
    const cancelled: string[] = [];
    const broker = {
      name: 'ccxt:fake',
      cancelOrder: (ref: OrderRef): Promise<OrderResult> => {
        cancelled.push(ref.clientOrderId);
        return Promise.resolve({ status: 'cancelled', fills: [] });
      },
    } as unknown as Broker;
    const executor = {
      protectiveStops: (symbol?: string) => resting.filter((p) => symbol === undefined || p.request.symbol === symbol),
      hasPending: () => false,
      execute: () => Promise.resolve(),
      answer: (id: string) => void resting.splice(resting.findIndex((p) => p.request.clientOrderId === id), 1),
    };
    const stops = new ProtectiveStops({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      store: { positions: () => [], position: () => null, order: () => null },
      broker,
      executor,
      rules: exitRulesOf(loadConfig({ env: {} })),
      place: true,
    });
    expect(await stops.lift('BTC/USDT', 'exit: test')).toBe(true);
    expect(cancelled).toEqual(['co-s-old', 'co-s-new']);
    expect(resting).toEqual([]);
  });
});
