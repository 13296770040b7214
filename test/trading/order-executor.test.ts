import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import type { OrderRef, OrderRequest, OrderResult } from '../../src/domain/order.js';
import type { RiskRecord } from '../../src/trading/entry-planner.js';
import { OrderExecutor } from '../../src/trading/order-executor.js';
import type { OrderMeta } from '../../src/trading/settlement.js';
import { FakeTradingStore } from './fake-trading-store.js';

const T = Date.UTC(2026, 0, 5);
const BUY: OrderRequest = { clientOrderId: 'co-v1', symbol: 'AAA/USDT', side: 'buy', qty: 10 };
const META: OrderMeta = { verdictId: 'v1', purpose: 'entry', fillReason: 'entry', refPrice: 100 };
const RISK: RiskRecord = { verdictId: 'v1', symbol: 'AAA/USDT', outcome: 'accepted', reason: 'within all limits', requestedQty: 10, approvedQty: 10, time: T };
const filled = (request: OrderRequest, qty: number): OrderResult => ({
  status: qty >= request.qty ? 'filled' : 'partially_filled',
  fills: [{ clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty, price: 100, fee: 0, time: T }],
});

/** An executor over the in-memory store, with a broker that answers `answer` (or throws it) and records what it was asked. */
function setup(answer: OrderResult | Error, cancel?: OrderResult, fetch?: () => OrderResult | null | Error, answersLater?: true, logger?: Logger) {
  const clock = new VirtualClock(T);
  const store = new FakeTradingStore();
  const events: { name: string; status?: string; reason?: string }[] = [];
  const settled: { request: OrderRequest; result: OrderResult; meta: OrderMeta }[] = [];
  const asked: string[] = [];
  const broker = {
    name: 'fake',
    ...(answersLater ? { answersLater } : {}),
    async submit(request: OrderRequest): Promise<OrderResult> {
      // The intent and the gate's decision are stored before the broker hears of the order.
      asked.push(`submit ${request.clientOrderId} (stored as ${store.order(request.clientOrderId)?.status}, risk decisions ${store.state.riskDecisions.length})`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    ...(fetch
      ? {
          async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
            asked.push(`fetch ${ref.clientOrderId}`);
            const known = fetch();
            if (known instanceof Error) throw known;
            return known;
          },
        }
      : {}),
    ...(cancel
      ? {
          async cancelOrder(ref: OrderRef): Promise<OrderResult | null> {
            asked.push(`cancel ${ref.clientOrderId}`);
            return cancel;
          },
        }
      : {}),
  };
  const executor = new OrderExecutor({
    clock,
    logger: logger ?? createLogger({ level: 'silent', clock }),
    store,
    bus: { emit: (name, payload) => void events.push({ name, ...(payload as { status?: string; reason?: string }) }) },
    broker,
    settle: (request, result, meta) => {
      settled.push({ request, result, meta });
      // As the settlement writer does: the order takes the broker's status.
      store.updateOrder(request.clientOrderId, result.status, result.fills.reduce((s, f) => s + f.qty, 0), result.reason ?? null, clock.now());
    },
  });
  return { store, events, settled, asked, executor, clock };
}

describe('the order executor', () => {
  it('stores the intent and the gate’s decision before the broker call, then settles the answer', async () => {
    const t = setup(filled(BUY, 10));
    await t.executor.execute(BUY, META, RISK);
    expect(t.asked).toEqual(['submit co-v1 (stored as submitted, risk decisions 1)']);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'filled', verdictId: 'v1', purpose: 'entry', createdAt: T });
    expect(t.settled).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ name: 'order', status: 'submitted', refPrice: 100, verdictId: 'v1' });
  });

  it('places an order once per client order id', async () => {
    const t = setup(filled(BUY, 10));
    await t.executor.execute(BUY, META, RISK);
    await t.executor.execute(BUY, META, RISK);
    expect(t.asked).toHaveLength(1);
    expect(t.store.state.riskDecisions).toHaveLength(1);
    expect(t.settled).toHaveLength(1);
  });

  it('leaves an order the broker did not answer as unknown and in flight, never as failed', async () => {
    const t = setup(new Error('ETIMEDOUT'));
    await t.executor.execute(BUY, META, RISK);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'unknown', reason: 'ETIMEDOUT', filledQty: 0 });
    expect(t.events.map((e) => e.status)).toEqual(['submitted', 'unknown']);
    expect(t.settled).toHaveLength(0);
    // The exchange may have filled it: another buy of the symbol (a second entry) must wait until it is known.
    expect(t.executor.pendingOrders()).toEqual([BUY]);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
  });

  it('asks the broker about an order of unknown outcome at each check and settles what it says', async () => {
    let known: OrderResult | null | Error = { status: 'unknown', fills: [] };
    const t = setup(new Error('ECONNRESET'), undefined, () => known);
    await t.executor.execute(BUY, META, RISK);
    expect(await t.executor.resolveUnknown()).toBe(0);
    known = new Error('ETIMEDOUT');
    expect(await t.executor.resolveUnknown()).toBe(0);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    known = filled(BUY, 10);
    expect(await t.executor.resolveUnknown()).toBe(1);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'filled', filledQty: 10 });
    expect(t.settled).toHaveLength(1);
    expect(t.executor.pendingOrders()).toEqual([]);
    expect(t.asked.filter((a) => a.startsWith('fetch'))).toHaveLength(3);
    expect(await t.executor.resolveUnknown()).toBe(0);
    expect(t.asked.filter((a) => a.startsWith('fetch'))).toHaveLength(3);
  });

  it('says why the broker cannot tell an order’s outcome, once per reason, not at every check', async () => {
    let known: OrderResult | null | Error = { status: 'unknown', fills: [], reason: 'kraken answered 50 of 61 closed orders, not it: check it on kraken' };
    const lines: { msg: string }[] = [];
    const logger = createLogger({ level: 'info', clock: new VirtualClock(T), destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
    const t = setup(new Error('ECONNRESET'), undefined, () => known, undefined, logger);
    await t.executor.execute(BUY, META, RISK);
    await t.executor.resolveUnknown();
    await t.executor.resolveUnknown();
    const said = () => lines.filter((l) => l.msg.startsWith('order co-v1 (buy AAA/USDT): the broker cannot tell its outcome yet'));
    expect(said()).toHaveLength(1);
    expect(said()[0]!.msg).toContain('check it on kraken');
    known = { status: 'unknown', fills: [], reason: 'look-up of co-v1 failed: timeout; try again later' };
    await t.executor.resolveUnknown();
    expect(said()).toHaveLength(2);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
  });

  it('keeps asking while the broker holds it open, and cancels one it never received once the receive window has passed', async () => {
    let known: OrderResult | null | Error = { status: 'submitted', fills: [] };
    const t = setup(new Error('ECONNRESET'), undefined, () => known);
    await t.executor.execute(BUY, META, RISK);
    expect(await t.executor.resolveUnknown()).toBe(1);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'submitted' });
    expect(await t.executor.resolveUnknown()).toBe(0);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    known = filled(BUY, 10);
    expect(await t.executor.resolveUnknown()).toBe(1);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'filled' });

    const never = setup(new Error('ECONNRESET'), undefined, () => null);
    await never.executor.execute(BUY, META, RISK);
    await never.clock.advance(30_000);
    expect(await never.executor.resolveUnknown()).toBe(0);
    expect(never.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    await never.clock.advance(31_000);
    expect(await never.executor.resolveUnknown()).toBe(1);
    expect(never.store.order('co-v1')).toMatchObject({ status: 'cancelled', reason: 'the broker has no record of it: it was never placed' });
    expect(never.executor.pendingOrders()).toEqual([]);
  });

  it('cancels what a partial fill left, and records the order as cancelled with what did fill', async () => {
    const t = setup(filled(BUY, 4), { status: 'cancelled', fills: filled(BUY, 4).fills, reason: 'IOC remainder' });
    await t.executor.execute(BUY, META, RISK);
    expect(t.asked).toEqual([expect.stringMatching(/^submit co-v1/), 'cancel co-v1']);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'cancelled', filledQty: 4, reason: 'IOC remainder' });
    expect(t.settled.map((s) => s.result.status)).toEqual(['partially_filled', 'cancelled']);
    expect(t.executor.pendingOrders()).toEqual([]);
  });

  it("settles the cancel's answer: what filled between the first answer and the cancel is not lost", async () => {
    // The exchange filled 7 of 10 by the time the cancel took (the cancel's answer is cumulative, as every answer).
    const more = filled(BUY, 7);
    const t = setup(filled(BUY, 4), { status: 'cancelled', fills: more.fills, reason: 'remainder cancelled' });
    await t.executor.execute(BUY, META, RISK);
    expect(t.settled.map((s) => [s.result.status, s.result.fills.reduce((q, f) => q + f.qty, 0)])).toEqual([
      ['partially_filled', 4],
      ['cancelled', 7],
    ]);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'cancelled', filledQty: 7 });
  });

  it('keeps a partly filled order in flight when its cancel fails, and settles it when the broker knows its end', async () => {
    let known: OrderResult = filled(BUY, 4);
    const t = setup(filled(BUY, 4), undefined, () => known);
    // A broker whose cancel is refused (the exchange is busy).
    Object.assign((t.executor as unknown as { options: { broker: object } }).options.broker, {
      cancelOrder: async () => {
        throw new Error('cannot cancel order co-v1: 503');
      },
    });
    await t.executor.execute(BUY, META, RISK);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    await t.executor.resolveUnknown(); // still partly filled: stays in flight
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    known = filled(BUY, 10);
    await t.executor.resolveUnknown();
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(false);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'filled', filledQty: 10 });
  });

  it('leaves a partial fill as it is when the broker cannot cancel', async () => {
    const t = setup(filled(BUY, 4));
    await t.executor.execute(BUY, META, RISK);
    expect(t.store.order('co-v1')).toMatchObject({ status: 'partially_filled', filledQty: 4 });
  });

  it('keeps an accepted, unfilled order pending until the broker’s later answer', async () => {
    const t = setup({ status: 'submitted', fills: [] });
    await t.executor.execute(BUY, META, RISK);
    expect(t.executor.pendingOrders()).toEqual([BUY]);
    expect(t.executor.hasPending('AAA/USDT', 'buy')).toBe(true);
    expect(t.executor.hasPending('AAA/USDT', 'sell')).toBe(false);
    expect(t.executor.hasPending('BBB/USDT', 'buy')).toBe(false);

    t.executor.answer('co-v1', { status: 'submitted', fills: [] });
    expect(t.executor.pendingOrders()).toHaveLength(1);
    t.executor.answer('co-v1', filled(BUY, 10));
    expect(t.executor.pendingOrders()).toEqual([]);
    expect(t.settled.map((s) => [s.result.status, s.meta])).toEqual([['submitted', META], ['submitted', META], ['filled', META]]);
    // An answer for an order that is not pending (settled already, or never ours) changes nothing.
    t.executor.answer('co-v1', filled(BUY, 10));
    t.executor.answer('co-other', filled(BUY, 10));
    expect(t.settled).toHaveLength(3);
  });

  it('asks an exchange about an order taken back open at start at each check, and settles its fill; a broker that answers later itself is not asked', async () => {
    let answer: OrderResult = { status: 'submitted', fills: [] };
    const t = setup({ status: 'submitted', fills: [] }, undefined, () => answer);
    t.store.insertOrder({ clientOrderId: BUY.clientOrderId, symbol: BUY.symbol, side: 'buy', qty: BUY.qty, verdictId: 'v1', status: 'submitted', purpose: 'entry', createdAt: T });
    t.executor.wait(BUY, META);
    expect(await t.executor.resolveUnknown()).toBe(0);
    answer = filled(BUY, 10);
    expect(await t.executor.resolveUnknown()).toBe(1);
    expect(t.asked).toEqual(['fetch co-v1', 'fetch co-v1']);
    expect(t.executor.pendingOrders()).toEqual([]);
    expect(t.store.order('co-v1')?.status).toBe('filled');

    const paper = setup({ status: 'submitted', fills: [] }, undefined, () => answer, true);
    paper.executor.wait(BUY, META);
    expect(paper.executor.hasUnknown()).toBe(false);
    expect(await paper.executor.resolveUnknown()).toBe(0);
    expect(paper.asked).toEqual([]);
  });

  it('records an exit without a risk decision', async () => {
    const sell: OrderRequest = { clientOrderId: 'co-x-1', symbol: 'AAA/USDT', side: 'sell', qty: 10 };
    const t = setup(filled(sell, 10));
    await t.executor.execute(sell, { verdictId: null, purpose: 'exit', reason: 'stop_loss' });
    expect(t.store.state.riskDecisions).toEqual([]);
    expect(t.store.order('co-x-1')).toMatchObject({ purpose: 'exit', verdictId: null, status: 'filled' });
  });
});
