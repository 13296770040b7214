import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { dayIn } from '../../src/market/market-time.js';
import { configError } from '../helpers/config-error.js';

const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One symbol's 1-minute bars, appended by the test. */
class Minutes implements MarketData {
  readonly name = 'minutes';
  readonly bars_: Bar[] = [];
  add(time: number, price: number): void {
    this.bars_.push({ time, open: price, high: price, low: price, close: price, volume: 1 });
  }
  symbols(): readonly string[] {
    return ['AAA'];
  }
  async bars(_symbol: string, limit: number): Promise<Bar[]> {
    return this.bars_.slice(-limit);
  }
  async price(): Promise<number> {
    return this.bars_.at(-1)!.close;
  }
  barMs(): number {
    return MIN;
  }
}

async function daemon(clock: VirtualClock, market: Minutes, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-market-day-'));
  dirs.push(dir);
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'silent', CONCLAVE_STORE_CHECKPOINT: 'inline', ...env } });
  const kernel = await Kernel.create(config, { clock, market });
  kernel.trader.init(config.startingCash);
  /** A scan reads the bars (the market's time moves), then the position check's roll. */
  const tick = async () => {
    await kernel.market.bars('AAA', 5);
    kernel.trader.refreshEquityMarks();
    return kernel.store.account().day;
  };
  return { kernel, tick };
}

/** The daemon over the store in `dir`, its market's day in `zone`, started, its log lines kept. */
async function startIn(dir: string, clock: VirtualClock, market: Minutes, zone: string) {
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'info', CONCLAVE_STORE_CHECKPOINT: 'inline', CONCLAVE_MARKET_TIMEZONE: zone } });
  const logs: { msg: string }[] = [];
  const kernel = await Kernel.create(config, { clock, market, logDestination: { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) } });
  await kernel.start();
  /** A bar at `time` read (the market's time moves), then the position check's roll: the account after it. */
  const barAt = async (time: number) => {
    market.add(time, 100);
    await kernel.market.bars('AAA', 5);
    kernel.trader.refreshEquityMarks();
    return kernel.store.account();
  };
  return { kernel, logs, barAt };
}

/** A first run with marketTimezone UTC, 4 % lost on the 6th (the daily limit is 5 %), stopped. */
async function loseInUtc(dir: string, clock: VirtualClock, market: Minutes): Promise<void> {
  const { kernel } = await startIn(dir, clock, market, 'UTC');
  const store = kernel.store;
  store.saveAccount(Object.assign(store.account(), { cash: store.account().cash - 4_000, realizedPnl: -4_000 }), clock.now());
  expect(store.account()).toMatchObject({ day: '2026-01-06', dayStartEquity: 100_000 });
  await kernel.stop();
}

describe("the daemon's daily loss limit", () => {
  it("rolls over on the day of the latest bar, not the machine's clock", async () => {
    // The machine is past UTC midnight; the market's last bar is still the previous day's.
    const clock = new VirtualClock(Date.UTC(2026, 0, 6, 0, 30));
    const market = new Minutes();
    market.add(Date.UTC(2026, 0, 5, 23, 58), 100);
    const { kernel, tick } = await daemon(clock, market);
    try {
      expect(await tick()).toBe('2026-01-05');
      market.add(Date.UTC(2026, 0, 5, 23, 59), 100);
      // The 23:59 bar closes at midnight: it is still the 5th's.
      expect(await tick()).toBe('2026-01-05');
      // A day of wall clock passes with no bar (a halted feed, a replay paused): still the same trading day.
      await clock.advance(24 * 3_600_000);
      expect(await tick()).toBe('2026-01-05');
      market.add(Date.UTC(2026, 0, 6, 0, 0), 90);
      expect(await tick()).toBe('2026-01-06');
      expect(kernel.store.account().dayStartEquity).toBe(kernel.trader.equity());
    } finally {
      await kernel.stop();
    }
  });

  it("rolls over at the market's midnight in its configured time zone", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 6, 12));
    const market = new Minutes();
    // 23:58 in New York on the 5th is 04:58 UTC on the 6th.
    market.add(Date.UTC(2026, 0, 6, 4, 58), 100);
    const { kernel, tick } = await daemon(clock, market, { CONCLAVE_MARKET_TIMEZONE: 'America/New_York' });
    try {
      expect(await tick()).toBe('2026-01-05');
      market.add(Date.UTC(2026, 0, 6, 4, 59), 100);
      expect(await tick()).toBe('2026-01-05');
      market.add(Date.UTC(2026, 0, 6, 5, 0), 100);
      expect(await tick()).toBe('2026-01-06');
    } finally {
      await kernel.stop();
    }
  });

  it('keeps the account’s day, and its loss, through a restart that moved marketTimezone west', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-market-day-'));
    dirs.push(dir);
    // A UTC day: 4 % lost by 01:00 UTC on the 6th (the daily limit is 5 %).
    const market = new Minutes();
    market.add(Date.UTC(2026, 0, 6, 0, 58), 100);
    const clock = new VirtualClock(Date.UTC(2026, 0, 6, 1, 0));
    await loseInUtc(dir, clock, market);
    // Restarted at 02:00 UTC with New York's time zone, where it is the 5th: the day rolled back to the 5th from 96,000,
    // so another 5 % could be lost on what is one day, and rolled again at New York's midnight.
    market.add(Date.UTC(2026, 0, 6, 1, 59), 100);
    await clock.advance(3_600_000);
    const second = await startIn(dir, clock, market, 'America/New_York');
    try {
      const account = () => second.kernel.store.account();
      second.kernel.trader.refreshEquityMarks();
      expect(account()).toMatchObject({ day: '2026-01-06', dayStartEquity: 100_000 });
      expect(second.logs.find((l) => l.msg.startsWith('marketTimezone changed'))?.msg).toBe(
        "marketTimezone changed from UTC to America/New_York: the account's day 2026-01-06, counted in UTC, goes on until America/New_York's next day begins, so the daily loss limit still counts its loss",
      );
    } finally {
      await second.kernel.stop();
    }
    // Restarted again at 03:00 UTC, in the same zone: still the account's 6th (before, it rolled back to New York's 5th).
    await clock.advance(3_600_000);
    const third = await startIn(dir, clock, market, 'America/New_York');
    try {
      expect(await third.barAt(Date.UTC(2026, 0, 6, 2, 59))).toMatchObject({ day: '2026-01-06', dayStartEquity: 100_000 });
      expect(third.logs.find((l) => l.msg.startsWith("the account's day"))?.msg).toBe(
        "the account's day 2026-01-06, counted in another zone, goes on until America/New_York's next day begins, so the daily loss limit still counts its loss",
      );
      // New York's 6th (from 05:00 UTC) is the same day; its 7th rolls.
      expect(await third.barAt(Date.UTC(2026, 0, 6, 5, 0))).toMatchObject({ day: '2026-01-06', dayStartEquity: 100_000 });
      expect(await third.barAt(Date.UTC(2026, 0, 7, 5, 0))).toMatchObject({ day: '2026-01-07', dayStartEquity: 96_000 });
    } finally {
      await third.kernel.stop();
    }
  });

  it('keeps the loss of the account’s day through a restart that moved marketTimezone east', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-market-day-'));
    dirs.push(dir);
    // A UTC day: 4 % lost by 20:00 UTC on the 6th (the daily limit is 5 %).
    const market = new Minutes();
    market.add(Date.UTC(2026, 0, 6, 19, 58), 100);
    const clock = new VirtualClock(Date.UTC(2026, 0, 6, 20, 0));
    await loseInUtc(dir, clock, market);
    // Restarted at 21:00 UTC with Tokyo's time zone, where it is already 06:00 on the 7th: the day rolled on from
    // 96,000, and another 5 % could be lost within the UTC day that had lost 4 %.
    market.add(Date.UTC(2026, 0, 6, 20, 59), 100);
    await clock.advance(3_600_000);
    const second = await startIn(dir, clock, market, 'Asia/Tokyo');
    try {
      const account = () => second.kernel.store.account();
      second.kernel.trader.refreshEquityMarks();
      expect(account()).toMatchObject({ day: '2026-01-07', dayStartEquity: 100_000 });
      expect(second.logs.find((l) => l.msg.startsWith('marketTimezone changed'))?.msg).toBe(
        "marketTimezone changed from UTC to Asia/Tokyo: the account's day 2026-01-06, counted in UTC, was still going there, so Asia/Tokyo's 2026-01-07 counts its loss from UTC's midnight until Asia/Tokyo's next day begins",
      );
      // Tokyo's 8th begins at 15:00 UTC on the 7th: the day rolls from there as usual.
      expect(await second.barAt(Date.UTC(2026, 0, 7, 14, 59))).toMatchObject({ day: '2026-01-07', dayStartEquity: 100_000 });
      expect(await second.barAt(Date.UTC(2026, 0, 7, 15, 0))).toMatchObject({ day: '2026-01-08', dayStartEquity: 96_000 });
    } finally {
      await second.kernel.stop();
    }
    // Moved back to UTC on the 9th, the day that was counted (Tokyo's 8th) is over in both zones: it rolls, unsaid.
    market.add(Date.UTC(2026, 0, 9, 1, 0), 100);
    await clock.advance(54 * 3_600_000);
    const third = await startIn(dir, clock, market, 'UTC');
    try {
      third.kernel.trader.refreshEquityMarks();
      expect(third.kernel.store.account()).toMatchObject({ day: '2026-01-09', dayStartEquity: 96_000 });
      expect(third.logs.some((l) => l.msg.startsWith('marketTimezone changed'))).toBe(false);
    } finally {
      await third.kernel.stop();
    }
  });

  it('gives each instant its own day, however the calls are ordered (the last day is kept between calls)', () => {
    const utc = dayIn('UTC');
    const tokyo = dayIn('Asia/Tokyo');
    const midnight = Date.UTC(2026, 0, 6);
    // Either side of midnight, forwards and back, and before 1970 (negative times).
    for (const t of [midnight - 1, midnight, midnight + 1, midnight - 1, midnight - 86_400_001, -1, 0, -86_400_000, -86_400_001, midnight]) {
      expect(utc(t)).toBe(new Date(t).toISOString().slice(0, 10));
      expect(tokyo(t)).toBe(new Date(t + 9 * 3_600_000).toISOString().slice(0, 10));
    }
  });

  it('writes every UTC day as toISOString does, from year 0 to 9999 and beyond', () => {
    const utc = dayIn('UTC');
    const wrong: string[] = [];
    const check = (t: number) => {
      const want = new Date(t).toISOString().slice(0, 10);
      if (utc(t) !== want) wrong.push(`${t}: ${utc(t)} instead of ${want}`);
    };
    // Every day of 1899-2101 (leap years, century rules), then every 997th day over the whole range and past its ends.
    for (let t = Date.UTC(1899, 0, 1); t < Date.UTC(2101, 0, 1); t += 86_400_000) check(t + 43_200_000);
    for (let t = Date.UTC(-1, 0, 1) - 3 * 86_400_000; t < 8.64e15 - 997 * 86_400_000; t += 997 * 86_400_000) check(t);
    for (const t of [-62_167_219_200_001, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15]) check(t);
    expect(wrong).toEqual([]);
  });

  it('takes only a time zone the runtime knows', () => {
    expect(dayIn('Asia/Tokyo')(Date.UTC(2026, 0, 5, 15))).toBe('2026-01-06');
    const error = configError(() => loadConfig({ env: { CONCLAVE_MARKET_TIMEZONE: 'Mars/Olympus' } }));
    expect(error.message).toMatch(/CONCLAVE_MARKET_TIMEZONE.*Mars\/Olympus/);
    expect(error.message).toMatch(/an IANA time zone such as "UTC" or "America\/New_York"/);
  });
});
