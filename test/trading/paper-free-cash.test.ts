import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import type { Bar } from '../../src/market/market-port.js';
import { TapeMarket, tapeBuy as buy } from '../helpers/tape-market.js';

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-paper-cash-'));
  dirs.push(dir);
  return dir;
};
const signal = new AbortController().signal;

/** A bar of `symbol` opening at `open` and closing at `close`, its range 1 % beyond both. */
const add = (market: TapeMarket, symbol: string, time: number, open: number, close = open): Bar =>
  market.add(symbol, time, open, Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close);

// Cash binds the entries: a position may take the whole equity, and the gross exposure is no limit.
const config = (dataDir: string) =>
  loadConfig({
    env: {
      CONCLAVE_DATA_DIR: dataDir,
      CONCLAVE_LOG_LEVEL: 'silent',
      CONCLAVE_STORE_CHECKPOINT: 'inline',
      CONCLAVE_SLIPPAGE_BPS: '10',
      CONCLAVE_FEE_BPS: '20',
      CONCLAVE_POSITION_FRACTION: '0.5',
      CONCLAVE_MAX_GROSS_EXPOSURE: '10',
      CONCLAVE_RISK_PER_TRADE: '0.2',
      CONCLAVE_LOT_STEP: '1',
      CONCLAVE_SYMBOL_COOLDOWN_BARS: '0',
      CONCLAVE_SYMBOL_COOLDOWN_MS: '0',
    },
  });

interface OrderRow { symbol: string; qty: number; filled_qty: number; status: string; reason: string | null }

interface TwoBuys {
  kernel: Kernel;
  cfg: ReturnType<typeof config>;
  /** The orders in flight after the two verdicts, [symbol, qty] each. */
  inFlight: [string, number][];
}

/**
 * AAA then BBB bought at `decided` prices, both in flight, then one position check after each opens at its price in
 * `opened`: `check` looks at the kernel after that check (stopped after it).
 */
async function twoBuys(decided: [number, number], opened: [number, number], check: (run: TwoBuys) => void): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 10));
  const market = new TapeMarket(['AAA', 'BBB']);
  const t0 = clock.now() - MIN;
  add(market, 'AAA', t0, decided[0]);
  add(market, 'BBB', t0, decided[1]);
  const cfg = config(tempDir());
  const kernel = await Kernel.create(cfg, { clock, market });
  try {
    kernel.trader.init(cfg.startingCash);
    for (const s of ['AAA', 'BBB']) await kernel.market.bars(s, 2);
    await kernel.trader.onVerdict(buy(clock.now(), 'AAA', decided[0], 1));
    await kernel.trader.onVerdict(buy(clock.now(), 'BBB', decided[1], 2));
    const inFlight = kernel.store.inFlightOrders().map((o): [string, number] => [o.symbol, o.qty]);
    await clock.advance(2 * MIN);
    add(market, 'AAA', t0 + MIN, opened[0]);
    add(market, 'BBB', t0 + MIN, opened[1]);
    await kernel.monitor.check(signal);
    check({ kernel, cfg, inFlight });
  } finally {
    await kernel.stop();
  }
}

describe('paper buys and the account’s cash', () => {
  it('fills two buys of one check for what the cash pays, fee included, in whole lots: the rest cancelled, saying why, never below zero', async () => {
    // Both open 3 % up: 500 × 103.103 and 990 × 51.5515 with their fees cost 102,793.93, more than the 100,000 there is.
    await twoBuys([100, 50], [103, 51.5], ({ kernel, cfg, inFlight }) => {
      // AAA takes half the equity at 100; BBB what the cash leaves less its 1 % for fee and slippage.
      expect(inFlight).toEqual([['AAA', 500], ['BBB', 990]]);
      const account = kernel.store.account();
      expect(account.cash).toBeGreaterThanOrEqual(0);
      expect(kernel.trader.ledger().ok).toBe(true);
      const orders = kernel.store.db.prepare(`SELECT symbol, qty, filled_qty, status, reason FROM orders ORDER BY id`).all() as OrderRow[];
      expect(orders[0]).toMatchObject({ symbol: 'AAA', filled_qty: 500, status: 'filled' });
      // BBB gets what AAA's fill left, in whole lots: one more lot would have overdrawn the account.
      const left = cfg.startingCash - 500 * 103 * 1.001 * 1.002;
      const unit = 51.5 * 1.001 * 1.002;
      const bbb = kernel.store.position('BBB')!;
      expect(bbb.qty).toBe(Math.floor(left / unit));
      expect(bbb.qty).toBeLessThan(990);
      expect(account.cash).toBeLessThan(unit);
      expect(orders[1]).toMatchObject({ symbol: 'BBB', qty: 990, filled_qty: bbb.qty, status: 'cancelled' });
      expect(orders[1]!.reason).toMatch(/^partially filled: the account's free cash 48,\d{3}\.\d\d pays for \d+ of the 990 BBB at 51\.\d+ with the fee; the rest is cancelled/);
    });
  });

  it('fills no buy when the cash the check’s fills before it left pays for not one lot, and says so', async () => {
    // AAA opens at 190 (news overnight): its fill, placed first, takes 95,285.10 and leaves less than one lot of BBB.
    await twoBuys([100, 5000], [190, 5000], ({ kernel, cfg, inFlight }) => {
      expect(inFlight).toEqual([['AAA', 500], ['BBB', 9]]);
      expect(kernel.store.position('AAA')).toMatchObject({ qty: 500 });
      const cash = kernel.store.account().cash;
      expect(cash).toBeCloseTo(cfg.startingCash - 500 * 190 * 1.001 * 1.002, 6);
      expect(kernel.store.position('BBB')).toBeNull();
      expect(kernel.trader.ledger().ok).toBe(true);
      const row = kernel.store.db.prepare(`SELECT status, filled_qty, reason FROM orders WHERE symbol = 'BBB'`).get() as OrderRow;
      expect(row).toMatchObject({ status: 'cancelled', filled_qty: 0 });
      expect(row.reason).toMatch(/^not filled: the account's free cash 4,714\.\d\d does not pay for one lot \(lotStep 1\) of BBB at 5,005\.00 with the fee/);
    });
  });
});
