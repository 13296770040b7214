import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { answered } from '../helpers/kernel-harness.js';

const ORCL = join(resolve(import.meta.dirname, '../../../shared/data'), 'ohlcv', 'backtrader__orcl-1995-2014.txt');
const MIN = 60_000;
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const signal = new AbortController().signal;

const config = (env: Record<string, string> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-liquidity-'));
  dirs.push(dir);
  return loadConfig({ env: Object.assign({ CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'silent', CONCLAVE_STORE_CHECKPOINT: 'inline', CONCLAVE_LOT_STEP: '1', CONCLAVE_STARTING_CASH: '1000000000000', CONCLAVE_MAX_VOLUME_SHARE: '0.025' }, env) });
};

const buy = (decidedAt: number, symbol: string, price: number, n: number): VerdictEvent => ({
  verdictId: `v-${n}`,
  opportunity: { id: `opp-${n}`, symbol, source: 'model', direction: 'long', score: 2, price, reason: 'test', createdAt: 0 },
  verdict: { action: 'BUY', conviction: 1, score: 1, sizeFraction: 1, reasons: [], stop: price * 0.95 },
  outcomes: [],
  decidedAt,
});

/** Minute bars of one symbol at 100 whose volumes the test sets, read after `delayMs` of real time. */
class Tape implements MarketData {
  readonly name = 'tape';
  readonly bars_: Bar[] = [];
  delayMs = 0;
  add(time: number, volume: number): void {
    this.bars_.push({ time, open: 100, high: 100, low: 100, close: 100, volume });
  }
  symbols(): readonly string[] {
    return ['AAA'];
  }
  async bars(_symbol: string, limit: number): Promise<Bar[]> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.bars_.slice(-limit);
  }
  async price(): Promise<number> {
    return 100;
  }
  barMs(): number {
    return MIN;
  }
}

describe('the liquidity cap in the daemon (paper broker)', () => {
  it('caps an entry on a replayed real file at 2.5 % of the mean volume of the 20 bars closed at the decision', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const c = config({ CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: JSON.stringify([ORCL]), CONCLAVE_REPLAY_SPEED: String(DAY / 1000) });
    const kernel = await Kernel.create(c, { clock });
    try {
      kernel.trader.init(c.startingCash);
      await clock.advance(40_000);
      const symbol = kernel.market.symbols()[0]!;
      const seen = await kernel.market.bars(symbol, 20);
      expect(seen).toHaveLength(20);
      const cap = (0.025 * seen.reduce((sum, b) => sum + b.volume, 0)) / 20;
      await kernel.trader.onVerdict(buy(clock.now(), symbol, await kernel.market.price(symbol), 1));
      const [order] = kernel.store.inFlightOrders();
      expect(order!.qty).toBe(Math.floor(cap));
      const decision = kernel.store.db.prepare(`SELECT outcome, rule, reason FROM risk_decisions`).get() as { outcome: string; rule: string; reason: string };
      expect(decision).toMatchObject({ outcome: 'clamped', rule: 'max_volume_share' });
      expect(decision.reason).toContain('2.5 % of the mean volume');
    } finally {
      await kernel.stop();
    }
  });

  it('sells a position above the cap whole, and warns of it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const tape = new Tape();
    const t0 = clock.now() - 20 * MIN;
    for (let i = 0; i < 20; i++) tape.add(t0 + i * MIN, 10_000);
    const c = config();
    const kernel = await Kernel.create(c, { clock, market: tape });
    const told: unknown[] = [];
    kernel.bus.on('liquidity', (l) => void told.push(l));
    try {
      kernel.trader.init(c.startingCash);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1));
      // 2.5 % of 10,000: 250 bought, filled at the next bar.
      await clock.advance(MIN);
      tape.add(clock.now() - MIN, 10_000);
      await kernel.monitor.check(signal);
      expect(kernel.store.position('AAA')).toMatchObject({ qty: 250 });
      // The market thins to a tenth: the cap is 25 now, and the 250 held are sold all the same.
      for (let i = 0; i < 20; i++) {
        await clock.advance(MIN);
        tape.add(clock.now() - MIN, 1_000);
      }
      // A market that takes a while to answer, as one over the network does.
      tape.delayMs = 50;
      await kernel.trader.exit('AAA', 'test exit');
      const [exit] = kernel.store.inFlightOrders();
      expect(exit).toMatchObject({ side: 'sell', qty: 250 });
      // Measured once the order is out, from bars the market is asked for (none at hand): told when they come, waited
      // for with the clock still (the read is a call to the market, told to the clock).
      expect(told).toEqual([]);
      await answered(clock);
      expect(told).toEqual([{ kind: 'exit_over_cap', symbol: 'AAA', qty: 250, cap: 25, meanVolume: 1000, reason: 'test exit' }]);
    } finally {
      await kernel.stop();
    }
  });
});
