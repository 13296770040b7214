import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../src/domain/events.js';
import { accountSummary } from '../../src/trading/account-summary.js';
import { formatAftermath } from '../../src/trading/aftermath-text.js';
import { exitRulesOf } from '../../src/trading/exit-rules.js';
import { statusLines } from '../../src/trading/status-text.js';
import { ExchangePrice } from '../trading/fake-binance.js';
import { buyVerdict, sellVerdict } from '../helpers/buy-verdict.js';
import { fakeBinanceEachTest, liveKernelOnFake, liveSeconds } from '../helpers/live-kernel.js';

/** The price the daemon decides on, while the exchange's book may have run from it (`fake.price`). */
class DecidedPrice extends ExchangePrice {
  decided: number | undefined;
  override async price(): Promise<number> {
    return this.decided ?? (await super.price());
  }
}

/**
 * Live entries are immediate-or-cancel limit orders capped at the decided price plus maxEntrySlippageBps; orders
 * refused for their time are sent once more; candles are judged by the exchange's clock. Here, as an operator meets
 * them: a daemon on the loopback fake Binance, its store, log, `conclave explain` and `conclave status` texts.
 */
describe('a live daemon’s capped entries, time refusals and a clock behind the exchange’s', () => {
  const binance = fakeBinanceEachTest();

  async function liveKernel() {
    const market = new DecidedPrice(binance.fake);
    const { config, clock, kernel, lines } = await liveKernelOnFake(binance.base, market, { CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' });
    const seconds = liveSeconds({ kernel, clock });
    const status = () => statusLines(Object.assign({ mode: 'live', halted: false }, accountSummary(kernel.store, exitRulesOf(config)))).join('\n');
    const explain = (verdictId: string) => formatAftermath('BUY', kernel.store.cockpit.aftermath(verdictId));
    /** A BUY stored as the consumer stores its discussion (for the cockpit's list), then handed to the trader. */
    const decide = async (id: string) => {
      const e = buyVerdict(id, clock.now());
      kernel.store.insertOpportunity(e.opportunity);
      kernel.store.insertDiscussion(e, 1);
      await kernel.trader.onVerdict(e);
    };
    return { kernel, clock, lines, seconds, market, status, explain, decide };
  }

  it('opens a thin book’s entry at the quantity filled, with the verdict’s stop, says why the rest was cancelled, and exits it', async () => {
    const { kernel, clock, lines, seconds, status, explain, decide } = await liveKernel();
    binance.fake.bookQty = 0.01;
    const events: OrderEvent[] = [];
    kernel.bus.on('order', (e) => void events.push(e));
    await decide('thin');
    // What the cockpit's open page hears (its list says the same after a reload): before, "cancelled" and no quantity.
    expect(events.at(-1)).toMatchObject({ clientOrderId: 'co-v-thin', status: 'cancelled', filledQty: expect.closeTo(0.00999, 12) });
    const position = kernel.store.position('BTC/USDT')!;
    expect(position.qty).toBeCloseTo(0.00999, 12);
    expect(position.stopPrice).toBe(49_000);
    const order = kernel.store.order('co-v-thin')!;
    expect(order).toMatchObject({ status: 'cancelled', qty: 0.04 });
    expect(order.filledQty).toBeCloseTo(0.00999, 12);
    expect(order.reason).toMatch(/^partly filled: the book offered no more at or below 50500 \(50000 decided on, plus maxEntrySlippageBps 100\)/);
    expect(explain('v-thin')).toContain('risk gate: accepted');
    expect(explain('v-thin')).toContain('order co-v-thin: entry buy 0.04 (0.00999 filled), cancelled: partly filled');
    expect(explain('v-thin')).toContain('fill: buy 0.00999 at 50000');
    expect(status()).toMatch(/BTC\/USDT +qty 0\.00999 .*stop 49000/);
    // The cockpit's verdict list: before, "cancelled", as if nothing had been bought.
    expect(kernel.store.cockpit.verdicts(10)!.find((v) => v.id === 'v-thin')!.outcome).toBe('partly filled, rest cancelled');
    expect(lines.find((l) => l['msg'] === 'order' && l['clientOrderId'] === 'co-v-thin')).toMatchObject({ status: 'cancelled', cancelled: expect.stringMatching(/^partly filled/) });
    expect(kernel.trader.ledger().ok).toBe(true);
    expect(kernel.trader.pendingOrders()).toEqual([]);
    // Nothing of the cancelled rest is left in flight: the next verdict on the symbol, a SELL, sells what was bought.
    binance.fake.bookQty = undefined;
    await seconds(5);
    await kernel.trader.onVerdict(sellVerdict('thin-out', clock.now()));
    const sales = [...binance.fake.orders.values()].filter((o) => o.side === 'SELL');
    expect(sales.map((o) => o.origQty)).toEqual([0.00999]);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('buys nothing when the price ran past the cap, keeps the gate’s acceptance, and a later BUY enters', async () => {
    const { kernel, clock, seconds, market, explain, status, decide } = await liveKernel();
    market.decided = 50_000;
    binance.fake.price = 50_800;
    await decide('ran');
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order('co-v-ran')).toMatchObject({ status: 'cancelled', filledQty: 0 });
    expect(kernel.store.order('co-v-ran')!.reason).toMatch(/^not filled: the book offered nothing at or below 50500/);
    expect(explain('v-ran')).toContain('risk gate: accepted');
    expect(explain('v-ran')).toContain('cancelled: not filled');
    expect(status()).toMatch(/positions 0/);
    expect(kernel.store.cockpit.verdicts(10)!.find((v) => v.id === 'v-ran')!.outcome).toBe('cancelled');
    expect(kernel.trader.pendingOrders()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await seconds(5);
    market.decided = undefined;
    await kernel.trader.onVerdict(buyVerdict('after', clock.now()));
    expect(kernel.store.position('BTC/USDT')!.qty).toBeGreaterThan(0);
    expect(kernel.store.position('BTC/USDT')!.stopPrice).toBe(49_000);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('sends a stop’s sale refused for its time once more at once, and the position closes in the same check', async () => {
    const { kernel, clock, lines, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('late', clock.now()));
    const held = kernel.store.position('BTC/USDT')!.qty;
    // The exchange's clock falls 3 s behind the time the daemon read: the next signed order is stamped ahead of it (-1021).
    binance.fake.clockOffsetMs = -3_000;
    binance.fake.price = 48_000;
    // Each second ends when the check it started has: the check that fires the stop closes the position.
    for (let i = 0; i < 10 && kernel.store.position('BTC/USDT'); i++) await seconds(1);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    // One sale, the same order sent twice (refused, then taken), no rejected row waiting for the next check.
    const saleIds = [...binance.fake.orders.values()].filter((o) => o.side === 'SELL').map((o) => o.clientOrderId);
    expect(saleIds).toHaveLength(1);
    expect(binance.fake.posts(saleIds[0]!)).toBe(2);
    expect(kernel.store.db.prepare(`SELECT client_order_id FROM orders WHERE side = 'sell'`).pluck().all()).toEqual(saleIds);
    expect([...binance.fake.orders.values()].find((o) => o.side === 'SELL')!.origQty).toBeCloseTo(held, 12);
    expect(kernel.store.order(saleIds[0]!)).toMatchObject({ status: 'filled' });
    // Said once, with what to do: before, the refusal went by without a word (a clock 1-2 s ahead, below the 2 s the
    // clock check warns at, had each order refused once, unseen).
    expect(lines.filter((l) => l['level'] === 'warn' || l['level'] === 'error').map((l) => l['msg'])).toEqual([
      expect.stringMatching(new RegExp(`^binance refused order ${saleIds[0]} for its time \\(.*\\): sent once more; this machine's clock is off from the exchange's.*sync the clock`)),
    ]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('starts, reconciles, enters and exits with the exchange’s clock 3 s behind this machine’s for the whole run', async () => {
    binance.fake.clockOffsetMs = -3_000;
    binance.fake.balances.BTC = { free: 0, locked: 0 };
    const { kernel, clock, lines, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('behind', clock.now()));
    expect(kernel.store.order('co-v-behind')).toMatchObject({ status: 'filled' });
    expect(kernel.store.position('BTC/USDT')!.stopPrice).toBe(49_000);
    binance.fake.price = 48_000;
    await seconds(10);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    // No request was refused for its time.
    expect(binance.fake.requests.filter((r) => r.method === 'POST').length).toBe(2);
    const said = lines.filter((l) => l['level'] === 'warn' || l['level'] === 'error').map((l) => l['msg']);
    expect(said).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('cancels at once a capped entry an exchange without immediate-or-cancel left on its book, holding what filled', async () => {
    const { kernel, decide } = await liveKernel();
    binance.fake.ignoresTimeInForce = true;
    binance.fake.bookQty = 0.01;
    await decide('rests');
    expect([...binance.fake.orders.values()].filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')).toEqual([]);
    expect(kernel.store.position('BTC/USDT')!.qty).toBeCloseTo(0.00999, 12);
    expect(kernel.store.order('co-v-rests')).toMatchObject({ status: 'cancelled' });
    expect(kernel.trader.pendingOrders()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('holds a capped entry whole when its rest filled while its cancel was under way', async () => {
    const { kernel, decide } = await liveKernel();
    binance.fake.ignoresTimeInForce = true;
    binance.fake.bookQty = 0.01;
    binance.fake.beforeCancel = (o) => {
      o.executedQty = o.origQty;
      o.status = 'FILLED';
    };
    await decide('filled-meanwhile');
    const order = kernel.store.order('co-v-filled-meanwhile')!;
    expect(order.status).toBe('filled');
    expect(kernel.store.position('BTC/USDT')!.qty).toBeCloseTo(order.qty * 0.999, 12);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
