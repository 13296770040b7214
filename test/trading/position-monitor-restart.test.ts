import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { openStore, type Store } from '../../src/store/store.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const bar = (i: number, low: number): Bar => ({ time: T0 + i * MINUTE, open: 100, high: 101, low, close: 100, volume: 1_000 });

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One run of the daemon's position monitor over the store file: the bars closed by then, the exits it asked for. */
async function runOnce(file: string, bars: Bar[], setUp?: (store: Store) => void, market: { keep?: number; warnings?: string[]; barMs?: number; trailingStopPct?: number } = {}): Promise<string[]> {
  const store = openStore(file);
  try {
    setUp?.(store);
    const barMs = market.barMs ?? MINUTE;
    const clock = new VirtualClock(bars.at(-1)!.time + barMs);
    const exits: string[] = [];
    const trader = {
      mark: () => {},
      refreshEquityMarks: () => {},
      exitPending: () => false,
      followStops: async () => {},
      exit: async (symbol: string, reason: string, _fill?: string, price?: number) => void exits.push(`${symbol} ${reason.split(':')[0]!} @${price ?? 'market'}`),
    } as unknown as Trader;
    const kept = bars.slice(-(market.keep ?? bars.length));
    const source = { price: async () => bars.at(-1)!.close, bars: async (_s: string, n: number) => kept.slice(-n), barMs: () => barMs } as unknown as MarketData;
    const logger = createLogger({ level: 'warn', clock, destination: { write: (line: string) => void market.warnings?.push((JSON.parse(line) as { msg: string }).msg) } });
    const monitor = new PositionMonitor({
      clock, logger, store, market: source, trader,
      rules: { stopLossPct: 0.05, trailingStopPct: market.trailingStopPct ?? 0, trailingActivationPct: 0.05 },
      killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
    });
    await monitor.check(new AbortController().signal);
    return exits;
  } finally {
    store.close();
  }
}

/** A position with its stop at 95, left in the store by a run that never checked it. */
const open = (store: Store) => {
  store.ensureAccount(100_000, T0, '2026-01-05');
  store.savePosition({ symbol: 'ACME', qty: 10, avgPrice: 100, openedAt: T0, stopPrice: 95, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 }, T0);
};

/** A store file of its own, removed after the test. */
function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-monitor-restart-'));
  dirs.push(dir);
  return join(dir, 'store.db');
}

/** A store whose position a first run judged over four quiet bars (no exit), and those bars. */
async function judgedOnce(): Promise<{ file: string; before: Bar[] }> {
  const file = storeFile();
  const before = [0, 1, 2, 3].map((i) => bar(i, 99));
  expect(await runOnce(file, before, open)).toEqual([]);
  return { file, before };
}

/** The bars after `before` while the daemon was down for 30 of them: the 10th dipped through the stop (95). */
const downFor30 = (before: Bar[]): Bar[] => [...before, ...Array.from({ length: 30 }, (_, k) => bar(4 + k, k === 9 ? 90 : 99))];

describe('the position monitor across a restart', () => {
  it('judges the bars that closed while the daemon was down: a stop reached then fills at its level', async () => {
    const { file, before } = await judgedOnce();
    // Down for two bars: the first dipped through the stop (95), the second recovered.
    const after = [...before, bar(4, 90), bar(5, 99)];
    expect(await runOnce(file, after)).toEqual(['ACME stop_loss @95']);
  });

  it('reads back every bar closed while it was down, beyond the few a check reads: a stop reached 20 bars ago fills at its level', async () => {
    const { file, before } = await judgedOnce();
    // The 20 bars since the dip are back above the stop.
    expect(await runOnce(file, downFor30(before))).toEqual(['ACME stop_loss @95']);
  });

  it('says so when the bars closed while it was down cannot all be read back', async () => {
    const { file, before } = await judgedOnce();
    // A market that keeps only its last 12 bars: the dip 20 bars ago is gone.
    const warnings: string[] = [];
    expect(await runOnce(file, downFor30(before), undefined, { keep: 12, warnings })).toEqual([]);
    expect(warnings).toEqual(['some bars since the last check cannot be read: a stop or target they reached is not filled at its level']);
  });

  it('judges only bars closing from now on for a position no run has judged yet (a store from before)', async () => {
    const file = storeFile();
    const bars = [bar(0, 99), bar(1, 99), bar(2, 99), bar(3, 99), bar(4, 90), bar(5, 99)];
    // What its bars did before this start may have been judged by a run that did not store it: from now on only.
    expect(await runOnce(file, bars, open)).toEqual([]);
  });

  it('judges only the close of a longer bar that began before the last one judged (the bar length grew at a restart)', async () => {
    const file = storeFile();
    // Bought at 100 at 13:30 (T0 − 1 h), trailing 5 % once 5 % up. Minute bars from 14:30: a dip to 96, then a rally to
    // 110 that armed the trailing stop at 104.5.
    const openEarlier = (store: Store) => {
      store.ensureAccount(100_000, T0 - 60 * MINUTE, '2026-01-05');
      store.savePosition({ symbol: 'ACME', qty: 10, avgPrice: 100, openedAt: T0 - 60 * MINUTE, stopPrice: 95, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 }, T0 - 60 * MINUTE);
    };
    const minutes = Array.from({ length: 11 }, (_, k): Bar => {
      const i = k - 1;
      const price = i < 3 ? 97 : 100 + (i - 3) * 1.5;
      return { time: T0 + i * MINUTE, open: price, high: i === 9 ? 110 : price + 0.5, low: i === 1 ? 96 : price - 0.5, close: price, volume: 1_000 };
    });
    // A first check judges up to 14:30, the next one the ten minutes after it.
    expect(await runOnce(file, minutes.slice(0, 1), openEarlier, { trailingStopPct: 0.05 })).toEqual([]);
    expect(await runOnce(file, minutes, undefined, { trailingStopPct: 0.05 })).toEqual([]);
    // Restarted on hourly bars: the 14:00-15:00 bar holds the dip to 96 from before the peak, and closes at 109.
    const hour = 60 * MINUTE;
    const hourly: Bar[] = [
      { time: T0 - 30 * MINUTE, open: 100, high: 110, low: 96, close: 109, volume: 60_000 },
    ];
    // Before, its low was judged against the stop the later peak armed: sold at its open, 100, with the price at 109.
    expect(await runOnce(file, hourly, undefined, { barMs: hour, trailingStopPct: 0.05 })).toEqual([]);
    // The next hour is wholly new: its range is judged (a fall to 104 passes the trailing stop at 104.5).
    const next: Bar = { time: T0 + 30 * MINUTE, open: 109, high: 109, low: 104, close: 105, volume: 60_000 };
    expect(await runOnce(file, [...hourly, next], undefined, { barMs: hour, trailingStopPct: 0.05 })).toEqual(['ACME trailing_stop @104.5']);
  });
});
