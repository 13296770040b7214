import { describe, expect, it } from 'vitest';
import { accountSummary } from '../../src/trading/account-summary.js';
import { exitRulesOf } from '../../src/trading/exit-rules.js';
import { statusLines } from '../../src/trading/status-text.js';
import { buyVerdict } from '../helpers/buy-verdict.js';
import { exchangeStopKernel, fakeBinanceEachTest } from '../helpers/live-kernel.js';

/**
 * exchangeStop with a trailing stop: the stop resting on the (fake) exchange follows the daemon's stop level up as the
 * peak rises (cancelled and placed again), by steps of 0.5 % at least and at most once a minute, never down.
 * The entry buys at 50,000 with its stop at 49,000; the trailing stop is 3 % under the peak, armed from entry.
 */
describe('a live position’s protective stop follows its trailing stop up (exchangeStop)', () => {
  const binance = fakeBinanceEachTest((fake) => {
    fake.trackBalances = true;
  });

  const ENV = { CONCLAVE_TRAILING_STOP_PCT: '0.03', CONCLAVE_HEALTH_INTERVAL_MS: '5000' };
  const liveKernel = (extra: Record<string, string> = {}, dataDir?: string) => exchangeStopKernel(binance.fake, binance.base, Object.assign({}, ENV, extra), dataDir);

  const triggers = () => binance.fake.stopLimitOrders().map((o) => [o.stop!.stopPrice, o.status]);

  it('moves the stop on the exchange up with the peak: cancelled, then placed at the trailing stop’s level', async () => {
    const { kernel, clock, seconds, lines } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('up', clock.now()));
    expect(triggers()).toEqual([[49_000, 'NEW']]);
    binance.fake.price = 52_000;
    await seconds(80);
    // 3 % under the peak of 52,000: 50,440, limited 2 % below.
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(binance.fake.stopLimitOrders()[1]!.stop!.limitPrice).toBeCloseTo(49_431.2, 6);
    const [first, second] = binance.fake.stopLimitOrders();
    const cancelAt = binance.fake.requests.findIndex((r) => r.method === 'DELETE');
    const placedAt = binance.fake.requests.findIndex((r) => r.method === 'POST' && r.params['newClientOrderId'] === second!.clientOrderId);
    expect(cancelAt).toBeGreaterThan(-1);
    expect(placedAt).toBeGreaterThan(cancelAt);
    expect(kernel.store.order(first!.clientOrderId)).toMatchObject({ status: 'cancelled', reason: "cancelled by conclave: moved up to 50440, the daemon's stop level" });
    expect(kernel.store.inFlightOrders().map((o) => [o.clientOrderId, o.purpose])).toEqual([[second!.clientOrderId, 'protective stop']]);
    expect(lines.some((l) => l.msg === 'the protective stop of BTC/USDT follows the daemon\'s stop up: from 49000 to 50440')).toBe(true);
    binance.fake.price = 54_000;
    await seconds(80);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'CANCELED'], [52_380, 'NEW']]);
    // The coins stay locked by one stop only, and nothing was sold.
    expect(binance.fake.balances.BTC!.locked).toBeCloseTo(binance.fake.stopLimitOrders()[2]!.origQty, 9);
    expect(binance.fake.sales()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('moves it at the check that sees the new peak, not the one after', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('prompt', clock.now()));
    await seconds(61);
    expect(triggers()).toEqual([[49_000, 'NEW']]);
    binance.fake.price = 52_000;
    // Checks 5 s apart: one check sees 52,000, stores the peak, and moves the stop to 3 % under it.
    await seconds(5);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(kernel.store.position('BTC/USDT')).toMatchObject({ peakPrice: 52_000, markPrice: 52_000 });
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('never moves it down: a fall from the peak, and a restart with a looser trailing stop, leave it where it rests', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('down', first.clock.now()));
    binance.fake.price = 52_000;
    await first.seconds(80);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    binance.fake.price = 50_800;
    await first.seconds(130);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    await first.kernel.stop();
    // 5 % under the peak of 52,000 is 49,400: below the stop resting at 50,440, which stays.
    const second = await liveKernel({ CONCLAVE_TRAILING_STOP_PCT: '0.05' }, first.config.dataDir);
    await second.seconds(130);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(binance.fake.stopPlacements()).toHaveLength(2);
    expect(second.kernel.store.position('BTC/USDT')).not.toBeNull();
    await second.kernel.stop();
  });

  it('leaves it for a rise under 0.5 % of the level, and moves it at most once a minute however fast the peak climbs', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('small', clock.now()));
    // 3 % under 50,600 is 49,082: 0.17 % above the stop at 49,000.
    binance.fake.price = 50_600;
    await seconds(130);
    expect(triggers()).toEqual([[49_000, 'NEW']]);
    // 3 % under 51,000 is 49,470: 0.95 % above it.
    binance.fake.price = 51_000;
    await seconds(16);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [49_470, 'NEW']]);
    // 3 % under 51,200 is 49,664: 0.39 % above 49,470.
    binance.fake.price = 51_200;
    await seconds(130);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [49_470, 'NEW']]);
    // A climb of 1 % at every check (5 s) for three minutes: one move a minute, not one a check.
    const start = clock.now();
    for (let i = 0; i < 36; i++) {
      binance.fake.price = Math.round(binance.fake.price * 1.01);
      await seconds(5);
    }
    const raised = kernel.store.db
      .prepare(`SELECT created_at createdAt FROM orders WHERE purpose = 'protective stop' AND created_at > ? ORDER BY created_at`)
      .all(start) as { createdAt: number }[];
    expect(raised.length).toBeGreaterThanOrEqual(2);
    expect(raised.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < raised.length; i++) expect(raised[i]!.createdAt - raised[i - 1]!.createdAt).toBeGreaterThanOrEqual(60_000);
    expect(binance.fake.stopLimitOrders().filter((o) => o.status === 'NEW')).toHaveLength(1);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('places nothing and sells nothing when the stop filled as the cancel for its move arrived: its fill is the exit', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('race', clock.now()));
    binance.fake.price = 52_000;
    // The price falls through the stop at 49,000 as the cancel for its move arrives: the exchange fills it first.
    binance.fake.beforeCancel = (order) => {
      if (!order.stop) return;
      binance.fake.price = 48_990;
      binance.fake.triggerStops();
      binance.fake.price = 52_000;
    };
    await seconds(80);
    expect(triggers()).toEqual([[49_000, 'FILLED']]);
    expect(binance.fake.stopPlacements()).toHaveLength(1);
    expect(binance.fake.sales()).toEqual([]);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    const [stop] = binance.fake.stopLimitOrders();
    expect(kernel.store.order(stop!.clientOrderId)).toMatchObject({ status: 'filled', purpose: 'protective stop' });
    expect(kernel.store.inFlightOrders()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await seconds(30);
    expect(binance.fake.stopPlacements()).toHaveLength(1);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('places the stop back at its old level at once when the exchange refuses the moved one', async () => {
    const { kernel, clock, lines, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('back', clock.now()));
    await seconds(61);
    binance.fake.queue('reject');
    binance.fake.price = 52_000;
    await seconds(16);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [49_000, 'NEW']]);
    expect(lines.some((l) => l.level === 'warn' && l.msg === 'the protective stop of BTC/USDT moved up to 50440 was refused: placed back at 49000')).toBe(true);
    const back = binance.fake.stopLimitOrders()[1]!;
    expect(back.clientOrderId).toMatch(/-b$/);
    expect(kernel.store.inFlightOrders().map((o) => [o.clientOrderId, o.purpose])).toEqual([[back.clientOrderId, 'protective stop']]);
    // Covered all along: never warned unprotected, and the health line lists none.
    expect(lines.some((l) => String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange'))).toBe(false);
    // Moved up again a minute after it was placed back.
    await seconds(66);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(binance.fake.sales()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('shows the position unprotected when the exchange refuses the moved stop and its old level, and places it again with the refusal’s backoff', async () => {
    const { kernel, clock, config, lines, seconds } = await liveKernel();
    const status = () => statusLines(Object.assign({ mode: 'live', halted: false, exchangeStop: true }, accountSummary(kernel.store, exitRulesOf(config)))).join('\n');
    await kernel.trader.onVerdict(buyVerdict('refused', clock.now()));
    await seconds(61);
    binance.fake.queue('reject', 'reject', 'reject', 'reject');
    binance.fake.price = 52_000;
    // The check that sees the peak stores it and moves the stop: cancelled, its placement refused, and the old level's
    // too; the next check's placement is refused again (the first placement, and three refused).
    await seconds(16);
    expect(triggers()).toEqual([[49_000, 'CANCELED']]);
    expect(binance.fake.stopPlacements()).toHaveLength(4);
    expect(status()).toMatch(/BTC\/USDT .* exchange stop none/);
    expect(lines.some((l) => l.level === 'warn' && String(l.msg).startsWith('BTC/USDT has no protective stop on the exchange: placing it failed (rejected by binance'))).toBe(true);
    // Refused again 30 s later; then placed a minute after that, at the level it was moved to.
    await seconds(50);
    expect(binance.fake.stopPlacements()).toHaveLength(5);
    expect(triggers()).toEqual([[49_000, 'CANCELED']]);
    expect(lines.some((l) => String(l.msg).includes('placed again in 60 s (refused 3 times in a row)'))).toBe(true);
    expect(lines.filter((l) => l.msg === 'health').map((l) => l['positions'])).toContainEqual({ open: 1, unprotected: ['BTC/USDT'] });
    await seconds(60);
    expect(binance.fake.stopPlacements()).toHaveLength(6);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    await seconds(6);
    expect(lines.filter((l) => l.msg === 'health').at(-1)!['positions']).toEqual({ open: 1 });
    expect(status()).toContain(`exchange stop ${binance.fake.stopLimitOrders()[1]!.clientOrderId} (submitted)`);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('leaves the stop resting while its market is halted, where a cancel would leave the position bare, and moves it once trading resumes', async () => {
    const { kernel, clock, seconds } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('halted', clock.now()));
    binance.fake.marketClosed = true;
    binance.fake.price = 52_000;
    await seconds(80);
    expect(triggers()).toEqual([[49_000, 'NEW']]);
    expect(binance.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    binance.fake.marketClosed = false;
    await seconds(80);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });

  it('keeps the moved stop across a restart, read from its order row, and moves it on from there', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('restart', first.clock.now()));
    binance.fake.price = 52_000;
    await first.seconds(80);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    await first.kernel.stop();
    const second = await liveKernel({}, first.config.dataDir);
    await second.seconds(90);
    // Not placed again at start nor after: the one resting is at the daemon's level.
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    expect(binance.fake.stopPlacements()).toHaveLength(2);
    binance.fake.price = 54_000;
    await second.seconds(80);
    expect(triggers()).toEqual([[49_000, 'CANCELED'], [50_440, 'CANCELED'], [52_380, 'NEW']]);
    expect(second.lines.some((l) => l.msg === 'the protective stop of BTC/USDT follows the daemon\'s stop up: from 50440 to 52380')).toBe(true);
    expect(binance.fake.sales()).toEqual([]);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });
});
