import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { RawBar } from '../../src/market/bar-validator.js';
import { LiveBars } from '../../src/market/live-bars.js';
import { SaidBars } from '../../src/market/said-bars.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** Minute bars opening at T0 + i minutes, i from `from` to `to` (the last still forming when the clock is in it). */
function window(from: number, to: number, change: (b: RawBar, i: number) => void = () => undefined): RawBar[] {
  const rows: RawBar[] = [];
  for (let i = from; i <= to; i++) {
    const close = 100 + Math.sin(i) * 0.5;
    const b: RawBar = { row: i - from + 1, time: T0 + i * MIN, open: close - 0.1, high: close + 0.3, low: close - 0.4, close, volume: 10 + (i % 7) };
    change(b, i);
    rows.push(b);
  }
  return rows;
}

function setup() {
  const clock = new VirtualClock(T0);
  const lines: Array<Record<string, unknown> & { msg: string; level: string }> = [];
  const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) } });
  const live = new LiveBars('ccxt:binance', MIN, logger);
  const warnings = () => lines.filter((l) => l.level === 'warn').map((l) => l.msg);
  const infos = () => lines.filter((l) => l.level === 'info').map((l) => l.msg);
  return { clock, live, warnings, infos };
}

/** The clock 30 s into bar `i`: bar i is forming, bars up to i - 1 are closed. */
const during = (i: number) => T0 + i * MIN + 30_000;

describe('LiveBars: times that cannot be true', () => {
  it('refuses bars whose times are epoch seconds, said once while it lasts and once when it ends', () => {
    const { live, warnings, infos } = setup();
    const inSeconds = (b: RawBar) => void (b.time = b.time / 1000);
    const first = live.judge('BTC/USDT', window(100, 120, inSeconds), during(120));
    expect(first.bars).toEqual([]);
    expect(first.newlyRejected).toBe(21);
    expect(warnings()).toEqual([
      `BTC/USDT: 21 of 21 bars refused for their time, e.g. time 1767577200 reads as 1970-01-21T10:59:37.200Z: epoch seconds given as milliseconds (as seconds it is 2026-01-05T01:40:00Z); they are not used until the exchange's times are plausible again (said once until then; check the exchange's status and this machine's clock)`,
    ]);
    // The next scans fetch the same episode: nothing more is said, and only the new bar is counted.
    for (let i = 121; i < 125; i++) expect(live.judge('BTC/USDT', window(i - 20, i, inSeconds), during(i)).newlyRejected).toBe(1);
    expect(warnings()).toHaveLength(1);
    // Times in milliseconds again: the closed bars are used, and that is said once.
    const back = live.judge('BTC/USDT', window(105, 125), during(125));
    expect(back.bars.map((b) => b.time)).toEqual(window(105, 124).map((b) => b.time));
    expect(infos()).toEqual(['BTC/USDT: bar times are plausible again']);
    live.judge('BTC/USDT', window(106, 126), during(126));
    expect(infos()).toHaveLength(1);
    expect(warnings()).toHaveLength(1);
    // A new episode is said again.
    live.judge('BTC/USDT', window(107, 127, inSeconds), during(127));
    expect(warnings()).toHaveLength(2);
  });

  it('refuses a bar dated more than a bar after the clock’s now, saying so, and drops the forming one quietly', () => {
    const { live, warnings } = setup();
    const rows = window(100, 120);
    rows.push({ row: 22, time: during(120) + 2 * 3_600_000, open: 100, high: 100.2, low: 99.8, close: 100.1, volume: 5 });
    const result = live.judge('BTC/USDT', rows, during(120));
    expect(result.bars.map((b) => b.time)).toEqual(window(100, 119).map((b) => b.time));
    expect(result.newlyRejected).toBe(1);
    expect(warnings()).toEqual([
      expect.stringMatching(/^BTC\/USDT: 1 of 22 bars refused for their time, e\.g\. time 2026-01-05T04:00:30Z is 2 h after the clock's now \(2026-01-05T02:00:30Z\), more than a bar: the exchange's clock or this machine's is off; they are not used/),
    ]);
    // Times in microseconds are years ahead: said as such.
    const micro = setup();
    micro.live.judge('ETH/USDT', window(100, 120, (b) => void (b.time *= 1000)), during(120));
    expect(micro.warnings()[0]).toMatch(/^ETH\/USDT: 21 of 21 bars refused for their time, e\.g\. time \+0\d{5}-\S+ is \d{5} years after the clock's now .*: microseconds or nanoseconds given as milliseconds/);
    // The forming candle alone is no news.
    const quiet = setup();
    expect(quiet.live.judge('BTC/USDT', window(100, 120), during(120)).bars).toHaveLength(20);
    expect(quiet.warnings()).toEqual([]);
  });
});

describe('LiveBars: each bad bar said once', () => {
  it('says a quarantined and a rejected bar once while they stay in the fetched window, and again when they change', () => {
    const { live, warnings } = setup();
    // Bar 110 prints a wick ten times its price (quarantined); bar 112 has its high below its low (rejected).
    const bad = (wick: number) => (b: RawBar, i: number) => {
      if (i === 110) b.high = b.close * wick;
      if (i === 112) [b.high, b.low] = [b.low, b.high];
    };
    let quarantined = 0;
    let rejected = 0;
    // Ten scans, each fetching the last 21 bars: both bad bars stay in the window all along.
    for (let i = 120; i < 130; i++) {
      const r = live.judge('BTC/USDT', window(i - 20, i, bad(10)), during(i));
      expect(r.bars.some((b) => b.time === T0 + 110 * MIN || b.time === T0 + 112 * MIN)).toBe(false);
      quarantined += r.newlyQuarantined;
      rejected += r.newlyRejected;
    }
    expect(warnings()).toEqual([
      expect.stringMatching(/^BTC\/USDT: bar of 2026-01-05T01:52:00Z rejected: high [\d.]+ is below low/),
      expect.stringMatching(/^BTC\/USDT: bar of 2026-01-05T01:50:00Z quarantined: .*a bad print/),
    ]);
    expect([quarantined, rejected]).toEqual([1, 1]);
    // The exchange corrects the wick to another bad one: that is a new bar, said again.
    expect(live.judge('BTC/USDT', window(110, 130, bad(20)), during(130)).newlyQuarantined).toBe(1);
    expect(warnings()).toHaveLength(3);
    expect(warnings()[2]).toMatch(/^BTC\/USDT: bar of 2026-01-05T01:50:00Z quarantined/);
  });

  it('keeps a quarantined bar out once the bar it jumped from has left the window, and the bar after it in', () => {
    const { live, warnings } = setup();
    // Bar 110 prints at five times the price, open to close (a spike against the bar before it).
    const spike = (b: RawBar, i: number) => {
      if (i === 110) for (const k of ['open', 'high', 'low', 'close'] as const) b[k] *= 5;
    };
    for (let i = 120; i < 135; i++) {
      const times = live.judge('BTC/USDT', window(i - 20, i, spike), during(i)).bars.map((b) => b.time);
      // At i = 130 the spike is the window's first row, with nothing before it to jump from.
      expect(times, `fetch ending at bar ${i}`).not.toContain(T0 + 110 * MIN);
      if (i - 20 <= 111) expect(times, `fetch ending at bar ${i}`).toContain(T0 + 111 * MIN);
    }
    expect(warnings().filter((m) => m.includes('quarantined'))).toHaveLength(1);
  });

  it('remembers a bounded number of bars per symbol, and forgets those that left the window', () => {
    const said = new SaidBars(100);
    for (let i = 0; i < 150; i++) expect(said.first('BTC/USDT', `k${i}`, i)).toBe(true);
    expect(said.size('BTC/USDT')).toBe(100);
    expect(said.first('BTC/USDT', 'k149', 149)).toBe(false);
    expect(said.first('BTC/USDT', 'k0', 0)).toBe(true); // the oldest were let go
    said.forgetBefore('BTC/USDT', 140);
    expect(said.size('BTC/USDT')).toBe(10);
    expect(said.size('ETH/USDT')).toBe(0);
  });
});
