import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { TapeMarket, tapeBuy as buy } from '../helpers/tape-market.js';

const DATA = resolve(import.meta.dirname, '../../../shared/data');
const ORCL = join(DATA, 'ohlcv', 'backtrader__orcl-1995-2014.txt');
const MIN = 60_000;
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-live-paper-'));
  dirs.push(dir);
  return dir;
};
const signal = new AbortController().signal;

const baseEnv = (dataDir: string, env: Record<string, string> = {}) =>
  loadConfig({
    env: {
      CONCLAVE_DATA_DIR: dataDir,
      CONCLAVE_LOG_LEVEL: 'silent',
      CONCLAVE_STORE_CHECKPOINT: 'inline',
      CONCLAVE_SLIPPAGE_BPS: '10',
      CONCLAVE_FEE_BPS: '20',
      CONCLAVE_POSITION_FRACTION: '0.5',
      CONCLAVE_MAX_GROSS_EXPOSURE: '0.6',
      CONCLAVE_RISK_PER_TRADE: '0.2',
      CONCLAVE_LOT_STEP: '1',
      // No re-entry cooldown, unless a test gives one in bars (the milliseconds then left out, as they would be ignored).
      CONCLAVE_SYMBOL_COOLDOWN_BARS: '0',
      ...(env.CONCLAVE_SYMBOL_COOLDOWN_BARS ? {} : { CONCLAVE_SYMBOL_COOLDOWN_MS: '0' }),
      ...env,
    },
  });


/** A daemon that bought AAA at 100 with a stop at 95, checked it on the next bar, and stopped: what a restart meets. */
async function holdAaaThenStop() {
  const dataDir = tempDir();
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
  const market = new TapeMarket(['AAA']);
  const t0 = clock.now() - MIN;
  market.add('AAA', t0, 100, 100, 100, 100);
  const config = baseEnv(dataDir, { CONCLAVE_STOP_LOSS_PCT: '0.05', CONCLAVE_TRAILING_STOP_PCT: '0' });
  const first = await Kernel.create(config, { clock, market });
  try {
    first.trader.init(config.startingCash);
    await first.market.bars('AAA', 2);
    await first.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 95));
    await clock.advance(MIN);
    market.add('AAA', t0 + MIN, 100, 100, 100, 100);
    await first.monitor.check(signal);
    expect(first.store.position('AAA')).toMatchObject({ openedAt: t0 + MIN });
  } finally {
    await first.stop();
  }
  return { clock, market, t0, config };
}

describe('the paper broker in the daemon', () => {
  it('fills a market order at the next bar of a replayed file (the next price), with slippage and fee, never at the decision price', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    // A trading day of ORCL per second of clock.
    const config = baseEnv(tempDir(), { CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: JSON.stringify([ORCL]), CONCLAVE_REPLAY_SPEED: String(DAY / 1000) });
    const kernel = await Kernel.create(config, { clock });
    try {
      kernel.trader.init(config.startingCash);
      const symbol = kernel.market.symbols()[0]!;
      const seen = (await kernel.market.bars(symbol, 5)).at(-1)!;
      const decisionPrice = await kernel.market.price(symbol);
      await kernel.trader.onVerdict(buy(clock.now(), symbol, decisionPrice, 1));
      const [order] = kernel.store.inFlightOrders();
      expect(order).toMatchObject({ symbol, side: 'buy', status: 'submitted', purpose: 'entry' });
      expect(kernel.store.account().cash).toBe(config.startingCash);
      // Within the same bar nothing fills, however often the monitor looks.
      await kernel.monitor.check(signal);
      expect(kernel.store.inFlightOrders()).toHaveLength(1);
      await clock.advance(1_500);
      const next = (await kernel.market.bars(symbol, 5)).find((b) => b.time > seen.time)!;
      expect(next.open).not.toBe(seen.close);
      await kernel.monitor.check(signal);
      expect(kernel.store.inFlightOrders()).toEqual([]);
      const fill = kernel.store.db.prepare(`SELECT * FROM fills WHERE client_order_id = ?`).get(order!.clientOrderId) as { price: number; fee: number; qty: number; time: number; reason: string };
      expect(fill.reason).toBe('entry');
      expect(fill.time).toBe(next.time);
      expect(fill.price).toBeCloseTo(Math.min(next.open * 1.001, next.high), 9);
      expect(fill.price).not.toBeCloseTo(decisionPrice * 1.001, 6);
      expect(fill.fee).toBeCloseTo(fill.qty * fill.price * 0.002, 9);
      expect(kernel.store.position(symbol)).toMatchObject({ qty: order!.qty, openedAt: next.time });
      expect(kernel.trader.ledger().ok).toBe(true);
    } finally {
      await kernel.stop();
    }
  });

  it('keeps an order in flight, persisted and counted as exposure by the risk gate, until its price comes', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA', 'BBB']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    market.add('BBB', t0, 50, 50, 50, 50);
    const config = baseEnv(tempDir());
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.market.bars('AAA', 2);
      await kernel.market.bars('BBB', 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1));
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 2));
      await kernel.trader.onVerdict(buy(clock.now(), 'BBB', 50, 3));
      // AAA takes half the equity while in flight; BBB gets only what the gross exposure (0.6) leaves: 10,000.
      expect(kernel.store.inFlightOrders().map((o) => [o.symbol, o.qty, o.status])).toEqual([['AAA', 500, 'submitted'], ['BBB', 200, 'submitted']]);
      const decision = kernel.store.db.prepare(`SELECT approved_qty FROM risk_decisions WHERE verdict_id = 'v-3'`).get() as { approved_qty: number };
      expect(decision.approved_qty).toBe(200);
      await clock.advance(2 * MIN);
      market.add('AAA', t0 + MIN, 101, 102, 100.5, 101.5);
      await kernel.monitor.check(signal);
      expect(kernel.store.position('AAA')).toMatchObject({ qty: 500, openedAt: t0 + MIN });
      expect(kernel.store.inFlightOrders().map((o) => o.symbol)).toEqual(['BBB']);
    } finally {
      await kernel.stop();
    }
  });

  it('fills a stop at its level inside a bar, and at the open when the price gapped through it, less the slippage', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA', 'BBB']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    market.add('BBB', t0, 100, 100, 100, 100);
    const config = baseEnv(tempDir(), { CONCLAVE_STOP_LOSS_PCT: '0.05', CONCLAVE_TRAILING_STOP_PCT: '0', CONCLAVE_MAX_GROSS_EXPOSURE: '1', CONCLAVE_POSITION_FRACTION: '0.3' });
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      for (const s of ['AAA', 'BBB']) await kernel.market.bars(s, 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 95));
      await kernel.trader.onVerdict(buy(clock.now(), 'BBB', 100, 2, 95));
      await clock.advance(2 * MIN);
      market.add('AAA', t0 + MIN, 100, 101, 99, 100);
      market.add('BBB', t0 + MIN, 100, 101, 99, 100);
      await kernel.monitor.check(signal);
      expect(kernel.store.positions().map((p) => p.symbol)).toEqual(['AAA', 'BBB']);
      // AAA trades down through 95 inside its bar; BBB opens at 90, beyond its stop.
      await clock.advance(MIN);
      market.add('AAA', t0 + 2 * MIN, 99, 99.5, 93, 97);
      market.add('BBB', t0 + 2 * MIN, 90, 92, 89, 91);
      await kernel.monitor.check(signal);
      const exits = kernel.store.db.prepare(`SELECT symbol, price, reason FROM fills WHERE side = 'sell' ORDER BY symbol`).all() as { symbol: string; price: number; reason: string }[];
      // The stop keeps its 5 % from the decision's price (100), measured from the entry's fill (the open, slipped).
      const entry = (kernel.store.db.prepare(`SELECT price FROM fills WHERE side = 'buy' AND symbol = 'AAA'`).get() as { price: number }).price;
      expect(entry).toBeGreaterThan(100);
      expect(exits.map((e) => [e.symbol, e.reason])).toEqual([['AAA', 'stop'], ['BBB', 'stop']]);
      // A touched stop is a market exit: it pays the slippage (10 bps) below its level, or below the gapping open.
      expect(exits[0]!.price).toBeCloseTo(95 * (entry / 100) * 0.999, 9);
      expect(exits[1]!.price).toBeCloseTo(90 * 0.999, 9);
      expect(kernel.store.positions()).toEqual([]);
      expect(kernel.trader.ledger().ok).toBe(true);
    } finally {
      await kernel.stop();
    }
  });

  it("dates a stop's fill at the bar that reached it, not at the clock (a replay of old bars)", async () => {
    // The clock is 2026; the bars are 2005's, as a daemon replaying an old file sees them. The stop's fill was dated at
    // the clock, and its exit then kept the symbol in its cooldown (0 bars since an exit in the bars' future) for ever.
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA']);
    const t0 = Date.UTC(2005, 5, 1);
    const start = clock.now();
    market.replayTime = () => t0 + MIN + (clock.now() - start); // the bar of t0 has just closed
    market.add('AAA', t0, 100, 100, 100, 100);
    const config = baseEnv(tempDir(), { CONCLAVE_STOP_LOSS_PCT: '0.05', CONCLAVE_TRAILING_STOP_PCT: '0', CONCLAVE_MAX_GROSS_EXPOSURE: '1', CONCLAVE_POSITION_FRACTION: '0.3' });
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.market.bars('AAA', 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 95));
      await clock.advance(MIN);
      market.add('AAA', t0 + MIN, 100, 101, 99, 100);
      await kernel.monitor.check(signal);
      await clock.advance(MIN);
      market.add('AAA', t0 + 2 * MIN, 99, 99.5, 93, 97);
      await kernel.monitor.check(signal);
      const fills = kernel.store.db.prepare(`SELECT side, time, reason FROM fills ORDER BY id`).all();
      expect(fills).toEqual([{ side: 'buy', time: t0 + MIN, reason: 'entry' }, { side: 'sell', time: t0 + 2 * MIN, reason: 'stop' }]);
      expect(kernel.store.lastExitAt('AAA')).toBe(t0 + 2 * MIN);
    } finally {
      await kernel.stop();
    }
  });

  it('a stop seen only on the latest price fills at that price less its slippage, beyond its level', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    const config = baseEnv(tempDir(), { CONCLAVE_STOP_LOSS_PCT: '0.05', CONCLAVE_TRAILING_STOP_PCT: '0' });
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.market.bars('AAA', 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 95));
      await clock.advance(2 * MIN);
      market.add('AAA', t0 + MIN, 100, 100, 100, 100);
      await kernel.monitor.check(signal);
      // The quote drops to 91 before any bar shows the way down: the stop fills at 91 less its slippage, not at 95.
      const price = market.price.bind(market);
      market.price = async (s: string) => (s === 'AAA' ? 91 : price(s));
      await kernel.monitor.check(signal);
      const fill = kernel.store.db.prepare(`SELECT price, reason FROM fills WHERE side = 'sell'`).get() as { price: number; reason: string };
      expect(fill.reason).toBe('stop');
      expect(fill.price).toBeCloseTo(91 * 0.999, 9);
    } finally {
      await kernel.stop();
    }
  });

  /** A first run that decided to buy AAA at 10:00 and stopped with the order in flight; the second start `downMs` later. */
  async function restartWithEntryInFlight(downMs: number) {
    const dataDir = tempDir();
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    const config = baseEnv(dataDir);
    const first = await Kernel.create(config, { clock, market });
    first.trader.init(config.startingCash);
    await first.market.bars('AAA', 2);
    await first.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 90));
    await first.stop();
    await clock.advance(downMs);
    for (let t = t0 + MIN; t < clock.now(); t += MIN) market.add('AAA', t, 104, 104, 104, 104);
    const second = await Kernel.create(config, { clock, market });
    await second.start();
    return { clock, market, second };
  }

  it('an order in flight survives a short restart and fills at a price after it, with its reason', async () => {
    // Down for a minute: the entry is as fresh as a verdict the trader would still enter on.
    const { clock, market, second } = await restartWithEntryInFlight(MIN);
    try {
      expect(second.trader.pendingOrders().map((o) => o.clientOrderId)).toEqual(['co-v-1']);
      expect(second.store.inFlightOrders()).toHaveLength(1);
      // The first check after the restart learns the newest bar; the next bar fills the order.
      await second.monitor.check(signal);
      expect(second.store.inFlightOrders()).toHaveLength(1);
      await clock.advance(MIN);
      const fillBar = market.add('AAA', clock.now() - MIN, 105, 106, 104, 105.5);
      await second.monitor.check(signal);
      expect(second.store.inFlightOrders()).toEqual([]);
      const fill = second.store.db.prepare(`SELECT price, reason, time FROM fills`).get() as { price: number; reason: string; time: number };
      expect(fill).toMatchObject({ reason: 'entry', time: fillBar.time });
      expect(fill.price).toBeCloseTo(105 * 1.001, 9);
      // The verdict's stop came back from the stored discussion when there is one; here there is none: the default applies.
      expect(second.store.position('AAA')).toMatchObject({ openedAt: fillBar.time });
      expect(second.trader.ledger().ok).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('an entry in flight through a long restart is cancelled at the first check, not filled on a stale verdict', async () => {
    // Down for 5 minutes of 1-minute bars: an exchange would have filled it at 10:00; a paper fill now comes 6 bars late.
    const { second } = await restartWithEntryInFlight(5 * MIN);
    try {
      await second.monitor.check(signal);
      expect(second.store.inFlightOrders()).toEqual([]);
      expect(second.store.db.prepare(`SELECT status FROM orders`).all()).toEqual([{ status: 'cancelled' }]);
      expect(second.store.position('AAA')).toBeNull();
      expect(second.trader.ledger().ok).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('after a restart, values a held position at the newest close from its first health line', async () => {
    const { clock, market, t0, config } = await holdAaaThenStop();
    // While it was down AAA rose to 104.
    await clock.advance(2 * MIN);
    market.add('AAA', t0 + 2 * MIN, 101, 104, 101, 104);
    const second = await Kernel.create(config, { clock, market });
    const equities: number[] = [];
    second.bus.on('health', (h) => void equities.push(h.equity as number));
    try {
      await second.start();
      const held = second.store.position('AAA')!;
      expect(equities[0]).toBeCloseTo(second.store.account().cash + held.qty * 104, 2);
    } finally {
      await second.stop();
    }
  });

  it('after a restart, fills a stop at its level when a bar closed while the daemon was down reached it', async () => {
    const { clock, market, t0, config } = await holdAaaThenStop();
    // Down for two bars: the first traded through the stop, the second came back above it.
    await clock.advance(3 * MIN);
    market.add('AAA', t0 + 2 * MIN, 99, 99.5, 93, 97);
    market.add('AAA', t0 + 3 * MIN, 97, 100, 97, 99);
    const second = await Kernel.create(config, { clock, market });
    try {
      await second.start();
      await second.monitor.check(signal);
      const entry = (second.store.db.prepare(`SELECT price FROM fills WHERE side = 'buy'`).get() as { price: number }).price;
      const exit = second.store.db.prepare(`SELECT price, reason FROM fills WHERE side = 'sell'`).get() as { price: number; reason: string };
      expect(exit.reason).toBe('stop');
      expect(exit.price).toBeCloseTo(95 * (entry / 100) * 0.999, 9);
      expect(second.store.positions()).toEqual([]);
      expect(second.trader.ledger().ok).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('cancels an order that sees no price within paperFillTimeoutMs, with a log line', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA']);
    market.add('AAA', clock.now() - MIN, 100, 100, 100, 100);
    const logs: { msg: string; level: number }[] = [];
    const config = baseEnv(tempDir(), { CONCLAVE_PAPER_FILL_TIMEOUT_MS: String(10 * MIN), CONCLAVE_LOG_LEVEL: 'warn' });
    const kernel = await Kernel.create(config, { clock, market, logDestination: { write: (l: string) => void logs.push(JSON.parse(l)) } });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.market.bars('AAA', 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1));
      await clock.advance(10 * MIN);
      await kernel.monitor.check(signal);
      expect(kernel.store.order('co-v-1')!.status).toBe('submitted'); // the whole timeout is within it
      await clock.advance(1);
      await kernel.monitor.check(signal);
      expect(kernel.store.order('co-v-1')).toMatchObject({ status: 'cancelled', filledQty: 0 });
      expect(kernel.store.order('co-v-1')!.reason).toMatch(/no price for AAA .* within 600000 ms \(paperFillTimeoutMs\)/);
      expect(logs.some((l) => l.msg.startsWith('paper order no price for AAA'))).toBe(true);
      expect(kernel.trader.pendingOrders()).toEqual([]);
    } finally {
      await kernel.stop();
    }
  });

  it('fetches each symbol’s bars once per check, however many rules read them', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA', 'BBB']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    market.add('BBB', t0, 100, 100, 100, 100);
    const config = baseEnv(tempDir(), { CONCLAVE_MAX_HOLD_BARS: '20', CONCLAVE_MAX_GROSS_EXPOSURE: '1', CONCLAVE_POSITION_FRACTION: '0.3' });
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      for (const s of ['AAA', 'BBB']) await kernel.market.bars(s, 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1));
      await clock.advance(2 * MIN);
      market.add('AAA', t0 + MIN, 100, 101, 99, 100);
      market.add('BBB', t0 + MIN, 100, 101, 99, 100);
      await kernel.monitor.check(signal);
      await kernel.trader.onVerdict(buy(clock.now(), 'BBB', 100, 2));
      market.requests.clear();
      await clock.advance(MIN);
      market.add('AAA', t0 + 2 * MIN, 100, 100, 100, 100);
      market.add('BBB', t0 + 2 * MIN, 100, 100, 100, 100);
      // BBB's entry fills, then both positions are judged on their new bar, the quote and the time stop in bars.
      await kernel.monitor.check(signal);
      expect(kernel.store.positions().map((p) => p.symbol)).toEqual(['AAA', 'BBB']);
      expect(Object.fromEntries(market.requests)).toEqual({ AAA: 1, BBB: 1 });
      expect(kernel.monitor.lastCheckFetches).toBe(2);
    } finally {
      await kernel.stop();
    }
  });

  it('counts the re-entry cooldown in bars on the bars the discussion just read, without asking the market again', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
    const market = new TapeMarket(['AAA']);
    const t0 = clock.now() - MIN;
    market.add('AAA', t0, 100, 100, 100, 100);
    const config = baseEnv(tempDir(), { CONCLAVE_SYMBOL_COOLDOWN_BARS: '3', CONCLAVE_STOP_LOSS_PCT: '0.05', CONCLAVE_TRAILING_STOP_PCT: '0' });
    const kernel = await Kernel.create(config, { clock, market });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.market.bars('AAA', 2);
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 100, 1, 95));
      await clock.advance(2 * MIN);
      market.add('AAA', t0 + MIN, 100, 100, 100, 100);
      await kernel.monitor.check(signal);
      await clock.advance(MIN);
      market.add('AAA', t0 + 2 * MIN, 94, 94, 94, 94);
      await kernel.monitor.check(signal);
      expect(kernel.store.position('AAA')).toBeNull();
      // The next discussion reads the bars; the entry it decides counts the bars since the exit on them.
      await kernel.market.bars('AAA', 250);
      market.requests.clear();
      await kernel.trader.onVerdict(buy(clock.now(), 'AAA', 94, 2));
      expect(market.requests.get('AAA') ?? 0).toBe(0);
      const decision = kernel.store.db.prepare(`SELECT outcome, rule FROM risk_decisions WHERE verdict_id = 'v-2'`).get();
      expect(decision).toMatchObject({ outcome: 'rejected' });
    } finally {
      await kernel.stop();
    }
  });
});
