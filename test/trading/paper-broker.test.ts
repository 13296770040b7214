import { describe, expect, it } from 'vitest';
import { PaperBroker, type PaperBrokerOptions } from '../../src/trading/paper-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError, InvariantError } from '../../src/core/errors.js';
import type { OrderRequest } from '../../src/domain/order.js';
import type { Bar } from '../../src/market/market-port.js';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
// A bar trades 1 % beyond its open and close, so slippage stays inside its range unless a test says otherwise.
const bar = (time: number, open: number, close = open): Bar => ({ time, open, high: Math.max(open, close) * 1.01, low: Math.min(open, close) * 0.99, close, volume: 1 });

/** Closed bars per symbol that a test appends to, as a market reports them; counts the requests. */
class Bars {
  readonly series = new Map<string, Bar[]>();
  requests = 0;
  fail: Error | null = null;
  /** Symbols the exchange lists as not trading (a halt): their bars still come, at the frozen price. */
  readonly halts = new Set<string>();
  async halted(symbol: string): Promise<boolean> {
    return this.halts.has(symbol);
  }
  add(symbol: string, b: Bar): void {
    this.series.set(symbol, [...(this.series.get(symbol) ?? []), b]);
  }
  /** Bar length, when the market says it. */
  length: number | undefined = undefined;
  newest(symbol: string): number | undefined {
    return this.series.get(symbol)?.at(-1)?.time;
  }
  barMs(): number | undefined {
    return this.length;
  }
  async bars(symbol: string, limit: number): Promise<Bar[]> {
    this.requests++;
    if (this.fail) throw this.fail;
    return (this.series.get(symbol) ?? []).slice(-limit);
  }
}

const make = (over: Partial<PaperBrokerOptions> = {}) => {
  const clock = new VirtualClock(T0);
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger = { warn: (_o: unknown, msg: string) => warnings.push(msg), info: (_o: unknown, msg: string) => infos.push(msg) } as unknown as PaperBrokerOptions['logger'];
  const market = new Bars();
  const broker = new PaperBroker({ clock, slippageBps: 10, feeBps: 10, logger, newestBar: (symbol) => market.newest(symbol), ...over });
  // The bar the decision saw: closed at T0, its close 100.
  market.add('BTC/USDT', bar(T0 - MIN, 99, 100));
  return { broker, clock, market, warnings, infos };
};
const buy: OrderRequest = { clientOrderId: 'o-1', symbol: 'BTC/USDT', side: 'buy', qty: 2 };

describe('PaperBroker', () => {
  it('keeps a market order in flight until a price after the decision, then fills at it with slippage and fee', async () => {
    const { broker, clock, market } = make();
    const submitted = await broker.submit(buy);
    expect(submitted).toEqual({ status: 'submitted', fills: [] });
    // Nothing after the decision yet: the price the decision saw (100) is never used.
    expect(await broker.poll(market)).toEqual([]);
    expect(broker.pending()).toHaveLength(1);
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0, 104, 106));
    const [answer] = await broker.poll(market);
    expect(answer!.clientOrderId).toBe('o-1');
    expect(answer!.result.status).toBe('filled');
    const fill = answer!.result.fills[0]!;
    expect(fill).toMatchObject({ clientOrderId: 'o-1', side: 'buy', qty: 2, time: T0, id: 'o-1:1' });
    expect(fill.price).toBeCloseTo(104 * 1.001, 10);
    expect(fill.fee).toBeCloseTo(2 * 104 * 1.001 * 0.001, 10);
    expect(broker.pending()).toEqual([]);
    expect(await broker.fetchOrder({ clientOrderId: 'o-1', symbol: 'BTC/USDT' })).toEqual(answer!.result);
    // Sells receive less.
    await broker.submit({ ...buy, clientOrderId: 'o-2', side: 'sell' });
    market.add('BTC/USDT', bar(T0 + 2 * MIN, 110));
    await clock.advance(MIN);
    expect((await broker.poll(market))[0]!.result.fills[0]!.price).toBeCloseTo(110 * 0.999, 10);
    // A sell at an open that was the bar's low gets that low: nobody traded below it.
    await broker.submit({ ...buy, clientOrderId: 'o-3', side: 'sell' });
    market.add('BTC/USDT', { time: T0 + 3 * MIN, open: 120, high: 125, low: 120, close: 124, volume: 1 });
    await clock.advance(MIN);
    expect((await broker.poll(market))[0]!.result.fills[0]!.price).toBe(120);
  });
  it('fills a stop or target at once at its price, without slippage', async () => {
    const { broker } = make();
    const r = await broker.submit({ ...buy, side: 'sell', atPrice: 95 });
    expect(r.status).toBe('filled');
    expect(r.fills[0]).toMatchObject({ price: 95, time: T0 });
    expect(r.fills[0]!.fee).toBeCloseTo(2 * 95 * 0.001, 10);
    expect((await broker.submit({ ...buy, clientOrderId: 'o-9', atPrice: 0 })).status).toBe('rejected');
  });
  it('is idempotent on the client order id: a repeat returns the original, never a second order', async () => {
    const { broker, market, clock } = make();
    const [a, b] = await Promise.all([broker.submit(buy), broker.submit(buy)]);
    expect(b).toEqual(a);
    expect(broker.pending()).toHaveLength(1);
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0, 101));
    const [filled] = await broker.poll(market);
    const again = await broker.submit(buy);
    expect(again).toEqual(filled!.result);
    again.fills[0]!.qty = 999; // callers get copies
    expect((await broker.submit(buy)).fills[0]!.qty).toBe(2);
    expect(await broker.poll(market)).toEqual([]);
  });
  it('refuses to reuse a client order id for a different order', async () => {
    const { broker } = make();
    await broker.submit(buy);
    await expect(broker.submit({ ...buy, qty: 3 })).rejects.toThrow(InvariantError);
    await expect(broker.submit({ ...buy, side: 'sell' })).rejects.toThrow(/already used for buy 2 BTC\/USDT/);
  });
  it('rejects invalid requests with a reason', async () => {
    const { broker } = make();
    let n = 0;
    for (const [bad, reason] of [
      [{ qty: 0 }, /qty must be a positive finite/],
      [{ qty: Number.NaN }, /qty must be/],
      [{ side: 'short' }, /side must be buy or sell/],
      [{ symbol: '' }, /symbol/],
    ] as const) {
      const r = await broker.submit({ ...buy, ...bad, clientOrderId: `bad-${n++}` } as OrderRequest);
      expect(r).toMatchObject({ status: 'rejected', fills: [] });
      expect(r.reason).toMatch(reason);
    }
    expect(broker.pending()).toEqual([]);
  });
  it('cancels an order that saw no price within the timeout, and says so', async () => {
    const { broker, clock, market, warnings } = make({ fillTimeoutMs: 10 * MIN });
    await broker.submit(buy);
    await clock.advance(10 * MIN);
    expect(await broker.poll(market)).toEqual([]); // the whole timeout is within it
    await clock.advance(1);
    const [answer] = await broker.poll(market);
    expect(answer!.result).toMatchObject({ status: 'cancelled', fills: [] });
    expect(answer!.result.reason).toMatch(/no price for BTC\/USDT after the decision at 2026-01-05T00:00:00Z within 600000 ms \(paperFillTimeoutMs\): cancelled/);
    expect(warnings.some((w) => w.includes('paper order no price for BTC/USDT'))).toBe(true);
    expect(broker.pending()).toEqual([]);
  });
  it('waits two of the symbol\'s bars when they are longer than the timeout (weekly bars), and no longer', async () => {
    const WEEK = 7 * 86_400_000;
    const { broker, clock, market } = make();
    const weekly = Object.assign(market, { barMs: (symbol: string) => (symbol === 'BTC/USDT' ? WEEK : undefined) });
    await broker.submit(buy);
    expect(await broker.poll(weekly)).toEqual([]);
    // Past the 5-day default, the next weekly bar has not opened yet: still waiting.
    await clock.advance(WEEK - MIN);
    expect(await broker.poll(weekly)).toEqual([]);
    weekly.add('BTC/USDT', bar(T0 + WEEK - MIN, 104, 106));
    const [filled] = await broker.poll(weekly);
    expect(filled!.result.status).toBe('filled');
    // A second order whose next bar never comes is cancelled after two weeks, saying why so long.
    await broker.submit({ ...buy, clientOrderId: 'o-2' });
    expect(await broker.poll(weekly)).toEqual([]);
    await clock.advance(2 * WEEK);
    expect(await broker.poll(weekly)).toEqual([]);
    await clock.advance(1);
    const [cancelled] = await broker.poll(weekly);
    expect(cancelled!.result.status).toBe('cancelled');
    expect(cancelled!.result.reason).toMatch(/within 1209600000 ms \(two of its bars, longer than paperFillTimeoutMs\)/);
  });
  it('cancels an entry in flight when its market is halted before a price came, instead of filling at the halt’s frozen price', async () => {
    const { broker, clock, market, warnings } = make();
    await broker.submit(buy);
    market.halts.add('BTC/USDT');
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0, 100));
    const [answer] = await broker.poll(market);
    expect(answer!.result).toMatchObject({ status: 'cancelled', fills: [] });
    expect(answer!.result.reason).toMatch(/^entry for BTC\/USDT cancelled: the exchange lists BTC\/USDT as not trading/);
    expect(warnings.filter((w) => w.includes('as not trading'))).toHaveLength(1);
    expect(broker.pending()).toEqual([]);
  });
  it('holds a sale in flight while its market is halted, says so once, and fills it at the first price after it trades again', async () => {
    const { broker, clock, market, warnings, infos } = make({ fillTimeoutMs: 10 * MIN });
    await broker.submit({ ...buy, side: 'sell' });
    market.halts.add('BTC/USDT');
    // 30 minutes of halt, a frozen bar each minute and a check each: longer than the fill timeout, nothing fills.
    for (let i = 0; i < 30; i++) {
      await clock.advance(MIN);
      market.add('BTC/USDT', bar(T0 + i * MIN, 90));
      expect(await broker.poll(market)).toEqual([]);
    }
    expect(broker.pending()).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('paper sale of BTC/USDT held'))).toHaveLength(1);
    market.halts.delete('BTC/USDT');
    await clock.advance(MIN);
    market.add('BTC/USDT', bar(T0 + 30 * MIN, 90));
    expect(await broker.poll(market)).toEqual([]);
    expect(infos).toEqual(['BTC/USDT trades again: the paper sale held during its halt fills at its first price from now']);
    await clock.advance(MIN);
    market.add('BTC/USDT', bar(T0 + 31 * MIN, 120));
    const [answer] = await broker.poll(market);
    expect(answer!.result.status).toBe('filled');
    expect(answer!.result.fills[0]!.price).toBeCloseTo(120 * 0.999, 10);
    expect(warnings.filter((w) => w.includes('BTC/USDT'))).toHaveLength(1);
  });
  it('keeps an order in flight while bars cannot be read, and logs it', async () => {
    const { broker, market, warnings } = make();
    await broker.submit(buy);
    market.fail = new Error('exchange down');
    expect(await broker.poll(market)).toEqual([]);
    expect(broker.pending()).toHaveLength(1);
    expect(warnings.at(-1)).toMatch(/bars unavailable/);
  });
  it('says bars are unavailable once, then at most once a minute, however often it checks', async () => {
    const { broker, clock, market, warnings } = make();
    await broker.submit(buy);
    market.fail = new Error('exchange down');
    // A position check every 5 s for 3 minutes, with the source down: was a warning at every check (36).
    for (let i = 0; i < 36; i++) {
      await broker.poll(market);
      await clock.advance(5_000);
    }
    expect(warnings.filter((w) => /bars unavailable/.test(w))).toHaveLength(3);
  });
  it('takes back orders left in flight by a previous run: they fill at the first price after the restart', async () => {
    const { broker, clock, market } = make();
    await clock.advance(15 * MIN);
    // Decided at T0 (the stored created_at), before this broker existed; bars came in meanwhile.
    for (let i = 0; i < 15; i++) market.add('BTC/USDT', bar(T0 + i * MIN, 200 + i));
    expect(broker.adopt([{ request: buy, decidedAt: T0 }])).toBe(1);
    expect(await broker.fetchOrder(buy)).toEqual({ status: 'submitted', fills: [] });
    // Which bar the decision saw is not stored: the newest one now stands in, and a later bar fills it.
    expect(await broker.poll(market)).toEqual([]);
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0 + 15 * MIN, 300));
    const [answer] = await broker.poll(market);
    expect(answer!.result.fills[0]).toMatchObject({ time: T0 + 15 * MIN });
    expect(answer!.result.fills[0]!.price).toBeCloseTo(300 * 1.001, 10);
  });
  it('fills an order a previous run decided mid-bar at that bar\'s close, never at its open from before the decision', async () => {
    // Decided 7 s into the minute bar that opened at T0 + 5 min, killed 4 s later and restarted at once.
    const { broker, clock, market } = make();
    market.length = MIN;
    for (let i = 0; i < 5; i++) market.add('BTC/USDT', bar(T0 + i * MIN, 200 + i));
    await clock.advance(5 * MIN + 11_000);
    expect(broker.adopt([{ request: buy, decidedAt: T0 + 5 * MIN + 7_000 }])).toBe(1);
    expect(await broker.poll(market)).toEqual([]);
    await clock.advance(49_000);
    market.add('BTC/USDT', bar(T0 + 5 * MIN, 250, 260));
    // It filled at the open, 250, dated 7 s before the order was made.
    const [answer] = await broker.poll(market);
    expect(answer!.result.fills[0]).toMatchObject({ time: T0 + 6 * MIN });
    expect(answer!.result.fills[0]!.price).toBeCloseTo(260 * 1.001, 10);
    // A replay's market time is mapped anew at each start: an order it left fills after the market's time now.
    const old = Date.UTC(1999, 0, 4);
    const replay = make({ marketNow: () => old + 30_000 });
    replay.market.length = MIN;
    replay.market.add('ORCL', bar(old - MIN, 10));
    expect(replay.broker.adopt([{ request: { ...buy, symbol: 'ORCL' }, decidedAt: T0 - 5 * MIN }])).toBe(1);
    expect(await replay.broker.poll(replay.market)).toEqual([]);
    replay.market.add('ORCL', bar(old, 11, 12));
    const [late] = await replay.broker.poll(replay.market);
    expect(late!.result.fills[0]).toMatchObject({ time: old + MIN });
    expect(late!.result.fills[0]!.price).toBeCloseTo(12 * 1.001, 10);
  });
  it('cancels an entry a previous run left when it was decided longer ago than a verdict may wait and than a bar', async () => {
    const { broker, clock, market, warnings } = make();
    market.length = MIN;
    const sell: OrderRequest = { clientOrderId: 'o-2', symbol: 'BTC/USDT', side: 'sell', qty: 1 };
    const fresh: OrderRequest = { clientOrderId: 'o-3', symbol: 'BTC/USDT', side: 'buy', qty: 1 };
    // Down for 15 minutes: the entry decided at T0 is 15 min old, the one decided 30 s before the restart is not; an
    // exit is never cancelled for its age.
    await clock.advance(15 * MIN);
    for (let i = 0; i < 15; i++) market.add('BTC/USDT', bar(T0 + i * MIN, 200 + i));
    expect(broker.adopt([{ request: buy, decidedAt: T0 }, { request: sell, decidedAt: T0 }, { request: fresh, decidedAt: clock.now() - 30_000 }], 80_000)).toBe(3);
    const [cancelled] = await broker.poll(market);
    expect(cancelled).toMatchObject({ clientOrderId: 'o-1', result: { status: 'cancelled', fills: [] } });
    expect(cancelled!.result.reason).toBe('entry for BTC/USDT decided at 2026-01-05T00:00:00Z, before the restart, 900 s ago: cancelled, its verdict is stale (an exchange would have filled it then, at a price now gone); the next bar is discussed afresh');
    expect(warnings).toHaveLength(1);
    // The others fill at the next bar, as before; the fresh entry is not asked about its age again.
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0 + 15 * MIN, 300));
    expect((await broker.poll(market)).map((a) => [a.clientOrderId, a.result.status])).toEqual([['o-2', 'filled'], ['o-3', 'filled']]);
  });

  it('fills at the bar after the one the decision saw, whatever the clock says (a replay of old bars)', async () => {
    const old = Date.UTC(1999, 0, 4);
    // The replay's time: the clock mapped onto 1999, the bar of the 4th just closed at the decision.
    const { broker, clock, market } = make({ marketNow: () => old + 86_400_000 + (clock.now() - T0) });
    market.add('ORCL', bar(old, 10, 11));
    await broker.submit({ ...buy, symbol: 'ORCL' });
    await clock.advance(MIN);
    expect(await broker.poll(market)).toEqual([]);
    market.add('ORCL', bar(old + 86_400_000, 12.5, 13));
    const [answer] = await broker.poll(market);
    expect(answer!.result.fills[0]).toMatchObject({ time: old + 86_400_000 });
    expect(answer!.result.fills[0]!.price).toBeCloseTo(12.5 * 1.001, 10);
  });
  it('never fills at a price from before the decision: a bar it fell inside fills at its close, one over before it is passed', async () => {
    // Decided 40 s into the minute bar that opened at T0 (the newest closed bar, as read then, is T0 − 1 min).
    const { broker, clock, market } = make();
    market.length = MIN;
    await clock.advance(40_000);
    await broker.submit(buy);
    market.add('BTC/USDT', bar(T0, 101, 102));
    await clock.advance(MIN);
    const [inside] = await broker.poll(market);
    // Its open (101) was a price from 40 s before the decision; its close (102), at T0 + 1 min, is the first after it.
    expect(inside!.result.fills[0]).toMatchObject({ time: T0 + MIN });
    expect(inside!.result.fills[0]!.price).toBeCloseTo(102 * 1.001, 10);
    // The newest bar read was stale (T0 − 1 min) though T0 and T0 + 1 min had closed before the decision: their prices
    // are all from before it, passed over; the bar the decision fell inside fills at its close, once it is known.
    const stale = make({ newestBar: () => T0 - MIN, marketNow: () => T0 + 2 * MIN + 10_000 });
    stale.market.add('BTC/USDT', bar(T0, 101, 102));
    stale.market.add('BTC/USDT', bar(T0 + MIN, 103, 104));
    stale.market.add('BTC/USDT', bar(T0 + 2 * MIN, 105, 106));
    await stale.broker.submit(buy);
    await stale.broker.poll(stale.market);
    stale.market.add('BTC/USDT', bar(T0 + 3 * MIN, 107, 108));
    const [late] = await stale.broker.poll(stale.market);
    expect(late!.result.fills[0]).toMatchObject({ time: T0 + 3 * MIN });
    expect(late!.result.fills[0]!.price).toBeCloseTo(106 * 1.001, 10);
  });
  it('passes over a minute nobody traded in (flat, no volume): it fills at the next minute that traded', async () => {
    const { broker, clock, market } = make();
    await broker.submit(buy);
    // An exchange's candle of a minute without trades repeats the last close (100) with no volume.
    market.add('BTC/USDT', { time: T0, open: 100, high: 100, low: 100, close: 100, volume: 0 });
    await clock.advance(MIN);
    expect(await broker.poll(market)).toEqual([]);
    market.add('BTC/USDT', bar(T0 + MIN, 103, 104));
    await clock.advance(MIN);
    const [answer] = await broker.poll(market);
    expect(answer!.result.fills[0]).toMatchObject({ time: T0 + MIN });
    expect(answer!.result.fills[0]!.price).toBeCloseTo(103 * 1.001, 10);
  });
  it('passes over a day locked at a limit up for a buy (one price, with volume, 10 % above the close before); a sell fills at it', async () => {
    const DAY = 86_400_000;
    const { broker, clock, market } = make();
    market.length = DAY;
    market.series.set('X', [{ time: T0 - DAY, open: 99, high: 101, low: 98, close: 100, volume: 5 }]);
    await broker.submit({ ...buy, symbol: 'X' });
    await broker.submit({ ...buy, symbol: 'X', clientOrderId: 'o-2', side: 'sell' });
    market.add('X', { time: T0, open: 110, high: 110, low: 110, close: 110, volume: 5 });
    await clock.advance(DAY);
    const [sold] = await broker.poll(market);
    expect(sold!.clientOrderId).toBe('o-2');
    expect(sold!.result.fills[0]).toMatchObject({ price: 110, time: T0 });
    market.add('X', bar(T0 + DAY, 112, 115));
    await clock.advance(DAY);
    const [bought] = await broker.poll(market);
    expect(bought!.result.fills[0]).toMatchObject({ time: T0 + DAY });
    expect(bought!.result.fills[0]!.price).toBeCloseTo(112 * 1.001, 10);
  });
  it('fills partially with the injected randomness; the rest is cancelled at once', async () => {
    const rolls = [0.1, 0.5];
    const { broker, market, clock } = make({ partialFill: { probability: 0.3, minFraction: 0.2 }, random: () => rolls.shift() ?? 0.9 });
    await broker.submit(buy);
    await broker.submit({ ...buy, clientOrderId: 'o-2' });
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0, 100));
    const [a, b] = await broker.poll(market);
    expect(a!.result.status).toBe('cancelled');
    expect(a!.result.fills[0]!.qty).toBeCloseTo(2 * (0.2 + 0.8 * 0.5), 10);
    expect(b!.result.status).toBe('filled'); // roll 0.9 ≥ 0.3
  });
  it('rounds a partial fill down to the lot step: 0.51 of 2 in lots of 0.1 fills 1 (not 1.02); under one lot fills nothing, saying so', async () => {
    const rolls = [0, 0.3, 0, 0.3, 0, 0.3];
    const { broker, market, clock } = make({ partialFill: { probability: 1, minFraction: 0.3 }, lotStep: 0.1, random: () => rolls.shift()! });
    await broker.submit(buy);
    await broker.submit({ ...buy, clientOrderId: 'o-2', qty: 0.1 });
    const stop = await broker.submit({ ...buy, clientOrderId: 'o-3', side: 'sell', qty: 0.7, atPrice: 95 });
    expect(stop.fills[0]!.qty).toBe(0.3); // 0.7 × 0.51 = 0.357
    await clock.advance(2 * MIN);
    market.add('BTC/USDT', bar(T0, 100));
    const [a, b] = await broker.poll(market);
    expect(a!.result).toMatchObject({ status: 'cancelled', fills: [{ qty: 1 }] });
    expect(b!.result).toEqual({ status: 'cancelled', fills: [], reason: 'the simulated partial fill (partialFillProbability) came to less than one lot (lotStep 0.1) of the 0.1 BTC/USDT: nothing filled, cancelled' });
    expect(() => make({ lotStep: 0 })).toThrow(/paper.lotStep = 0 is not allowed/);
  });
  it('cancels an order in flight on request; a filled one stays filled', async () => {
    const { broker } = make();
    await broker.submit(buy);
    expect(await broker.cancelOrder(buy)).toMatchObject({ status: 'cancelled', fills: [] });
    expect(broker.pending()).toEqual([]);
    expect(await broker.cancelOrder({ clientOrderId: 'nope', symbol: 'BTC/USDT' })).toBeNull();
    const stop = await broker.submit({ ...buy, clientOrderId: 's', atPrice: 90 });
    expect(await broker.cancelOrder({ clientOrderId: 's', symbol: 'BTC/USDT' })).toEqual(stop);
  });
  it('bounds the idempotency memory, never forgetting an order in flight', async () => {
    const { broker } = make({ maxRemembered: 2 });
    await broker.submit(buy);
    for (const id of ['a', 'b', 'c']) await broker.submit({ ...buy, clientOrderId: id, atPrice: 100 });
    expect(await broker.fetchOrder({ clientOrderId: 'a', symbol: 'BTC/USDT' })).toBeNull();
    expect(await broker.fetchOrder(buy)).toEqual({ status: 'submitted', fills: [] });
  });
  it('validates its options', () => {
    expect(() => make({ slippageBps: -1 })).toThrow(ConfigError);
    expect(() => make({ feeBps: Number.NaN })).toThrow(/paper.feeBps = null is not allowed/);
    expect(() => make({ partialFill: { probability: 2, minFraction: 0.5 } })).toThrow(/paper.partialFill.probability = 2/);
    expect(() => make({ partialFill: { probability: 0.5, minFraction: 0 } })).toThrow(/minFraction/);
    expect(() => make({ fillTimeoutMs: 0 })).toThrow(/paper.fillTimeoutMs = 0/);
  });
});
