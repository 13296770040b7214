import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { InstrumentRules, OrderRef, OrderRequest, OrderResult } from '../../src/domain/order.js';
import { NEVER_PLACED_AFTER_MS, reconcileInFlight } from '../../src/trading/in-flight-reconciliation.js';
import type { OrderMeta } from '../../src/trading/settlement.js';
import { FakeTradingStore } from './fake-trading-store.js';

const T = Date.UTC(2026, 0, 5);

/** A store holding orders a previous run left in flight, and a broker that answers look-ups from `answers`. */
function setup(brokerName: string, answers: Record<string, OrderResult | null | Error>, fetchOrder = true, rules?: InstrumentRules) {
  const clock = new VirtualClock(T);
  const store = new FakeTradingStore();
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const settled: { request: OrderRequest; result: OrderResult; meta: OrderMeta }[] = [];
  for (const [id, at] of [['co-a', T - 5_000], ['co-b', T - 4_000], ['co-x', T - 3_000]] as const) {
    store.insertOrder({ clientOrderId: id, verdictId: id === 'co-x' ? null : `v-${id}`, symbol: 'AAA/USDT', side: id === 'co-x' ? 'sell' : 'buy', qty: 2, status: 'submitted', purpose: id === 'co-x' ? 'exit' : 'entry', createdAt: at });
  }
  store.insertOrder({ clientOrderId: 'co-done', verdictId: null, symbol: 'AAA/USDT', side: 'buy', qty: 1, status: 'filled', purpose: 'entry', createdAt: T - 9_000 });
  const asked: string[] = [];
  const broker = {
    name: brokerName,
    ...(rules ? { instrument: async () => rules } : {}),
    ...(fetchOrder
      ? {
          async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
            asked.push(ref.clientOrderId);
            const answer = answers[ref.clientOrderId];
            if (answer instanceof Error) throw answer;
            return answer ?? null;
          },
        }
      : {}),
  };
  const waiting: string[] = [];
  const watched: [string, number][] = [];
  const run = () =>
    reconcileInFlight({
      clock, logger, store, broker,
      settle: (request, result, meta) => void settled.push({ request, result, meta }),
      wait: (request) => void waiting.push(request.clientOrderId),
      watch: (request, _meta, since) => void watched.push([request.clientOrderId, since]),
    });
  return { clock, store, settled, asked, lines, run, waiting, watched };
}

const filled: OrderResult = {
  status: 'filled',
  fills: [{ clientOrderId: 'co-a', symbol: 'AAA/USDT', side: 'buy', qty: 2, price: 100, fee: 0, time: T - 4_500 }],
};

describe('start-up reconciliation of orders left in flight', () => {
  it('asks the broker about each order in flight and settles what it reports', async () => {
    const t = setup('live', { 'co-a': filled, 'co-b': { status: 'cancelled', fills: [] }, 'co-x': { status: 'partially_filled', fills: [] } });
    expect(await t.run()).toEqual({ resolved: 2, pending: 1 });
    expect(t.asked).toEqual(['co-a', 'co-b', 'co-x']);
    // Filled in part and still open: its fills settled, and it stays in flight, asked about at each check.
    expect(t.watched).toEqual([['co-x', T - 3_000]]);
    expect(t.settled.map((s) => [s.request, s.result.status, s.meta])).toEqual([
      [{ clientOrderId: 'co-a', symbol: 'AAA/USDT', side: 'buy', qty: 2 }, 'filled', { verdictId: 'v-co-a', reason: 'reconciled at start (entry)', fillReason: 'entry' }],
      [{ clientOrderId: 'co-b', symbol: 'AAA/USDT', side: 'buy', qty: 2 }, 'cancelled', { verdictId: 'v-co-b', reason: 'reconciled at start (entry)', fillReason: 'entry' }],
      [{ clientOrderId: 'co-x', symbol: 'AAA/USDT', side: 'sell', qty: 2 }, 'partially_filled', { verdictId: null, reason: 'reconciled at start (exit: signal)', fillReason: 'signal' }],
    ]);
    expect(t.lines.find((l) => l.msg.startsWith('orders left in flight'))).toMatchObject({ resolved: 2, open: 1, unknown: 0 });
  });

  it('gives an entry filled while the daemon was down its verdict’s stop, target and ATR, and the decision price they are moved from onto the fill', async () => {
    const t = setup('live', { 'co-a': filled, 'co-b': filled, 'co-x': filled });
    t.store.state.verdicts.set('v-co-a', { opportunity: { price: 50 }, verdict: { stop: 45, target: 60, atrFraction: 0.04 } });
    t.store.state.verdicts.set('v-co-b', { opportunity: { price: 50 }, verdict: {} });
    await t.run();
    expect(t.settled.map((s) => s.meta)).toEqual([
      { verdictId: 'v-co-a', reason: 'reconciled at start (entry)', fillReason: 'entry', stop: 45, target: 60, atr: 2, refPrice: 50 },
      { verdictId: 'v-co-b', reason: 'reconciled at start (entry)', fillReason: 'entry', stop: null, target: null, atr: null, refPrice: 50 },
      { verdictId: null, reason: 'reconciled at start (exit: signal)', fillReason: 'signal' },
    ]);
  });

  it('keeps an order the broker accepted and has not filled yet (a paper order waiting for its price) in flight', async () => {
    const waiting: OrderResult = { status: 'submitted', fills: [] };
    const t = setup('paper', { 'co-a': waiting, 'co-b': filled, 'co-x': waiting });
    expect(await t.run()).toEqual({ resolved: 1, pending: 2 });
    expect(t.waiting).toEqual(['co-a', 'co-x']);
    expect(t.settled.map((s) => s.request.clientOrderId)).toEqual(['co-b']);
    expect(t.lines.find((l) => l.msg.startsWith('orders left in flight'))!.msg).toBe('orders left in flight by a previous run: 1 settled with the broker\'s answer, 2 still open at the broker (settled when it fills)');
  });

  it('says at info, not as a warning, that orders still open wait as before (a paper order waits for its price)', async () => {
    const waiting: OrderResult = { status: 'submitted', fills: [] };
    const t = setup('paper', { 'co-a': waiting, 'co-b': waiting, 'co-x': waiting });
    expect(await t.run()).toEqual({ resolved: 0, pending: 3 });
    expect(t.lines.find((l) => l.msg.startsWith('orders left in flight'))).toMatchObject({ level: 'info', open: 3, unknown: 0 });
  });

  it('cancels an order the paper broker never saw: it was never placed', async () => {
    const t = setup('paper', {});
    expect(await t.run()).toEqual({ resolved: 3, pending: 0 });
    expect(t.store.order('co-a')).toMatchObject({ status: 'cancelled', reason: 'the broker has no record of it: it was never placed' });
    expect(t.settled).toEqual([]);
  });

  it('gives a live order the exchange’s receive window before declaring it never placed', async () => {
    const t = setup('live', {});
    expect(await t.run()).toEqual({ resolved: 0, pending: 3 });
    expect(t.store.order('co-a')?.status).toBe('submitted');
    // Asked about again at each position check, from when each was sent.
    expect(t.watched).toEqual([['co-a', T - 5_000], ['co-b', T - 4_000], ['co-x', T - 3_000]]);
    await t.clock.advance(NEVER_PLACED_AFTER_MS);
    expect(await t.run()).toEqual({ resolved: 3, pending: 0 });
    expect(t.store.inFlightOrders()).toEqual([]);
  });

  it('leaves in flight an order whose look-up fails or whose outcome the broker does not know', async () => {
    const t = setup('live', { 'co-a': new Error('ECONNRESET'), 'co-b': { status: 'unknown', fills: [] }, 'co-x': filled });
    expect(await t.run()).toEqual({ resolved: 1, pending: 2 });
    expect(t.store.order('co-a')?.status).toBe('submitted');
    expect(t.lines.find((l) => l.msg.startsWith('cannot ask the broker'))).toMatchObject({ clientOrderId: 'co-a', err: 'ECONNRESET' });
    expect(t.watched.map(([id]) => id)).toEqual(['co-a', 'co-b']);
  });

  it('says nothing when nothing was in flight, and treats a broker without look-ups as one that never saw the order', async () => {
    const quiet = setup('paper', {});
    await quiet.run();
    quiet.lines.length = 0;
    expect(await quiet.run()).toEqual({ resolved: 0, pending: 0 });
    expect(quiet.lines).toEqual([]);
    const blind = setup('paper', {}, false);
    expect(await blind.run()).toEqual({ resolved: 3, pending: 0 });
  });

  it('settles a sale found in flight as it would have without the restart: what it leaves under the market’s lot closes the position', async () => {
    // The exchange sold 1.9995 of 2 (its step rounded the sale down): the 0.0005 left closes with the sale (ledger.ts),
    // where after a restart it stayed a position no order could sell.
    const sold: OrderResult = { status: 'filled', fills: [{ clientOrderId: 'co-x', symbol: 'AAA/USDT', side: 'sell', qty: 1.9995, price: 100, fee: 0, time: T - 2_500 }] };
    const t = setup('live', { 'co-a': filled, 'co-b': { status: 'cancelled', fills: [] }, 'co-x': sold }, true, { lotStep: 0.001, minQty: 0.0005 });
    await t.run();
    expect(t.settled.find((s) => s.request.clientOrderId === 'co-x')!.meta.closeBelow).toBe(0.001);
    expect(t.settled.filter((s) => s.meta.closeBelow !== undefined).map((s) => s.request.clientOrderId)).toEqual(['co-x']);
  });
});
