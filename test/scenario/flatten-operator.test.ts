import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import type { InstrumentRules, OrderRequest, OrderResult } from '../../src/domain/order.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import type { Broker } from '../../src/trading/broker-port.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';

/**
 * The operator's halt --flatten on a daemon that holds positions: a market of flat 5-minute bars, so a paper exit
 * waits in flight for the next bar (up to five one-minute checks), with one symbol's source that can be taken down.
 */
const MIN = 60_000;
const BAR = 5 * MIN;
const SYMBOLS = ['AAA/USDT', 'BBB/USDT'];

class FlatMarket implements MarketData {
  readonly name = 'flat';
  readonly down = new Set<string>();
  readonly prices: Record<string, number> = { 'AAA/USDT': 100, 'BBB/USDT': 50 };
  constructor(private readonly clock: VirtualClock) {}
  symbols(): readonly string[] {
    return SYMBOLS;
  }
  barMs(): number {
    return BAR;
  }
  private refuse(symbol: string): void {
    if (this.down.has(symbol)) throw new Error(`connect ETIMEDOUT reading ${symbol}`);
  }
  async bars(symbol: string, limit: number): Promise<Bar[]> {
    this.refuse(symbol);
    const p = this.prices[symbol]!;
    const last = Math.floor(this.clock.now() / BAR) - 1; // the newest closed bar
    return Array.from({ length: limit }, (_, i) => ({ time: (last - limit + 1 + i) * BAR, open: p, high: p, low: p, close: p, volume: 10 }));
  }
  async price(symbol: string): Promise<number> {
    this.refuse(symbol);
    return this.prices[symbol]!;
  }
}

const ENV = {
  CONCLAVE_UNIVERSE: JSON.stringify(SYMBOLS.map((symbol) => ({ symbol, name: symbol }))),
  // No entry of its own: the positions are those seeded below.
  CONCLAVE_MODEL_THRESHOLD: '1000',
  CONCLAVE_POSITION_CHECK_INTERVAL_MS: '60000',
  CONCLAVE_HEALTH_INTERVAL_MS: '60000',
};

async function daemon(dataDir: string, clock: VirtualClock, market: FlatMarket, broker?: Broker): Promise<Harness> {
  return virtualKernel(ENV, Object.assign({ clock, market }, broker ? { broker } : {}), dataDir);
}

/** An exchange that fills a market order at once at the market's price, and sells no less than 10 USDT's worth. */
class SmallestSaleExchange implements Broker {
  readonly name = 'exchange';
  constructor(private readonly market: FlatMarket, private readonly clock: VirtualClock) {}
  async instrument(): Promise<InstrumentRules> {
    return { lotStep: 0.001, minQty: 0.001, minCost: 10 };
  }
  async submit(order: OrderRequest): Promise<OrderResult> {
    const price = this.market.prices[order.symbol]!;
    return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty, price, fee: 0, time: this.clock.now() }] };
  }
  async fetchOrder(): Promise<OrderResult | null> {
    return null;
  }
}

/** Opens a position in each symbol, as filled entries would have: cash paid, the ledger holding. */
function seed(h: Harness, market: FlatMarket, qty: Record<string, number> = { 'AAA/USDT': 10, 'BBB/USDT': 20 }): void {
  const { store } = h.kernel;
  const now = h.clock.now();
  store.tx(() => {
    for (const symbol of SYMBOLS) {
      const at = market.prices[symbol]!;
      store.savePosition({ symbol, qty: qty[symbol]!, avgPrice: at, openedAt: now, stopPrice: at * 0.9, targetPrice: null, atr: null, peakPrice: at, trailingActive: false, markPrice: at }, now);
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash - qty[symbol]! * at }), now);
    }
  });
}

const said = (h: Harness, start: string) => h.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith(start));
const sells = (h: Harness) => h.kernel.store.db.prepare(`SELECT symbol, status, reason FROM orders WHERE side = 'sell' ORDER BY created_at`).all() as { symbol: string; status: string; reason: string }[];

/** A daemon started on a fresh data dir, holding the seeded positions two minutes in (on `broker`, when given). */
async function holding(options: { broker?: (market: FlatMarket, clock: VirtualClock) => Broker; qty?: Record<string, number> } = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 0, 2));
  const market = new FlatMarket(clock);
  const dataDir = mkdtempSync(join(tmpdir(), 'flatten-operator-'));
  const h = await daemon(dataDir, clock, market, options.broker?.(market, clock));
  await h.kernel.start();
  seed(h, market, options.qty);
  await runFor(clock, 2 * MIN);
  return { clock, market, dataDir, h };
}

describe('halt --flatten on a daemon holding positions', () => {
  it('closes every position once, at the next bar, and says when it is done', async () => {
    const { clock, h } = await holding();
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 10 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(sells(h).map((o) => [o.symbol, o.status])).toEqual([['AAA/USDT', 'filled'], ['BBB/USDT', 'filled']]);
    expect(said(h, 'kill switch: positions flattened')).toHaveLength(1);
    expect(h.kernel.killSwitch.state()).toMatchObject({ halted: true, flatten: false, flattened: true });
    expect(h.kernel.trader.ledger().ok).toBe(true);
    await h.kernel.stop();
  });

  it('with one symbol’s source down: closes the other, waits for it, says so, and finishes once it is back', async () => {
    const { clock, market, h } = await holding();
    market.down.add('BBB/USDT');
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 60 * MIN);
    expect(h.kernel.store.positions().map((p) => p.symbol)).toEqual(['BBB/USDT']);
    expect(said(h, 'kill switch: flattening')).toHaveLength(1);
    expect(said(h, 'kill switch: positions flattened')).toHaveLength(0);
    // One exit order in flight for it, not one a check.
    expect(sells(h).filter((o) => o.symbol === 'BBB/USDT')).toHaveLength(1);
    market.down.delete('BBB/USDT');
    await runFor(clock, 10 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(said(h, 'kill switch: positions flattened')).toHaveLength(1);
    expect(h.kernel.trader.ledger().ok).toBe(true);
    await h.kernel.stop();
  });

  // Where the flatten stood was said in `conclave status` only: the health line and /status carried `halted` alone.
  it('the health line and /status say whether the flatten is under way or done', async () => {
    const { clock, market, h } = await holding();
    const lines = () => h.logs.filter((l) => l.msg === 'health');
    expect(lines().at(-1)).toMatchObject({ halted: false, flatten: null });
    expect(h.kernel.status()).toMatchObject({ halted: false, halt: null });
    market.down.add('BBB/USDT');
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 10 * MIN);
    expect(lines().at(-1)).toMatchObject({ halted: true, flatten: 'under way' });
    expect(h.kernel.status()).toMatchObject({ halted: true, halt: { reason: 'operator: flatten', flatten: 'under way' } });
    market.down.delete('BBB/USDT');
    await runFor(clock, 10 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(lines().at(-1)).toMatchObject({ halted: true, flatten: 'done' });
    expect(h.kernel.status()).toMatchObject({ halt: { flatten: 'done' } });
    await h.kernel.stop();
  });

  // An operator away from the screen learned neither that the flatten was done nor that it waited for a source.
  it('notifies once that the flatten waits for a position it cannot sell yet, and once when it is done', async () => {
    const { clock, market, h } = await holding();
    const told: { state: string; waitingFor: string[] }[] = [];
    h.kernel.bus.on('flatten', (e) => told.push(e));
    market.down.add('BBB/USDT');
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 30 * MIN);
    expect(told).toEqual([{ state: 'waiting', waitingFor: [expect.stringMatching(/^BBB\/USDT: .*ETIMEDOUT/)], reason: 'operator: flatten' }]);
    market.down.delete('BBB/USDT');
    await runFor(clock, 10 * MIN);
    expect(told.map((e) => e.state)).toEqual(['waiting', 'done']);
    await h.kernel.stop();
  });

  it('with an exit already in flight: places no second order for it', async () => {
    const { clock, h } = await holding();
    await runFor(clock, MIN);
    // A chief's SELL: its market order waits for the next bar's price.
    await h.kernel.trader.exit('AAA/USDT', 'chief SELL (test)', 'signal');
    expect(sells(h).map((o) => [o.symbol, o.status])).toEqual([['AAA/USDT', 'submitted']]);
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 10 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(sells(h).map((o) => [o.symbol, o.status])).toEqual([['AAA/USDT', 'filled'], ['BBB/USDT', 'filled']]);
    expect(h.kernel.trader.ledger().ok).toBe(true);
    await h.kernel.stop();
  });

  it('given while the daemon is down: applied at the next start, and said', async () => {
    const { clock, market, dataDir, h } = await holding();
    await h.kernel.stop();
    new KillSwitch({ file: join(dataDir, 'HALT'), mode: 'paper' }).halt('operator: flatten while stopped', true);
    await clock.advance(30 * MIN);
    const again = await daemon(dataDir, clock, market);
    await again.kernel.start();
    await runFor(clock, 10 * MIN);
    expect(again.kernel.store.positions()).toEqual([]);
    expect(said(again, 'kill switch on: no new entries, and open positions are being closed').length + said(again, 'kill switch on: no new entries, and open positions were closed').length).toBe(1);
    expect(said(again, 'kill switch: positions flattened')).toHaveLength(1);
    expect(again.kernel.trader.ledger().ok).toBe(true);
    await again.kernel.stop();
  });

  it('restarted mid-flatten: the exits in flight go on, the flatten finishes, and the start says it is under way', async () => {
    const { clock, market, dataDir, h } = await holding();
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, MIN);
    expect(sells(h).map((o) => o.status)).toEqual(['submitted', 'submitted']);
    await h.kernel.stop();
    const again = await daemon(dataDir, clock, market);
    await again.kernel.start();
    await runFor(clock, 10 * MIN);
    expect(again.kernel.store.positions()).toEqual([]);
    expect(sells(again).map((o) => o.status)).toEqual(['filled', 'filled']);
    expect(said(again, 'kill switch on: no new entries, and open positions are being closed')).toHaveLength(1);
    expect(said(again, 'kill switch: positions flattened')).toHaveLength(1);
    expect(again.kernel.trader.ledger().ok).toBe(true);
    await again.kernel.stop();
  });

  it('resumed mid-flatten, then halted with a flatten again: the second flatten’s wait is said too', async () => {
    const { clock, market, dataDir, h } = await holding();
    market.down.add('BBB/USDT');
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 10 * MIN);
    expect(said(h, 'kill switch: flattening')).toHaveLength(1);
    h.kernel.killSwitch.resume();
    expect(existsSync(join(dataDir, 'HALT'))).toBe(false);
    await runFor(clock, 10 * MIN);
    h.kernel.killSwitch.halt('operator: flatten again', true);
    await runFor(clock, 10 * MIN);
    expect(said(h, 'kill switch: flattening')).toHaveLength(2);
    market.down.delete('BBB/USDT');
    await runFor(clock, 10 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(h.kernel.trader.ledger().ok).toBe(true);
    await h.kernel.stop();
  });

  it('with a position below the exchange’s smallest sale: writes it off, sells the rest, and finishes', async () => {
    // 0.1 BBB is 5 USDT, below the 10 the exchange sells.
    const { clock, h } = await holding({ broker: (flat, time) => new SmallestSaleExchange(flat, time), qty: { 'AAA/USDT': 10, 'BBB/USDT': 0.1 } });
    const cash = h.kernel.store.account().cash;
    h.kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 3 * MIN);
    expect(h.kernel.store.positions()).toEqual([]);
    expect(sells(h).map((o) => o.symbol)).toEqual(['AAA/USDT']);
    expect(h.kernel.store.account()).toMatchObject({ cash: cash + 1_000, realizedPnl: -5 });
    expect(said(h, 'position written off: kill switch flatten')).toHaveLength(1);
    expect(said(h, 'kill switch: positions flattened')).toHaveLength(1);
    expect(h.kernel.trader.ledger().ok).toBe(true);
    await h.kernel.stop();
  });
});
