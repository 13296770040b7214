import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { MarketData } from '../../src/market/market-port.js';
import { openStore } from '../../src/store/store.js';
import { ledgerOf } from '../../src/trading/account-summary.js';
import { PaperBroker } from '../../src/trading/paper-broker.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import { DEFAULT_RISK_LIMITS } from '../../src/trading/risk-gate.js';
import { Trader } from '../../src/trading/trader.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A market whose next price request for a symbol can be held: the position monitor then waits inside its check,
 * as it does on a slow exchange or a busy machine, while the trader acts on the same position.
 */
class HeldMarket implements MarketData {
  readonly name = 'held';
  private held: { symbol: string; release: Promise<void>; reached: () => void } | null = null;

  constructor(readonly prices: Record<string, number>) {}

  symbols(): readonly string[] {
    return Object.keys(this.prices);
  }

  bars(): Promise<never[]> {
    return Promise.resolve([]);
  }

  /** Holds the next price request for `symbol` until the returned release is called; `reached` resolves when it arrives. */
  holdNext(symbol: string): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    this.held = { symbol, release: new Promise<void>((r) => (release = r)), reached };
    return { reached: reachedP, release };
  }

  async price(symbol: string): Promise<number> {
    const held = this.held;
    if (held?.symbol === symbol) {
      this.held = null;
      held.reached();
      await held.release;
    }
    return this.prices[symbol]!;
  }
}

function setup(partialFill?: { probability: number; minFraction: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-monitor-race-'));
  dirs.push(dir);
  const file = join(dir, 'store.db');
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  const logger = createLogger({ level: 'silent', clock });
  const store = openStore(file);
  const market = new HeldMarket({ 'AAA/USDT': 100, 'BBB/USDT': 50 });
  const bus = new EventBus(() => undefined);
  const broker = new PaperBroker({
    clock,
    slippageBps: 0,
    feeBps: 10,
    ...(partialFill ? { partialFill, random: () => 0 } : {}),
  });
  const trader = new Trader({
    clock, logger, store, bus, broker, market, limits: DEFAULT_RISK_LIMITS, riskPerTrade: 0.01, lotStep: 0.0001, halted: () => false,
  });
  const monitor = new PositionMonitor({
    clock, logger, store, market, trader, rules: { trailingStopPct: 0.5 }, killSwitch: { state: () => ({ halted: false }), flattened: () => undefined },
  });
  trader.init(10_000);
  /** Opens a position through the trader's own settlement, as a filled entry does. */
  const open = (symbol: string, qty: number, price: number) => {
    const clientOrderId = `co-open-${symbol}`;
    store.insertOrder({ clientOrderId, verdictId: null, symbol, side: 'buy', qty, status: 'submitted', purpose: 'entry', createdAt: clock.now() });
    trader.settle(
      { clientOrderId, symbol, side: 'buy', qty },
      { status: 'filled', fills: [{ clientOrderId, symbol, side: 'buy', qty, price, fee: 0, time: clock.now() }] },
      { verdictId: null, purpose: 'entry', fillReason: 'entry' },
    );
  };
  /** The store as the next start reads it, from the file. */
  const reopened = () => {
    const fresh = openStore(file);
    try {
      return { ledger: ledgerOf(fresh), positions: fresh.positions() };
    } finally {
      fresh.close();
    }
  };
  return { store, market, trader, monitor, open, reopened, clock };
}

describe('position monitor and trader on the same position', () => {
  it('a position the trader closes while the monitor waits for its price stays closed, and the ledger holds', async () => {
    const t = setup();
    t.open('AAA/USDT', 10, 100);
    await t.clock.advance(1_000);
    t.open('BBB/USDT', 10, 50);
    expect(ledgerOf(t.store).ok).toBe(true);

    const hold = t.market.holdNext('BBB/USDT');
    const check = t.monitor.check(new AbortController().signal);
    await hold.reached;
    // The chief's SELL closes BBB while the monitor still holds its copy of the position.
    await t.trader.exit('BBB/USDT', 'chief SELL', 'signal', t.market.prices['BBB/USDT']);
    expect(t.store.position('BBB/USDT')).toBeNull();
    hold.release();
    await check;

    expect(t.store.position('BBB/USDT')).toBeNull();
    expect(ledgerOf(t.store)).toMatchObject({ ok: true });
    const next = t.reopened();
    expect(next.positions.map((p) => p.symbol)).toEqual(['AAA/USDT']);
    expect(next.ledger.ok, `difference ${next.ledger.diff}`).toBe(true);
    t.store.close();
  });

  it('a position partly sold while the monitor waits keeps the quantity left, with the monitor’s peak and mark', async () => {
    const t = setup({ probability: 1, minFraction: 0.4 });
    t.open('BBB/USDT', 10, 50);

    const hold = t.market.holdNext('BBB/USDT');
    const check = t.monitor.check(new AbortController().signal);
    await hold.reached;
    // The exit fills 40 % and its remainder is cancelled: 6 remain.
    await t.trader.exit('BBB/USDT', 'chief SELL', 'signal', t.market.prices['BBB/USDT']);
    expect(t.store.position('BBB/USDT')?.qty).toBeCloseTo(6, 9);
    t.market.prices['BBB/USDT'] = 55;
    hold.release();
    await check;

    const after = t.store.position('BBB/USDT');
    expect(after?.qty).toBeCloseTo(6, 9);
    expect(after?.peakPrice).toBe(55);
    expect(after?.markPrice).toBe(55);
    const next = t.reopened();
    expect(next.positions[0]?.qty).toBeCloseTo(6, 9);
    expect(next.ledger.ok, `difference ${next.ledger.diff}`).toBe(true);
    t.store.close();
  });

  it('a position closed and opened again while the monitor waits is the new one, untouched by the old one’s check', async () => {
    const t = setup();
    t.open('BBB/USDT', 10, 50);
    const hold = t.market.holdNext('BBB/USDT');
    const check = t.monitor.check(new AbortController().signal);
    await hold.reached;
    await t.trader.exit('BBB/USDT', 'chief SELL', 'signal', t.market.prices['BBB/USDT']);
    await t.clock.advance(1_000);
    t.market.prices['BBB/USDT'] = 40;
    // A new entry at 40 (its own order id).
    const clientOrderId = 'co-reopen';
    t.store.insertOrder({ clientOrderId, verdictId: null, symbol: 'BBB/USDT', side: 'buy', qty: 5, status: 'submitted', purpose: 'entry', createdAt: t.clock.now() });
    t.trader.settle(
      { clientOrderId, symbol: 'BBB/USDT', side: 'buy', qty: 5 },
      { status: 'filled', fills: [{ clientOrderId, symbol: 'BBB/USDT', side: 'buy', qty: 5, price: 40, fee: 0, time: t.clock.now() }] },
      { verdictId: null, purpose: 'entry', fillReason: 'entry' },
    );
    t.market.prices['BBB/USDT'] = 60;
    hold.release();
    await check;

    const after = t.store.position('BBB/USDT');
    expect(after?.qty).toBe(5);
    expect(after?.avgPrice).toBe(40);
    expect(after?.peakPrice).toBe(40);
    expect(t.reopened().ledger.ok).toBe(true);
    t.store.close();
  });
});
