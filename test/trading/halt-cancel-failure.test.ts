import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { OperationalError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { OrderRef, OrderRequest, OrderResult } from '../../src/domain/order.js';
import { openStore } from '../../src/store/store.js';
import type { Broker } from '../../src/trading/broker-port.js';
import type { KillSwitchState } from '../../src/trading/kill-switch.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import { DEFAULT_RISK_LIMITS } from '../../src/trading/risk-gate.js';
import { Trader } from '../../src/trading/trader.js';
import { FixedPrices } from '../fakes/fixed-prices.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An exchange: fills at once, except the symbols it only takes (open, unfilled), whose cancel it refuses. */
class Exchange implements Broker {
  readonly name = 'exchange';
  readonly sent: OrderRequest[] = [];
  readonly open = new Set<string>();
  constructor(private readonly market: FixedPrices, private readonly clock: VirtualClock) {}
  async submit(order: OrderRequest): Promise<OrderResult> {
    this.sent.push(order);
    if (this.open.has(order.symbol)) return { status: 'submitted', fills: [] };
    const price = this.market.prices[order.symbol]!;
    return { status: 'filled', fills: [{ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty, price, fee: 0, time: this.clock.now() }] };
  }
  async fetchOrder(): Promise<OrderResult | null> {
    return { status: 'submitted', fills: [] };
  }
  async cancelOrder(ref: OrderRef): Promise<OrderResult | null> {
    throw new OperationalError(`cannot cancel order ${ref.clientOrderId} on exchange: 503 Service Unavailable`);
  }
}

describe('a halt whose cancel of an entry in flight fails', () => {
  it('still runs the stops of the positions held, and says which entry stays in flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-halt-cancel-'));
    dirs.push(dir);
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const logs: { msg: string; clientOrderId?: string }[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) } });
    const store = openStore(join(dir, 'store.db'));
    const market = new FixedPrices({ 'AAA/USDT': 100, 'BBB/USDT': 50 });
    const broker = new Exchange(market, clock);
    let halt: KillSwitchState = { halted: false };
    const trader = new Trader({ clock, logger, store, bus: new EventBus(() => undefined), broker, market, limits: DEFAULT_RISK_LIMITS, riskPerTrade: 0.01, lotStep: 0.001, halted: () => halt.halted });
    const monitor = new PositionMonitor({ clock, logger, store, market, trader, rules: {}, killSwitch: { state: () => halt, flattened: () => undefined } });
    trader.init(10_000);
    const buy = (symbol: string, n: number) => ({
      verdictId: `v${n}`,
      opportunity: { id: `o${n}`, symbol, source: 'model' as const, direction: 'long' as const, score: 2, price: market.prices[symbol]!, reason: 'test', createdAt: clock.now() },
      verdict: { action: 'BUY' as const, conviction: 0.8, score: 0.6, sizeFraction: 0.2, stop: market.prices[symbol]! * 0.95, reasons: [] },
      outcomes: [],
      decidedAt: clock.now(),
    });
    await trader.onVerdict(buy('AAA/USDT', 1));
    const held = store.position('AAA/USDT')!.qty;
    broker.open.add('BBB/USDT');
    await trader.onVerdict(buy('BBB/USDT', 2));
    expect(trader.pendingOrders().map((o) => o.symbol)).toEqual(['BBB/USDT']);

    halt = { halted: true, reason: 'operator stop' };
    market.prices['AAA/USDT'] = 90;
    // Before, the failed cancel ended the check: AAA's stop was not judged, at this check or any while the halt lasted.
    await expect(monitor.check(new AbortController().signal)).resolves.toBeUndefined();
    expect(broker.sent.filter((o) => o.side === 'sell').map((o) => [o.symbol, o.qty])).toEqual([['AAA/USDT', held]]);
    expect(store.position('AAA/USDT')).toBeNull();
    expect(trader.pendingOrders().map((o) => o.symbol)).toEqual(['BBB/USDT']);
    expect(logs.find((l) => l.msg.startsWith('kill switch: cannot cancel an entry'))).toMatchObject({ clientOrderId: 'co-v2' });
    store.close();
  });
});
