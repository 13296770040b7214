import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { OrderRequest, OrderResult } from '../../src/domain/order.js';
import { openStore, type Store } from '../../src/store/store.js';
import { SettlementWriter } from '../../src/trading/settlement-writer.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const T = Date.UTC(2026, 0, 5);
const BUY: OrderRequest = { clientOrderId: 'co-v1', symbol: 'AAA/USDT', side: 'buy', qty: 10 };
const SELL: OrderRequest = { clientOrderId: 'co-x-1', symbol: 'AAA/USDT', side: 'sell', qty: 10 };
const answer = (request: OrderRequest, qty: number, price: number): OrderResult => ({
  status: 'filled',
  fills: [{ clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty, price, fee: 1, time: T }],
});

/** A writer over a real SQLite store, its events and marks recorded. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-settlement-'));
  dirs.push(dir);
  const clock = new VirtualClock(T);
  const store = openStore(join(dir, 'store.db'));
  stores.push(store);
  store.ensureAccount(10_000, T, '2026-01-05');
  const events: string[] = [];
  const marks: [string, number][] = [];
  const warnings: Record<string, unknown>[] = [];
  const writer = new SettlementWriter({
    clock,
    logger: createLogger({ level: 'warn', clock, destination: { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) } }),
    store,
    bus: { emit: (name, payload) => void events.push(`${name} ${(payload as { status?: string; change?: string }).status ?? (payload as { change?: string }).change ?? ''}`.trim()) },
    mark: (symbol, price) => void marks.push([symbol, price]),
  });
  const order = (request: OrderRequest, purpose: 'entry' | 'exit') =>
    store.insertOrder({ clientOrderId: request.clientOrderId, verdictId: null, symbol: request.symbol, side: request.side, qty: request.qty, status: 'submitted', purpose, createdAt: T });
  return { store, writer, events, marks, order, warnings };
}

describe('the settlement writer', () => {
  it('warns of an exit the broker refused, with its reason and what becomes of the position', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: 'v1', purpose: 'entry' });
    t.order(SELL, 'exit');
    const refusal = 'rejected by binance: binance {"code":-1013,"msg":"Market is closed."}';
    t.writer.settle(SELL, { status: 'rejected', fills: [], reason: refusal }, { verdictId: null, purpose: 'exit', reason: 'stop_loss: price 90 at or below the stop 95' });
    expect(t.store.position('AAA/USDT')!.qty).toBe(10);
    // It was an info line carrying the stop's reason alone: nothing said the position was still held, or why.
    expect(t.warnings).toEqual([
      expect.objectContaining({ level: 'warn', status: 'rejected', refusal, msg: `exit of AAA/USDT refused by the broker (${refusal}): the position stays held and its exit is asked again at the next check` }),
    ]);
  });

  it('says when a closing sale left coins under the market’s smallest sale on the account', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: 'v1', purpose: 'entry' });
    t.order(SELL, 'exit');
    t.writer.settle(SELL, answer(SELL, 9.996, 101), { verdictId: null, purpose: 'exit', closeBelow: 0.01 });
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]!.left).toBeCloseTo(0.004, 12);
    expect(t.warnings[0]!.msg).toMatch(/left 0\.00\d+, less than the market sells: closed with the position.*stay on the exchange account/);
  });

  it('records a fill, the position, its history, the account and the order, then tells the bus in that order', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: 'v1', purpose: 'entry', fillReason: 'entry', stop: 95, target: 110, atr: 2 });
    expect(t.store.position('AAA/USDT')).toMatchObject({ qty: 10, avgPrice: 100, stopPrice: 95, targetPrice: 110, atr: 2, markPrice: 100 });
    expect(t.store.account()).toMatchObject({ cash: 10_000 - 1_000 - 1, fees: 1 });
    expect(t.store.order('co-v1')).toMatchObject({ status: 'filled', filledQty: 10 });
    expect(t.store.counts()).toMatchObject({ fills: 1, positionEvents: 1 });
    expect(t.events).toEqual(['order filled', 'fill', 'position opened']);
    expect(t.marks).toEqual([['AAA/USDT', 100]]);
  });

  it('closes a position sold in full and records the exit for the cooldown', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: 'v1' });
    t.order(SELL, 'exit');
    t.writer.settle(SELL, answer(SELL, 10, 120), { verdictId: null, reason: 'take_profit', fillReason: 'target' });
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.lastExitAt('AAA/USDT')).toBe(T);
    expect(t.store.account()).toMatchObject({ realizedPnl: 200, fees: 2, cash: 10_000 + 200 - 2 });
  });

  it('announces no order event for an answer that changes nothing (accepted, still waiting for its price)', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, { status: 'submitted', fills: [] }, { verdictId: null, fillReason: 'entry' });
    expect(t.events).toEqual([]);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'submitted', reason: 'in flight: fills at the first price after the decision (reason: entry)' });
    t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: null, fillReason: 'entry' });
    expect(t.events).toEqual(['order filled', 'fill', 'position opened']);
  });

  it('writes nothing, and says nothing, when any part of a settlement fails', () => {
    const t = setup();
    t.order(SELL, 'exit');
    const before = t.store.account();
    // A sale with nothing held is a bug: the whole settlement is refused.
    expect(() => t.writer.settle(SELL, answer(SELL, 10, 100), { verdictId: null })).toThrow(/no position/);
    expect(t.store.account()).toEqual(before);
    expect(t.store.order('co-x-1')?.status).toBe('submitted');
    expect(t.store.counts()).toMatchObject({ fills: 0, positionEvents: 0 });
    expect(t.events).toEqual([]);
  });

  it('refuses an impossible status move and keeps the fill it came with out of the store', () => {
    const t = setup();
    t.order(BUY, 'entry');
    t.writer.settle(BUY, { status: 'cancelled', fills: [] }, { verdictId: null });
    expect(() => t.writer.settle(BUY, answer(BUY, 10, 100), { verdictId: null })).toThrow(/cancelled/);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.counts().fills).toBe(0);
  });
});
