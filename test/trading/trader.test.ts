import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import type { InstrumentRules, OrderRef, OrderRequest, OrderResult } from '../../src/domain/order.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { Broker } from '../../src/trading/broker-port.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../src/trading/risk-gate.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { Trader } from '../../src/trading/trader.js';
import { FixedPrices } from '../fakes/fixed-prices.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const T = Date.UTC(2026, 0, 5, 12);

/** Fills every order at once at the market's price, without fees; or accepts it without a fill (`hold`). */
class InstantBroker implements Broker {
  readonly name = 'paper';
  readonly submitted: OrderRequest[] = [];
  hold = false;
  constructor(private readonly market: FixedPrices, private readonly clock: VirtualClock) {}
  async submit(order: OrderRequest): Promise<OrderResult> {
    this.submitted.push(order);
    if (this.drop) throw new Error('ECONNRESET');
    if (this.hold) return { status: 'submitted', fills: [] };
    const price = this.market.prices[order.symbol]!;
    return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty, price, fee: 0, time: this.clock.now() }] };
  }
  /** What fetchOrder reports (null: never seen), and whether submit throws as a dropped connection does. */
  known: OrderResult | null = null;
  drop = false;
  async fetchOrder(_ref: OrderRef): Promise<OrderResult | null> {
    return this.known;
  }
}

function setup(options: { halted?: boolean | (() => boolean); limits?: Partial<RiskLimits>; haltForDrawdown?: (reason: string) => void; marketTimezone?: string; verdictMaxAgeMs?: number; barMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-trader-'));
  dirs.push(dir);
  const clock = new VirtualClock(T);
  const store = openStore(join(dir, 'store.db'));
  stores.push(store);
  const bus = new EventBus((event, error) => {
    throw new Error(`listener of ${event} failed: ${String(error)}`);
  });
  const events: string[] = [];
  for (const name of ['risk', 'order', 'fill', 'position'] as const) {
    bus.on(name, (p) => void events.push(`${name}${'status' in p ? ` ${p.status}` : 'change' in p ? ` ${p.change}` : 'outcome' in p ? ` ${p.outcome}` : ''}`));
  }
  const market = new FixedPrices({ 'AAA/USDT': 100, 'BBB/USDT': 50 });
  const barMs = options.barMs;
  if (barMs !== undefined) market.barMs = () => barMs;
  const broker = new InstantBroker(market, clock);
  const logs: { msg: string }[] = [];
  const trader = new Trader({
    clock, logger: createLogger({ level: 'info', clock, destination: { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) } }), store, bus, broker, market, limits: { ...DEFAULT_RISK_LIMITS, ...options.limits }, riskPerTrade: 0.01, lotStep: 0.001,
    halted: typeof options.halted === 'function' ? options.halted : () => (options.halted as boolean | undefined) ?? false,
    ...(options.haltForDrawdown ? { haltForDrawdown: options.haltForDrawdown } : {}),
    ...(options.marketTimezone ? { marketTimezone: options.marketTimezone } : {}),
    ...(options.verdictMaxAgeMs !== undefined ? { verdictMaxAgeMs: options.verdictMaxAgeMs } : {}),
  });
  trader.init(10_000);
  return { clock, store, market, broker, trader, events, logs };
}

let n = 0;
function verdictEvent(symbol: string, verdict: Partial<Verdict>, outcomes: VerdictEvent['outcomes'] = []): VerdictEvent {
  n++;
  return {
    verdictId: `v${n}`,
    opportunity: { id: `o${n}`, symbol, source: 'model', direction: 'long', score: 2, price: 100, reason: 'test', createdAt: T },
    verdict: { action: 'BUY', conviction: 0.8, score: 0.6, sizeFraction: 0.2, reasons: [], ...verdict },
    outcomes,
    decidedAt: T,
  };
}

/**
 * The broker sells in lots of 0.1 and fills every order whole at 100 (a buy as `bought`), refusing one above the rules'
 * maxQty as an exchange does; the rules returned are the broker's own, for the test to change.
 */
function lotsBroker(t: ReturnType<typeof setup>, bought: number): InstrumentRules {
  const rules: InstrumentRules = { lotStep: 0.1, minQty: 0.1 };
  Object.assign(t.broker, {
    instrument: async () => rules,
    submit: async (order: OrderRequest): Promise<OrderResult> => {
      t.broker.submitted.push(order);
      if (order.qty > (rules.maxQty ?? Infinity)) return { status: 'rejected', fills: [], reason: `quantity ${order.qty} above the market's maximum` };
      const qty = order.side === 'buy' ? bought : order.qty;
      return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty, price: 100, fee: 0, time: t.clock.now() }] };
    },
  });
  return rules;
}

describe('the trader', () => {
  it('enters on a BUY: sized over the stop, the position with the verdict’s stop, target and ATR at the price quoted', async () => {
    const t = setup();
    const event = verdictEvent('AAA/USDT', { stop: 95, target: 110, atrFraction: 0.02 });
    await t.trader.onVerdict(event);
    expect(t.broker.submitted).toEqual([{ clientOrderId: `co-${event.verdictId}`, symbol: 'AAA/USDT', side: 'buy', qty: 20, refPrice: 100 }]);
    expect(t.store.position('AAA/USDT')).toMatchObject({ qty: 20, avgPrice: 100, stopPrice: 95, targetPrice: 110, atr: 2 });
    expect(t.events).toEqual(['risk accepted', 'order submitted', 'order filled', 'fill', 'position opened']);
    expect(t.store.counts()).toMatchObject({ riskDecisions: 1, orders: 1, fills: 1 });
    expect(t.trader.equity()).toBe(10_000);
    expect(t.trader.markPrices()).toEqual({ 'AAA/USDT': 100 });
    expect(t.trader.portfolio()).toEqual({ cash: 8_000, equity: 10_000, openPositions: 1 });
  });

  it('buys nothing when the price quoted at the entry is already at or below the verdict’s stop, and records why', async () => {
    const t = setup();
    // Decided at 100 with its stop at 95; by the entry the market trades at 94, under the stop the panel set.
    t.market.prices['AAA/USDT'] = 94;
    const event = verdictEvent('AAA/USDT', { stop: 95 });
    await t.trader.onVerdict(event);
    expect(t.broker.submitted).toEqual([]);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.events).toEqual(['risk rejected']);
    const [decision] = t.store.cockpit.aftermath(event.verdictId).risk as { outcome: string; rule: string; reason: string }[];
    expect(decision).toMatchObject({ outcome: 'rejected', rule: 'stop_crossed', approvedQty: 0 });
    expect(decision?.reason).toBe("AAA/USDT quoted at 94, at or below the verdict's stop 95: the price fell through the stop since the panel decided, and the stop would sell at once what was bought, so nothing is bought");
    expect(t.trader.portfolio()).toEqual({ cash: 10_000, equity: 10_000, openPositions: 0 });
  });

  it('buys no more than the exchange’s largest market order, which an exit could not sell in one order either', async () => {
    const t = setup();
    Object.assign(t.broker, { instrument: async () => ({ lotStep: 1, minQty: 1, maxQty: 12 }) });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.broker.submitted.map((o) => o.qty)).toEqual([12]);
    expect(t.store.position('AAA/USDT')).toMatchObject({ qty: 12 });
  });

  it('sells a position larger than the exchange’s largest market order in parts, one an exit, until it is closed', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.store.position('AAA/USDT')!.qty).toBe(20);
    // The exchange lowers its market order limit under the position (or it was bought before the limit was read).
    Object.assign(t.broker, { instrument: async () => ({ lotStep: 1, minQty: 1, maxQty: 8.5 }) });
    const held = () => t.store.position('AAA/USDT')?.qty ?? 0;
    const sold: number[] = [];
    // One exit a position check: the stop is still crossed at each.
    for (const expected of [12, 4, 0]) {
      await t.clock.advance(60_000);
      await t.trader.exit('AAA/USDT', 'stop', 'stop');
      sold.push(t.broker.submitted.at(-1)!.qty);
      expect(held()).toBe(expected);
    }
    expect(sold).toEqual([8, 8, 4]);
    expect(t.logs.filter((l) => String(l.msg).startsWith('exit in parts'))).toHaveLength(2);
    expect(t.trader.ledger().ok).toBe(true);
  });

  it('sells in parts a position of lots whose difference is not exact in binary, keeping the last lot held to sell', async () => {
    const t = setup();
    // 0.3 bought in lots of 0.1; the exchange then sells at most 0.2 in one market order: 0.2, then the last 0.1.
    const rules = lotsBroker(t, 0.3);
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.store.position('AAA/USDT')!.qty).toBe(0.3);
    rules.maxQty = 0.2;
    await t.clock.advance(60_000);
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    // 0.3 - 0.2 is 0.09999999999999998 in binary: one lot of 0.1, still held, not dust written off; sold as 0.1.
    expect(t.store.position('AAA/USDT')?.qty).toBeCloseTo(0.1, 12);
    await t.clock.advance(60_000);
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(t.broker.submitted.filter((o) => o.side === 'sell').map((o) => o.qty)).toEqual([0.2, 0.1]);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.account().realizedPnl).toBeCloseTo(0, 9);
    expect(t.trader.ledger().ok).toBe(true);
  });

  it('sells at most exactly the exchange’s largest order when that limit is a multiple of a lot inexact in binary', async () => {
    const t = setup();
    // 3 × 0.1 is 0.30000000000000004 in binary: a part that size is above a maxQty of 0.3, which the exchange refuses.
    const rules = lotsBroker(t, 0.5);
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    rules.maxQty = 0.3;
    for (const _ of [1, 2]) {
      await t.clock.advance(60_000);
      await t.trader.exit('AAA/USDT', 'stop', 'stop');
    }
    expect(t.broker.submitted.filter((o) => o.side === 'sell').map((o) => o.qty)).toEqual([0.3, 0.2]);
    expect(t.store.position('AAA/USDT')).toBeNull();
  });

  it('enters nothing once the daemon is stopping, and records why; exits still go', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    t.trader.stopEntries();
    const late = verdictEvent('BBB/USDT', { stop: 45 });
    await t.trader.onVerdict(late);
    expect(t.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT']);
    expect(t.store.position('BBB/USDT')).toBeNull();
    expect(t.events.at(-1)).toBe('risk rejected');
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { action: 'SELL' }));
    expect(t.broker.submitted.map((o) => `${o.side} ${o.symbol}`)).toEqual(['buy AAA/USDT', 'sell AAA/USDT']);
    expect(t.store.position('AAA/USDT')).toBeNull();
  });

  it('enters nothing when the stop is asked while the entry waits for its price (a slow exchange), and records why', async () => {
    const t = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const asked = new Promise<void>((r) => (reached = r));
    const price = t.market.price.bind(t.market);
    t.market.price = async (symbol: string) => {
      reached();
      await gate;
      return price(symbol);
    };
    const entry = t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    await asked;
    // SIGTERM: the stop is asked for while the trader waits for the quote. Before, the entry went on and was sent.
    t.trader.stopEntries();
    release();
    await entry;
    expect(t.broker.submitted).toEqual([]);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.events.at(-1)).toBe('risk rejected');
    expect(t.store.db.prepare(`SELECT rule FROM risk_decisions`).all()).toEqual([{ rule: 'stopping' }]);
  });

  it('enters on no BUY whose bars were read longer ago than the discussion allows and than a bar; exits still go', async () => {
    const HOUR = 3_600_000;
    // The discussion read its bars six hours before it decided (a suspend between): decidedAt T, durationMs 6 h.
    const late = (symbol: string, action: 'BUY' | 'SELL' = 'BUY') => Object.assign(verdictEvent(symbol, { action, stop: 45 }), { durationMs: 6 * HOUR });
    const minute = setup({ verdictMaxAgeMs: 64_000, barMs: 60_000 });
    await minute.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    await minute.trader.onVerdict(late('BBB/USDT'));
    expect(minute.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT']);
    const refused = minute.store.db.prepare(`SELECT rule, reason FROM risk_decisions WHERE symbol = 'BBB/USDT'`).get() as { rule: string; reason: string };
    expect(refused.rule).toBe('stale_verdict');
    expect(refused.reason).toMatch(/^its discussion began reading bars 21600 s ago: /);
    // A SELL whose discussion began six hours ago, with AAA held, decided now.
    await minute.clock.advance(6 * HOUR);
    await minute.trader.onVerdict(Object.assign(late('AAA/USDT', 'SELL'), { decidedAt: minute.clock.now() }));
    expect(minute.store.position('AAA/USDT')).toBeNull();
    // On daily bars six hours leave the bars the discussion read the newest closed: the entry goes.
    const daily = setup({ verdictMaxAgeMs: 64_000, barMs: 86_400_000 });
    await daily.trader.onVerdict(late('BBB/USDT'));
    expect(daily.broker.submitted.map((o) => o.symbol)).toEqual(['BBB/USDT']);
  });

  it('keeps cash at or above zero when gross exposure allows more than equity (maxGrossExposure 3)', async () => {
    const t = setup({ limits: { maxGrossExposure: 3, maxPositionFraction: 0.9 } });
    // Stops close to the price: each sized to the 90 % position cap (9,000), where 1,000 of cash is left for the second.
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 99.9, sizeFraction: 0.9 }));
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 49.95, sizeFraction: 0.9 }));
    expect(t.broker.submitted.map((o) => [o.symbol, o.qty])).toEqual([['AAA/USDT', 90], ['BBB/USDT', 19.8]]);
    expect(t.trader.portfolio().cash).toBeCloseTo(10, 6);
  });

  it('takes the volatility from the verdict alone, never from the agents’ outcomes', async () => {
    const t = setup();
    const doctor = { role: 'riskDoctor', status: 'ok' as const, latencyMs: 1, signal: { stance: 0, confidence: 1, rationale: [], metrics: { atrPct: 0.5 } } };
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }, [doctor]));
    expect(t.store.position('AAA/USDT')?.atr).toBeNull();
  });

  it('says once when the daily loss limit starts stopping entries, and shows it until an entry passes again or the day turns', async () => {
    const t = setup();
    const warnings: string[] = [];
    (t.trader as unknown as { options: { logger: { warn: (o: unknown, m: string) => void } } }).options.logger.warn = (_o, m) => void warnings.push(m);
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.trader.limitTripped()).toBeNull();
    // AAA falls 40 %: equity 10,000 − 20 × 40 = 9,200, an 8 % loss on the day, over the 5 % limit.
    t.market.prices['AAA/USDT'] = 60;
    t.trader.mark('AAA/USDT', 60);
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(t.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT']);
    expect(warnings).toEqual(["daily loss limit reached: no new entries until the market's next day (open positions keep their exits)"]);
    expect(t.trader.limitTripped()).toMatchObject({ rule: 'daily_loss_limit', since: T });
    expect(t.trader.limitTripped()!.reason).toMatch(/today's loss 8 % reached the daily limit 5 %/);
    // The market's day turns with no entry tried since (a quiet night, a weekend): the limit has lifted.
    await t.clock.advance(12 * 3_600_000 - 1);
    expect(t.trader.limitTripped()).toMatchObject({ rule: 'daily_loss_limit' });
    await t.clock.advance(1);
    expect(t.trader.limitTripped()).toBeNull();
  });

  it('shows the daily loss limit as soon as the account is past it, before any entry is refused, and again after a restart', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    // AAA falls 40 %: an 8 % loss on the day with no entry tried since.
    t.market.prices['AAA/USDT'] = 60;
    t.trader.mark('AAA/USDT', 60);
    expect(t.trader.limitTripped()).toMatchObject({ rule: 'daily_loss_limit', since: T });
    expect(t.trader.limitTripped()!.reason).toMatch(/today's loss 8 % reached the daily limit 5 %/);
    expect(t.logs.filter((l) => l.msg.startsWith('daily loss limit reached'))).toHaveLength(1);
    // A restart: a new trader over the same store, which has refused nothing yet.
    const options = (t.trader as unknown as { options: ConstructorParameters<typeof Trader>[0] }).options;
    const restarted = new Trader(options);
    restarted.mark('AAA/USDT', 60);
    expect(restarted.limitTripped()).toMatchObject({ rule: 'daily_loss_limit' });
    // Back within the limit (AAA recovers), nothing stops entries.
    t.market.prices['AAA/USDT'] = 99;
    restarted.mark('AAA/USDT', 99);
    expect(restarted.limitTripped()).toBeNull();
    // Past it again the same day: shown, not said again.
    restarted.mark('AAA/USDT', 60);
    expect(restarted.limitTripped()).toMatchObject({ rule: 'daily_loss_limit' });
    expect(t.logs.filter((l) => l.msg.startsWith('daily loss limit reached'))).toHaveLength(2);
  });

  it("names the market's time zone as when the daily loss limit lifts (the day turns at its midnight, not UTC's)", async () => {
    const t = setup({ marketTimezone: 'America/New_York' });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    t.market.prices['AAA/USDT'] = 60;
    t.trader.mark('AAA/USDT', 60);
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(t.trader.limitTripped()!.reason).toMatch(/no new entries until 00:00 America\/New_York$/);
  });

  it('hands a drawdown halt to the kill switch: HALTED with the reason, and after a resume the drawdown counts from the halt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-drawdown-'));
    dirs.push(dir);
    const killSwitch = new KillSwitch({ file: join(dir, 'HALT') });
    const t = setup({ limits: { maxDrawdown: 0.05, dailyLossLimit: 1 }, halted: () => killSwitch.isHalted(), haltForDrawdown: (reason) => void killSwitch.halt(reason) });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    // AAA falls 40 %: equity 10,000 − 20 × 40 = 9,200, 8 % below the peak, over the 5 % limit.
    t.market.prices['AAA/USDT'] = 60;
    t.trader.mark('AAA/USDT', 60);
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(killSwitch.state()).toMatchObject({ halted: true });
    expect(killSwitch.state().reason).toMatch(/^drawdown limit: drawdown 8 % from peak 10,000.00 reached the limit 5 %.*`conclave resume` trades again/);
    expect(t.trader.limitTripped()).toBeNull();
    expect(t.store.account().peakEquity).toBe(9_200);
    // Halted: the next entry meets the kill switch, not the drawdown rule.
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(t.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT']);
    expect(t.events.filter((e) => e === 'risk rejected')).toHaveLength(2);
    killSwitch.resume();
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(t.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT', 'BBB/USDT']);
  });

  it('halts at the position check that sees the drawdown past its limit, with no entry tried, and leaves an operator’s halt alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-drawdown-'));
    dirs.push(dir);
    const killSwitch = new KillSwitch({ file: join(dir, 'HALT') });
    const t = setup({ limits: { maxDrawdown: 0.05, dailyLossLimit: 1 }, halted: () => killSwitch.isHalted(), haltForDrawdown: (reason) => void killSwitch.halt(reason) });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    // AAA falls 2 %, then 40 %: the check after the fall halts, before any verdict (there may be none for days).
    t.trader.mark('AAA/USDT', 98);
    t.trader.refreshEquityMarks();
    expect(killSwitch.state()).toMatchObject({ halted: false });
    t.trader.mark('AAA/USDT', 60);
    t.trader.refreshEquityMarks();
    expect(killSwitch.state()).toMatchObject({ halted: true });
    expect(killSwitch.state().reason).toMatch(/^drawdown limit: drawdown 8 % from peak 10,000.00 reached the limit 5 %/);
    expect(t.logs.map((l) => l.msg)).toContain('drawdown limit reached: trading halted by the kill switch until an operator resumes (`conclave resume`); open positions keep their exits');
    // Resumed, the drawdown counts from the halt (9,200). An operator’s own halt is not replaced by the limit’s, though
    // AAA at 30 is 6.5 % below it.
    killSwitch.resume();
    t.trader.mark('AAA/USDT', 30);
    killSwitch.halt('operator: maintenance');
    t.trader.refreshEquityMarks();
    expect(killSwitch.state().reason).toBe('operator: maintenance');
  });

  it('keeps refusing entries by the drawdown rule when there is no kill switch to hand it to (a backtest)', async () => {
    const t = setup({ limits: { maxDrawdown: 0.05, dailyLossLimit: 1 } });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    t.market.prices['AAA/USDT'] = 60;
    t.trader.mark('AAA/USDT', 60);
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { stop: 45 }));
    expect(t.broker.submitted.map((o) => o.symbol)).toEqual(['AAA/USDT']);
    expect(t.trader.limitTripped()).toMatchObject({ rule: 'max_drawdown' });
    expect(t.store.account().peakEquity).toBe(10_000);
  });

  it('records a rejected entry’s decision and places nothing', async () => {
    const t = setup({ halted: true });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.broker.submitted).toEqual([]);
    expect(t.events).toEqual(['risk rejected']);
    expect(t.store.counts()).toMatchObject({ riskDecisions: 1, orders: 0 });
  });

  it('exits on a SELL of a held symbol, and does nothing on a SELL of one not held', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    await t.trader.onVerdict(verdictEvent('BBB/USDT', { action: 'SELL', sizeFraction: 0 }));
    expect(t.broker.submitted).toHaveLength(1);
    await t.clock.advance(1_000);
    t.market.prices['AAA/USDT'] = 110;
    const sell = verdictEvent('AAA/USDT', { action: 'SELL', sizeFraction: 0 });
    await t.trader.onVerdict(sell);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.account()).toMatchObject({ realizedPnl: 200, cash: 10_200 });
    expect(t.trader.ledger().ok).toBe(true);
    const order = t.store.order(t.broker.submitted[1]!.clientOrderId);
    expect(order).toMatchObject({ purpose: 'exit', verdictId: sell.verdictId, status: 'filled' });
  });

  it('keeps a position opened after the discussion behind a SELL began: that SELL judged the one exited meanwhile', async () => {
    const t = setup({ limits: { symbolCooldownMs: 0 } });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    const first = t.store.position('AAA/USDT')!.openedAt;
    // A review of that position begins; meanwhile its stop sells it and a BUY (cooldowns at 0) opens another.
    await t.clock.advance(1_000);
    await t.trader.exit('AAA/USDT', 'stop_loss: test', 'stop');
    await t.clock.advance(1_000);
    await t.trader.onVerdict(Object.assign(verdictEvent('AAA/USDT', { stop: 95 }), { decidedAt: t.clock.now() }));
    expect(t.store.position('AAA/USDT')!.openedAt).toBeGreaterThan(first);
    await t.clock.advance(1_000);
    const began = first + 500;
    await t.trader.onVerdict(Object.assign(verdictEvent('AAA/USDT', { action: 'SELL', sizeFraction: 0 }), { decidedAt: t.clock.now(), durationMs: t.clock.now() - began }));
    expect(t.store.position('AAA/USDT')).not.toBeNull();
    expect(t.broker.submitted.map((o) => o.side)).toEqual(['buy', 'sell', 'buy']);
    expect(t.logs.at(-1)!.msg).toBe('chief SELL: about a position exited while it was discussed; the one held now opened since, and is kept');
    // A SELL whose discussion began with this position held sells it.
    await t.trader.onVerdict(Object.assign(verdictEvent('AAA/USDT', { action: 'SELL', sizeFraction: 0 }), { decidedAt: t.clock.now(), durationMs: 500 }));
    expect(t.store.position('AAA/USDT')).toBeNull();
  });

  it('sends no second entry or exit while an order of the symbol has an unknown outcome, and settles it once the broker knows it', async () => {
    const t = setup();
    t.broker.drop = true;
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    const first = t.broker.submitted[0]!;
    expect(t.store.order(first.clientOrderId)?.status).toBe('unknown');
    // The exchange filled it, unknown to the daemon: a second BUY would buy twice.
    t.broker.drop = false;
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.broker.submitted).toHaveLength(1);
    expect(t.events.filter((e) => e === 'risk rejected')).toHaveLength(1);
    t.broker.known = { status: 'filled', fills: [{ clientOrderId: first.clientOrderId, symbol: 'AAA/USDT', side: 'buy', qty: first.qty, price: 100, fee: 0, time: T }] };
    expect(await t.trader.resolveUnknown()).toBe(1);
    expect(t.store.position('AAA/USDT')).toMatchObject({ qty: first.qty });
    expect(t.trader.ledger().ok).toBe(true);
    // An exit whose answer never came is not sent again by the next exit either, until the broker says it never got it.
    t.broker.known = null;
    t.broker.drop = true;
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    t.broker.drop = false;
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(t.broker.submitted.map((o) => o.side)).toEqual(['buy', 'sell']);
    expect(await t.trader.resolveUnknown()).toBe(1);
    expect(t.store.order(t.broker.submitted[1]!.clientOrderId)).toMatchObject({ status: 'cancelled', reason: 'the broker has no record of it: it was never placed' });
    await t.clock.advance(60_000);
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(t.broker.submitted.map((o) => o.side)).toEqual(['buy', 'sell', 'sell']);
    expect(t.store.position('AAA/USDT')).toBeNull();
  });

  it('places one order per verdict, even when the verdict comes again after its position is gone', async () => {
    const t = setup();
    const event = verdictEvent('AAA/USDT', { stop: 95 });
    await t.trader.onVerdict(event);
    await t.trader.exit('AAA/USDT', 'stop_loss', 'stop');
    await t.clock.advance(DEFAULT_RISK_LIMITS.symbolCooldownMs);
    await t.trader.onVerdict(event);
    expect(t.broker.submitted.map((o) => o.side)).toEqual(['buy', 'sell']);
  });

  it('acts on verdicts one at a time: two BUYs of one symbol at once open one position', async () => {
    const t = setup();
    await Promise.all([t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 })), t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }))]);
    expect(t.broker.submitted).toHaveLength(1);
    expect(t.store.position('AAA/USDT')?.qty).toBe(20);
  });

  it('does not sell twice while an exit waits for the broker, and settles the broker’s later answer', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    t.broker.hold = true;
    await t.trader.exit('AAA/USDT', 'stop_loss', 'stop');
    await t.trader.exit('AAA/USDT', 'stop_loss', 'stop');
    // The panel's SELL meanwhile sends nothing either, and says why (it was dropped without a word).
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { action: 'SELL' }));
    expect(t.logs.at(-1)!.msg).toBe('chief SELL: an exit of this position is already in flight; no second order');
    expect(t.broker.submitted.map((o) => o.side)).toEqual(['buy', 'sell']);
    const [pending] = t.trader.pendingOrders();
    await t.trader.settlePending(pending!.clientOrderId, {
      status: 'filled',
      fills: [{ clientOrderId: pending!.clientOrderId, symbol: 'AAA/USDT', side: 'sell', qty: 20, price: 100, fee: 0, time: T }],
    });
    expect(t.trader.pendingOrders()).toEqual([]);
    expect(t.store.position('AAA/USDT')).toBeNull();
  });

  it('after a restart, gives an entry the broker filled meanwhile the stop, target and ATR its stored verdict set, kept at their distance from the fill', async () => {
    const t = setup();
    const event = verdictEvent('AAA/USDT', { stop: 95, target: 110, atrFraction: 0.02 });
    t.store.insertOpportunity(event.opportunity);
    t.store.insertDiscussion(event, 1);
    const clientOrderId = `co-${event.verdictId}`;
    t.store.insertOrder({ clientOrderId, verdictId: event.verdictId, symbol: 'AAA/USDT', side: 'buy', qty: 5, status: 'submitted', purpose: 'entry', createdAt: T - 1_000 });
    t.broker.fetchOrder = async () => ({ status: 'filled', fills: [{ clientOrderId, symbol: 'AAA/USDT', side: 'buy', qty: 5, price: 101, fee: 0, time: T - 900 }] });
    expect(await t.trader.reconcileInFlight()).toEqual({ resolved: 1, pending: 0 });
    // The verdict's levels were 5 % under and 10 % over the opportunity's 100; the fill at 101 moves them by 1 %.
    const position = t.store.position('AAA/USDT')!;
    expect(position).toMatchObject({ qty: 5, avgPrice: 101, atr: 2 });
    expect(position.stopPrice).toBeCloseTo(95.95, 9);
    expect(position.targetPrice).toBeCloseTo(111.1, 9);
  });

  it('after a restart, keeps asking about an order the exchange could not be asked about, and sends no second entry meanwhile', async () => {
    const t = setup();
    const clientOrderId = 'co-lost';
    t.store.insertOrder({ clientOrderId, verdictId: null, symbol: 'AAA/USDT', side: 'buy', qty: 5, status: 'unknown', purpose: 'entry', createdAt: T - 20_000 });
    let answer: OrderResult | Error = new Error('503 Service Unavailable');
    t.broker.fetchOrder = async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    };
    expect(await t.trader.reconcileInFlight()).toEqual({ resolved: 0, pending: 1 });
    // In flight: an entry of the same symbol waits for it (it was never asked about again, and the next entry bought twice).
    expect(t.trader.pendingOrders()).toEqual([{ clientOrderId, symbol: 'AAA/USDT', side: 'buy', qty: 5 }]);
    answer = { status: 'filled', fills: [{ clientOrderId, symbol: 'AAA/USDT', side: 'buy', qty: 5, price: 101, fee: 0, time: T - 19_000 }] };
    expect(await t.trader.resolveUnknown()).toBe(1);
    expect(t.store.position('AAA/USDT')).toMatchObject({ qty: 5, avgPrice: 101 });
    expect(t.trader.pendingOrders()).toEqual([]);
  });

  it('closes a position whose exit the exchange rounded down to its step, leaving less than it can sell', async () => {
    const t = setup();
    // An exchange's rules: a 0.00001 step; a buy's fee taken in the coin, a sale rounded down to the step.
    Object.assign(t.broker, {
      instrument: async () => ({ lotStep: 0.00001, minQty: 0.00001 }),
      submit: async (order: OrderRequest): Promise<OrderResult> => {
        const qty = order.side === 'buy' ? order.qty - 0.00000462 : Math.floor(order.qty / 0.00001 + 1e-9) * 0.00001;
        return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty, price: 100, fee: 0, time: T }] };
      },
    });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    const held = t.store.position('AAA/USDT')!.qty;
    expect(held - Math.floor(held / 0.00001 + 1e-9) * 0.00001).toBeGreaterThan(1e-9); // not a multiple of the step
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.trader.ledger().ok).toBe(true);
  });

  it('writes off, with no order, a position smaller than the market sells, which no exit could ever sell', async () => {
    const t = setup();
    const sells: OrderRequest[] = [];
    // A position left by an earlier version: 4.6e-6 of a coin whose exchange sells in steps of 0.00001.
    Object.assign(t.broker, {
      instrument: async () => ({ lotStep: 0.00001, minQty: 0.00001 }),
      submit: async (order: OrderRequest): Promise<OrderResult> => {
        if (order.side === 'sell') sells.push(order);
        return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: 0.0000046, price: 100, fee: 0, time: T }] };
      },
    });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.store.position('AAA/USDT')!.qty).toBe(0.0000046);
    const realizedBefore = t.store.account().realizedPnl;
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(sells).toEqual([]);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.account().realizedPnl).toBeCloseTo(realizedBefore - 0.0000046 * 100, 12);
    expect(t.trader.ledger().ok).toBe(true);
    const event = t.store.db.prepare("SELECT change, qty, price, realized_pnl, reason, client_order_id FROM position_events WHERE change = 'closed'").get() as Record<string, unknown>;
    expect(event).toMatchObject({ qty: 0.0000046, price: 0, client_order_id: null });
    expect(event.realized_pnl).toBeCloseTo(-0.00046, 12);
    expect(event.reason).toMatch(/less than the market sells \(0\.00001\)/);
    expect(t.events.at(-1)).toBe('position closed');
  });

  it('sizes an entry to at least the exchange’s smallest order value, or refuses it saying so', async () => {
    // AAA at 100, lots of 0.001; the exchange takes no order worth under 30 (Binance's NOTIONAL filter).
    const t = setup({ limits: { maxPositionFraction: 0.0025 } });
    Object.assign(t.broker, { instrument: async () => ({ lotStep: 0.001, minQty: 0.001, minCost: 30 }) });
    // The position cap gives 0.25 (25 of value): under the smallest order, so no order is sent.
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.broker.submitted).toEqual([]);
    const refused = t.store.db.prepare('SELECT reason FROM risk_decisions').pluck().get() as string;
    expect(refused).toMatch(/below lot step 0\.001 \/ min qty 0\.303, the exchange's smallest order of 30 in the quote currency at 100/);
    // A cap that allows 0.4 (40): bought, worth more than the smallest order.
    const roomy = setup({ limits: { maxPositionFraction: 0.004 } });
    Object.assign(roomy.broker, { instrument: async () => ({ lotStep: 0.001, minQty: 0.001, minCost: 30 }) });
    await roomy.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(roomy.broker.submitted.map((o) => o.qty)).toEqual([0.4]);
  });

  it('writes off, with no order, a position worth less than the exchange’s smallest order, which a sale could not make', async () => {
    const t = setup();
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    const held = t.store.position('AAA/USDT')!.qty;
    // The coin fell to 1: the position is worth under the smallest order of 30, and the exchange would refuse the stop.
    Object.assign(t.broker, { instrument: async () => ({ lotStep: 0.001, minQty: 0.001, minCost: held * 1.5 }) });
    t.market.prices['AAA/USDT'] = 1;
    t.trader.mark('AAA/USDT', 1);
    const sent = t.broker.submitted.length;
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(t.broker.submitted.length).toBe(sent);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.trader.ledger().ok).toBe(true);
  });

  it('sells a position worth just the exchange’s smallest order with its margin, to the lot: float noise writes nothing off', async () => {
    const t = setup();
    const sells: OrderRequest[] = [];
    // Bought 1.386 (lots of 0.001); at 7.29 it is worth 10.104, the smallest order of 10 and its 1 % margin (10.1).
    Object.assign(t.broker, {
      instrument: async () => ({ lotStep: 0.001, minQty: 0.001, minCost: 10 }),
      submit: async (order: OrderRequest): Promise<OrderResult> => {
        if (order.side === 'sell') sells.push(order);
        const [qty, price] = order.side === 'buy' ? [1.386, 100] : [order.qty, 7.29];
        return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty, price, fee: 0, time: T }] };
      },
    });
    await t.trader.onVerdict(verdictEvent('AAA/USDT', { stop: 95 }));
    expect(t.store.position('AAA/USDT')!.qty).toBe(1.386);
    t.market.prices['AAA/USDT'] = 7.29;
    t.trader.mark('AAA/USDT', 7.29);
    await t.trader.exit('AAA/USDT', 'stop', 'stop');
    expect(sells.map((o) => o.qty)).toEqual([1.386]);
    expect(t.store.position('AAA/USDT')).toBeNull();
    expect(t.store.db.prepare("SELECT price FROM position_events WHERE change = 'closed'").pluck().get()).toBe(7.29);
    expect(t.trader.ledger().ok).toBe(true);
  });

  it('resolves at start an order a previous run left in flight', async () => {
    const t = setup();
    t.store.insertOrder({ clientOrderId: 'co-old', verdictId: null, symbol: 'AAA/USDT', side: 'buy', qty: 1, status: 'submitted', purpose: 'entry', createdAt: T - 1_000 });
    expect(await t.trader.reconcileInFlight()).toEqual({ resolved: 1, pending: 0 });
    expect(t.store.order('co-old')?.status).toBe('cancelled');
  });
});
