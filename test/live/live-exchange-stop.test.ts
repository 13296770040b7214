import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { accountSummary } from '../../src/trading/account-summary.js';
import { exitRulesOf } from '../../src/trading/exit-rules.js';
import { statusLines } from '../../src/trading/status-text.js';
import { writeOffPosition } from '../../src/trading/write-off.js';
import { ExchangePrice } from '../trading/fake-binance.js';
import { buyVerdict, sellVerdict } from '../helpers/buy-verdict.js';
import { exchangeStopKernel, fakeBinanceEachTest, liveKernelOnFake, liveSeconds } from '../helpers/live-kernel.js';
import { parsePrometheusText, total } from '../helpers/prom-text.js';

/**
 * exchangeStop: a live position keeps a stop-limit sale resting on the (fake) exchange at its stop level, so it is
 * protected while the daemon is away; the daemon's own exits cancel it first, and its fill is recorded as the exit.
 */
describe('a live position’s protective stop on the exchange (exchangeStop)', () => {
  const binance = fakeBinanceEachTest((fake) => {
    fake.trackBalances = true;
  });

  const liveKernel = (extra: Record<string, string> = {}) => exchangeStopKernel(binance.fake, binance.base, extra);


  it('places a stop-limit sale of the quantity held at the position’s stop once the entry fills, known to the store', async () => {
    const { kernel, clock } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('p1', clock.now()));
    const held = kernel.store.position('BTC/USDT')!;
    expect(held.stopPrice).toBeCloseTo(49_000, 6);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop).toMatchObject({ side: 'SELL', status: 'NEW', stop: { stopPrice: 49_000, limitPrice: 48_020 } });
    // Binance spot's stop-limit order, as ccxt sends it from the unified limit order with stopLossPrice.
    const placed = binance.fake.requests.find((r) => r.method === 'POST' && r.params['newClientOrderId'] === stop!.clientOrderId)!;
    expect(placed.params).toMatchObject({ type: 'STOP_LOSS_LIMIT', side: 'SELL', stopPrice: '49000', price: '48020', timeInForce: 'GTC' });
    // The quantity held, rounded down to the market's step (0.00001).
    expect(stop!.origQty).toBeCloseTo(Math.floor(held.qty * 1e5 + 1e-6) / 1e5, 9);
    expect(binance.fake.balances.BTC!.locked).toBeCloseTo(stop!.origQty, 9);
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ purpose: 'protective stop', status: 'submitted', side: 'sell' });
    expect(kernel.store.inFlightOrders().map((o) => o.clientOrderId)).toEqual([stop!.clientOrderId]);
    await kernel.stop();
  });

  /** The fills of an order as stored. */
  const fillsOf = (kernel: Kernel, clientOrderId: string) =>
    kernel.store.db.prepare('SELECT qty, price, fee, time FROM fills WHERE client_order_id = ?').all(clientOrderId) as { qty: number; price: number; fee: number; time: number }[];

  it('says a position has no stop on the exchange while its placement is refused, and places it at the next check', async () => {
    const { kernel, clock, config, lines, seconds } = await liveKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    const status = () => statusLines(Object.assign({ mode: 'live', halted: false, exchangeStop: true }, accountSummary(kernel.store, exitRulesOf(config)))).join('\n');
    binance.fake.queue('fill', 'reject');
    await kernel.trader.onVerdict(buyVerdict('refused', clock.now()));
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    expect(binance.fake.stopLimitOrders()).toEqual([]);
    expect(status()).toMatch(/BTC\/USDT .* exchange stop none/);
    expect(lines.some((l) => l.level === 'warn' && String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange: placing it failed (rejected by binance'))).toBe(true);
    // /metrics says it at once, for an alert: no health line needed.
    const unprotected = async () => total(parsePrometheusText((await kernel.metrics.render()).body), 'conclave_positions_unprotected');
    expect(await unprotected()).toBe(1);
    await seconds(12);
    // The health line named it while it had none (the first after the refusal), and not once it rests.
    const health = lines.filter((l) => l.msg === 'health').map((l) => l['positions']);
    expect(health).toContainEqual({ open: 1, unprotected: ['BTC/USDT'] });
    await seconds(6);
    expect(lines.filter((l) => l.msg === 'health').at(-1)!['positions']).toEqual({ open: 1 });
    expect(await unprotected()).toBe(0);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop).toMatchObject({ status: 'NEW' });
    expect(status()).toContain(`exchange stop ${stop!.clientOrderId} (submitted)`);
    expect(status()).toContain(`BTC/USDT   protective stop sell`);
    await kernel.stop();
  });

  it('counts a position whose stop placement was not answered as unprotected until the exchange says, then places it again', async () => {
    const { kernel, clock, lines, seconds } = await liveKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    const unprotected = async () => total(parsePrometheusText((await kernel.metrics.render()).body), 'conclave_positions_unprotected');
    // The stop's placement answered 503: nothing rests on the exchange, and the daemon cannot know it yet.
    binance.fake.queue('fill', 'error500');
    await kernel.trader.onVerdict(buyVerdict('unanswered', clock.now()));
    expect(binance.fake.stopLimitOrders()).toEqual([]);
    expect(kernel.store.inFlightOrders().map((o) => o.purpose)).toEqual(['protective stop']);
    await seconds(12);
    expect(lines.some((l) => l.level === 'warn' && String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange: none confirmed: the placement of'))).toBe(true);
    expect(lines.filter((l) => l.msg === 'health').at(-1)!['positions']).toEqual({ open: 1, unprotected: ['BTC/USDT'] });
    expect(await unprotected()).toBe(1);
    // Found never placed a minute on, it is placed again, and the position counts as protected once more.
    await seconds(70);
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['NEW']);
    expect(lines.filter((l) => l.msg === 'health').at(-1)!['positions']).toEqual({ open: 1 });
    expect(await unprotected()).toBe(0);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('tries a placement the exchange refuses for good less and less often, up to hourly, not at every check', async () => {
    const { kernel, clock, lines, seconds } = await liveKernel();
    binance.fake.queue('fill', ...Array.from({ length: 300 }, () => 'reject' as const));
    await kernel.trader.onVerdict(buyVerdict('never', clock.now()));
    await seconds(600);
    // Checks every 5 s: 120 placements and 120 rejected order rows in 10 minutes before; now the first, the next check,
    // then after 30, 60, 120 and 240 s.
    const placements = binance.fake.stopPlacements();
    expect(placements.length).toBe(6);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    const said = lines.filter((l) => String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange')).map((l) => String(l.msg));
    expect(said.at(-1)).toMatch(/placed again in 480 s \(refused 6 times in a row\)$/);
    await kernel.stop();
  });

  it('records the exchange’s fill of the stop while the daemon was away as the exit at the restart, and sells nothing', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('away', first.clock.now()));
    const entryCash = first.kernel.store.account().cash;
    const held = first.kernel.store.position('BTC/USDT')!;
    await first.kernel.stop();
    // The daemon is away; the market falls through the stop, and the exchange sells at 48,900 (above its limit).
    binance.fake.price = 48_900;
    binance.fake.triggerStops();
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop).toMatchObject({ status: 'FILLED', price: 48_900 });
    const second = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' }, first.config.dataDir);
    const { kernel } = second;
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled', purpose: 'protective stop' });
    const [fill] = fillsOf(kernel, stop!.clientOrderId);
    // The exchange's price and commission (0.1 % of the proceeds, in USDT), not the stop level nor a guess.
    expect(fill!.price).toBe(48_900);
    expect(fill!.qty).toBeCloseTo(stop!.origQty, 9);
    expect(fill!.fee).toBeCloseTo(stop!.origQty * 48_900 * 0.001, 6);
    const account = kernel.store.account();
    expect(account.cash).toBeCloseTo(entryCash + stop!.origQty * 48_900 * 0.999, 6);
    const event = kernel.store.db.prepare("SELECT realized_pnl pnl, reason FROM position_events WHERE change = 'closed'").get() as { pnl: number; reason: string };
    expect(event.pnl).toBeCloseTo(stop!.origQty * 48_900 - held.avgPrice * held.qty, 4);
    expect(event.reason).toMatch(/protective stop/);
    expect(kernel.trader.ledger().ok).toBe(true);
    // No sale of the daemon's own, then or at its checks after.
    await liveSeconds(second)(12);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('cancels the stop before a signal’s exit, then sells what is held', async () => {
    const { kernel, clock } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('sig', clock.now()));
    const held = kernel.store.position('BTC/USDT')!.qty;
    await kernel.trader.onVerdict(sellVerdict('sig2', clock.now()));
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('CANCELED');
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'cancelled' });
    expect(binance.fake.sales().map((o) => o.origQty)).toEqual([held]);
    // The cancel went out before the sale.
    const cancelAt = binance.fake.requests.findIndex((r) => r.method === 'DELETE');
    const saleAt = binance.fake.requests.findIndex((r) => r.method === 'POST' && r.params['side'] === 'SELL' && r.params['type'] !== 'STOP_LOSS_LIMIT');
    expect(cancelAt).toBeGreaterThan(-1);
    expect(saleAt).toBeGreaterThan(cancelAt);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('places the stop again at once when the exit it was cancelled for is refused, not a check later', async () => {
    const { kernel, clock, lines } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('refused', clock.now()));
    // A second on (a stop's id holds its time), short of the next position check.
    await clock.advance(1_000);
    binance.fake.queue('reject');
    await kernel.trader.onVerdict(sellVerdict('refused2', clock.now()));
    expect(binance.fake.sales().map((o) => o.status)).toEqual([]);
    expect(lines.some((l) => String(l.msg).startsWith('exit of BTC/USDT refused by the broker'))).toBe(true);
    // The position is still held: its stop rests again on the exchange before the next check.
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['CANCELED', 'NEW']);
    expect(kernel.store.inFlightOrders().map((o) => o.purpose)).toEqual(['protective stop']);
    await kernel.stop();
  });

  it('sends no sale when the stop filled just before the exit’s cancel, and records its fill', async () => {
    const { kernel, clock } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('race', clock.now()));
    // The exchange fills the stop as the cancel arrives (the price fell through it meanwhile).
    binance.fake.beforeCancel = (order) => {
      if (!order.stop) return;
      binance.fake.price = 48_950;
      binance.fake.triggerStops();
    };
    await kernel.trader.onVerdict(sellVerdict('race2', clock.now()));
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('FILLED');
    expect(binance.fake.sales()).toEqual([]);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled' });
    expect(fillsOf(kernel, stop!.clientOrderId).map((f) => f.price)).toEqual([48_950]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('records a fill of the stop while the daemon runs at the next position check, and sells nothing more', async () => {
    // The daemon's market still reads 50,000 (its own stop does not fire): only asking the exchange tells the fill.
    const market = new ExchangePrice(binance.fake);
    market.price = async () => 50_000;
    const { kernel, clock, lines } = await liveKernelOnFake(binance.base, market, { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' });
    await kernel.trader.onVerdict(buyVerdict('run', clock.now()));
    await liveSeconds({ kernel, clock })(6);
    binance.fake.price = 48_990;
    binance.fake.triggerStops();
    await liveSeconds({ kernel, clock })(16);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('FILLED');
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled' });
    expect(fillsOf(kernel, stop!.clientOrderId).map((f) => f.price)).toEqual([48_990]);
    expect(kernel.trader.ledger().ok).toBe(true);
    expect(lines.some((l) => l.msg === 'orders the exchange had accepted without a fill were settled with its answer')).toBe(true);
    binance.fake.price = 50_000;
    await liveSeconds({ kernel, clock })(12);
    // Closed: no sale, and no stop placed again for a position no longer held.
    expect(binance.fake.sales()).toEqual([]);
    expect(binance.fake.stopLimitOrders()).toHaveLength(1);
    await kernel.stop();
  });

  it('reduces the position by a partial fill of the stop, and an exit then cancels its rest and sells what is left', async () => {
    const market = new ExchangePrice(binance.fake);
    market.price = async () => 50_000;
    const { kernel, clock } = await liveKernelOnFake(binance.base, market, { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' });
    await kernel.trader.onVerdict(buyVerdict('part', clock.now()));
    const held = kernel.store.position('BTC/USDT')!.qty;
    binance.fake.price = 48_990;
    binance.fake.triggerStops(0.5);
    binance.fake.price = 50_000;
    await liveSeconds({ kernel, clock })(16);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('PARTIALLY_FILLED');
    expect(kernel.store.position('BTC/USDT')!.qty).toBeCloseTo(held - stop!.executedQty, 9);
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'partially_filled' });
    await kernel.trader.onVerdict(sellVerdict('part2', clock.now()));
    expect(stop!.status).toBe('CANCELED');
    expect(binance.fake.sales()).toHaveLength(1);
    expect(binance.fake.sales()[0]!.origQty).toBeCloseTo(held - stop!.executedQty, 7);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'cancelled' });
    expect(kernel.store.order(stop!.clientOrderId)!.filledQty).toBeCloseTo(stop!.executedQty, 9);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('closes a position whose stop filled all but less than the market sells, and records the rest’s fill found at its cancel outside the book', async () => {
    const market = new ExchangePrice(binance.fake);
    market.price = async () => 50_000;
    const { kernel, clock, lines } = await liveKernelOnFake(binance.base, market, { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' });
    await kernel.trader.onVerdict(buyVerdict('dust', clock.now()));
    const [stop] = binance.fake.stopLimitOrders();
    // All but 0.00005 (under the 0.0001 worth 5 USDT, the smallest order): the position is closed with that rest swept.
    binance.fake.price = 48_990;
    binance.fake.triggerStops(1 - 0.00005 / stop!.origQty);
    binance.fake.price = 50_000;
    // The rest fills as conclave cancels it, the position already closed.
    binance.fake.beforeCancel = (o) => {
      o.executedQty = o.origQty;
      o.status = 'FILLED';
    };
    await liveSeconds({ kernel, clock })(16);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled', reason: expect.stringMatching(/outside conclave.s book/) });
    expect(kernel.store.inFlightOrders()).toEqual([]);
    expect(lines.some((l) => String(l.msg).startsWith('the protective stop of BTC/USDT sold'))).toBe(true);
    expect(binance.fake.sales()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('sells at market by the daemon’s own stop when the price gaps through the stop’s limit, cancelling the stop first', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('gap', clock.now()));
    const held = kernel.store.position('BTC/USDT')!.qty;
    // Under the limit (48,020): triggered, the stop-limit cannot sell; the daemon's stop sees 47,500.
    binance.fake.price = 47_500;
    await seconds(16);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('CANCELED');
    expect(binance.fake.sales()).toHaveLength(1);
    expect(binance.fake.sales()[0]!.origQty).toBeCloseTo(held, 7);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('cancels the stop before a halt’s flatten sells the position', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('flat', clock.now()));
    const held = kernel.store.position('BTC/USDT')!.qty;
    kernel.killSwitch.halt('operator: flatten', true);
    await seconds(16);
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['CANCELED']);
    expect(binance.fake.sales()).toHaveLength(1);
    expect(binance.fake.sales()[0]!.origQty).toBeCloseTo(held, 7);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    await kernel.stop();
  });

  it('starts with the coins locked by a resting stop (no balance missing), keeps the stop, and places one again that the exchange expired', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('lock', first.clock.now()));
    await first.kernel.stop();
    expect(binance.fake.balances.BTC!.locked).toBeGreaterThan(0);
    const again = () => liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' }, first.config.dataDir);
    const second = await again();
    expect(second.kernel.store.position('BTC/USDT')).not.toBeNull();
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['NEW']);
    await second.kernel.stop();
    // The exchange expired it while the daemon was away (its coins free again): placed again at the start, warned.
    const [old] = binance.fake.stopLimitOrders();
    old!.status = 'EXPIRED';
    binance.fake.balances.BTC!.free += binance.fake.balances.BTC!.locked;
    binance.fake.balances.BTC!.locked = 0;
    const third = await again();
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['EXPIRED', 'NEW']);
    expect(third.kernel.store.order(old!.clientOrderId)).toMatchObject({ status: 'cancelled' });
    expect(third.lines.some((l) => String(l.msg).startsWith('the protective stop of BTC/USDT ended on the exchange without a fill'))).toBe(true);
    await third.kernel.stop();
  });

  it('buys nothing while the stop of a position written off cannot be cancelled: it would sell from the new one', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('off', first.clock.now()));
    const store = first.kernel.store;
    writeOffPosition(store, store.position('BTC/USDT')!, { price: 50_000, reason: 'test: converted by the exchange', now: first.clock.now() });
    await first.kernel.stop();
    binance.fake.cancelFails = true;
    const second = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_SYMBOL_COOLDOWN_BARS: '0', CONCLAVE_SYMBOL_COOLDOWN_MS: '0' }, first.config.dataDir);
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['NEW']);
    const buys = () => [...binance.fake.orders.values()].filter((o) => o.side === 'BUY');
    await second.kernel.trader.onVerdict(buyVerdict('off2', second.clock.now()));
    expect(buys()).toHaveLength(1);
    expect(second.kernel.store.position('BTC/USDT')).toBeNull();
    const rule = second.kernel.store.db.prepare(`SELECT rule FROM risk_decisions WHERE verdict_id = 'v-off2'`).get() as { rule: string } | undefined;
    expect(rule?.rule).toBe('exit_in_flight');
    // Once it is cancelled (the next check, a minute on), the symbol may be bought again.
    binance.fake.cancelFails = false;
    await liveSeconds(second)(60);
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['CANCELED']);
    await second.kernel.trader.onVerdict(buyVerdict('off3', second.clock.now()));
    expect(buys()).toHaveLength(2);
    expect(second.kernel.store.position('BTC/USDT')).not.toBeNull();
    await second.kernel.stop();
  });

  it('cancels at the next start the stop of a position written off meanwhile, and one left when the setting is turned off', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('gone', first.clock.now()));
    const dataDir = first.config.dataDir;
    const store = first.kernel.store;
    writeOffPosition(store, store.position('BTC/USDT')!, { price: 50_000, reason: 'test: converted by the exchange', now: first.clock.now() });
    await first.kernel.stop();
    // No cooldown after the write-off's exit: the test buys again at once.
    const second = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_SYMBOL_COOLDOWN_BARS: '0', CONCLAVE_SYMBOL_COOLDOWN_MS: '0' }, dataDir);
    const [old] = binance.fake.stopLimitOrders();
    expect(old!.status).toBe('CANCELED');
    expect(second.kernel.store.order(old!.clientOrderId)).toMatchObject({ status: 'cancelled', reason: 'cancelled by conclave: its position is closed' });
    expect(second.kernel.store.inFlightOrders()).toEqual([]);
    // A new position, its stop resting; then the setting is turned off: the next start cancels it, and an exit sells once.
    await second.kernel.trader.onVerdict(buyVerdict('gone2', second.clock.now()));
    const held = second.kernel.store.position('BTC/USDT')!.qty;
    await second.kernel.stop();
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['CANCELED', 'NEW']);
    const third = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'false' }, dataDir);
    expect(binance.fake.stopLimitOrders().map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    await third.kernel.trader.onVerdict(sellVerdict('gone3', third.clock.now()));
    expect(binance.fake.sales()).toHaveLength(1);
    expect(binance.fake.sales()[0]!.origQty).toBeCloseTo(held, 7);
    expect(third.kernel.store.position('BTC/USDT')).toBeNull();
    expect(third.kernel.trader.ledger().ok).toBe(true);
    await third.kernel.stop();
  });

  it('starts after a write-off whose protective stop filled while the daemon was away: its sale is recorded, no position made up', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('wof', first.clock.now()));
    const dataDir = first.config.dataDir;
    const store = first.kernel.store;
    writeOffPosition(store, store.position('BTC/USDT')!, { price: 50_000, reason: 'test: written off', now: first.clock.now() });
    const cash = store.account().cash;
    await first.kernel.stop();
    binance.fake.price = 48_900;
    binance.fake.triggerStops();
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('FILLED');
    const second = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_EXCHANGE_STOP: 'true' }, dataDir);
    expect(second.kernel.store.position('BTC/USDT')).toBeNull();
    expect(second.kernel.store.inFlightOrders()).toEqual([]);
    expect(second.kernel.store.account().cash).toBeCloseTo(cash, 6);
    expect(second.kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled', reason: expect.stringMatching(/outside conclave.s book/) });
    expect(second.lines.some((l) => String(l.msg).startsWith('the protective stop of BTC/USDT sold'))).toBe(true);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });

  it('places no stop worth less than the exchange’s smallest order at its limit price, and says so once, not refused at every check', async () => {
    // The entry (about 0.04 at 50,000) is worth more than 1,950; its stop, sold at 48,020 at best, less.
    binance.fake.minNotional = 1_950;
    const { kernel, clock, seconds, lines } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('small', clock.now()));
    const held = kernel.store.position('BTC/USDT')!;
    expect(held.qty * 50_000).toBeGreaterThan(1_950);
    expect(held.qty * 48_020).toBeLessThan(1_950);
    await seconds(22);
    expect(binance.fake.stopPlacements()).toEqual([]);
    const said = lines.filter((l) => String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange'));
    expect(said).toHaveLength(1);
    expect(String(said[0]!.msg)).toMatch(/less than the market sells .* at the stop.s limit price 48020/);
    expect(kernel.store.inFlightOrders()).toEqual([]);
    await kernel.stop();
  });

  it('refuses to start (exit 78, naming exchangeStop) on an exchange that takes no stop-limit order', async () => {
    binance.fake.stopOrders = false;
    const failed = await liveKernel().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).key).toBe('exchangeStop');
    expect((failed as Error).message).toMatch(/exchangeStop=true \(CONCLAVE_EXCHANGE_STOP\).*takes no stop-loss limit order on BTC\/USDT/);
  });

  it('places nothing on the exchange but the entry and the exit with the setting off', async () => {
    const { kernel, clock } = await liveKernel({ CONCLAVE_EXCHANGE_STOP: 'false' });
    await kernel.trader.onVerdict(buyVerdict('off', clock.now()));
    await kernel.trader.onVerdict(sellVerdict('off2', clock.now()));
    expect(binance.fake.stopLimitOrders()).toEqual([]);
    expect(binance.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(binance.fake.sales()).toHaveLength(1);
    await kernel.stop();
  });
});
