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

  it('places the stop of a position a hair under one lot for float noise (0.3 - 0.2 left of lots of 0.1), not "less than the market sells"', async () => {
    const clock = new VirtualClock(T);
    const position = { symbol: 'BTC/USDT', qty: 0.3 - 0.2, avgPrice: 50_000, openedAt: T - 3_600_000, stopPrice: 49_000, targetPrice: null, atr: null, peakPrice: 50_000, trailingActive: false, markPrice: 50_000 };
    const placed: { qty: number; stop?: unknown }[] = [];
    const broker = { name: 'ccxt:fake', instrument: async () => ({ lotStep: 0.1, minQty: 0.1 }) } as unknown as Broker;
    const executor = {
      protectiveStops: () => [],
      hasPending: () => false,
      execute: (request: { qty: number; stop?: unknown }) => void placed.push(request),
      answer: () => undefined,
    };
    const stops = new ProtectiveStops({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      store: { positions: () => [position], position: () => position, order: () => null },
      broker,
      executor,
      rules: exitRulesOf(loadConfig({ env: {} })),
      place: true,
    } as unknown as ConstructorParameters<typeof ProtectiveStops>[0]);
    await stops.protect();
    expect(placed).toHaveLength(1);
    expect(placed[0]!.qty).toBeCloseTo(0.1, 12);
    expect(placed[0]!.stop).toMatchObject({ trigger: 49_000 });
  });
});
