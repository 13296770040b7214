import type { Side } from '../domain/order.js';
import { counted } from '../core/plural.js';
import { isoTime } from '../core/iso-time.js';
import type { Bar } from './market-port.js';
import { EveryDayTrading, weekdayOf } from './every-day-trading.js';
import { isFlatWithoutVolume } from './filler-bars.js';

/**
 * The least move from the close before at which a day traded at one price is read as locked at a daily price limit.
 * The narrowest limits in use are 2 % (India's tightest circuit band); A-shares' are 5, 10 and 20 %, Taiwan's 10 %,
 * Vietnam's 7 %. A day at one price nearer its close before is a thin stock's single trade, not a lock.
 */
const LOCK_MOVE = 0.02;
/** Daily limits lock days: a minute at one price is a quiet minute's trade, whatever it moved. */
const DAY_LIKE_MS = 20 * 3_600_000;

/**
 * The side that could not trade in a bar locked at a daily price limit: a bar of a day or longer at one price (open =
 * high = low = close) with volume, 2 % or more from the close before. Every trade was at the limit, and the queue on
 * one side went unfilled: buyers at a limit up, sellers at a limit down. An order on that side waits for the next bar
 * (a backtest bought A-shares' strings of locked limit-up days at the limit, and sold at a locked limit down, as no
 * one could), the other side fills as at any bar. Undefined for any other bar, or when the bar length is not known.
 */
export function lockedSide(bar: Readonly<Bar>, closeBefore: number | undefined, barMs: number | undefined): Side | undefined {
  if (closeBefore === undefined || !(closeBefore > 0) || barMs === undefined || !(barMs >= DAY_LIKE_MS)) return undefined;
  if (!(bar.volume > 0) || bar.open !== bar.high || bar.high !== bar.low || bar.low !== bar.close) return undefined;
  const move = bar.close / closeBefore - 1;
  return move >= LOCK_MOVE ? 'buy' : move <= -LOCK_MOVE ? 'sell' : undefined;
}

/**
 * A series' locked days, bar by bar, from its past only (lockedSide). None once it has traded on every day of the week
 * (every-day-trading.ts): coins have no daily limits, and a thin coin's day of one trade is no lock.
 */
export class LockWatch {
  private readonly everyDay = new EveryDayTrading();
  private close: number | undefined;

  /** `sevenDays`: known to trade every day (a window of a market's bars, too short to count EveryDayTrading's rows). */
  constructor(private sevenDays = false) {}

  /** The side `bar` is locked against (then it is the series' latest). */
  side(bar: Readonly<Bar>, barMs: number | undefined): Side | undefined {
    const side = this.sevenDays ? undefined : lockedSide(bar, this.close, barMs);
    this.sevenDays ||= this.everyDay.see(bar);
    this.close = bar.close;
    return side;
  }
}

/** Who could not trade in a bar: nobody ('all': a bar nobody traded in, filler-bars.ts), one side (a locked day), or none. */
export type Blocked = 'all' | Side | undefined;

/** Per series, bar by bar from its past: what each bar blocks. The backtest's broker, the paper broker and the monitor read it. */
export class TradeWatch {
  private traded = false;
  private readonly locks: LockWatch;

  constructor(sevenDays = false) {
    this.locks = new LockWatch(sevenDays);
  }

  /** What `bar` blocks (then it is the series' latest). Only the bars before it say whether the series carries volume. */
  blocked(bar: Readonly<Bar>, barMs: number | undefined): Blocked {
    const untraded = this.traded && isFlatWithoutVolume(bar);
    this.traded ||= bar.volume > 0;
    const locked = this.locks.side(bar, barMs);
    return untraded ? 'all' : locked;
  }
}

/** Per bar of a window of a market's bars, what it blocks: a series with ranged bars on all seven days has no locked day. */
export function windowBlocks(bars: readonly Readonly<Bar>[], barMs: number | undefined): Blocked[] {
  const days = new Set(bars.filter((b) => b.high > b.low).map((b) => weekdayOf(b.time)));
  const watch = new TradeWatch(days.size === 7);
  return bars.map((b) => watch.blocked(b, barMs));
}

/** The days of a file locked at a price limit (LockWatch), in the file's order. */
export function lockedDays(bars: readonly Readonly<Bar>[], barMs: number | undefined): Readonly<Bar>[] {
  const watch = new LockWatch();
  return bars.filter((b) => watch.side(b, barMs) !== undefined);
}

/** The time of the bar from which a file has shown trading on every day of the week (EveryDayTrading), if it does. */
export function everyDayFrom(bars: readonly Readonly<Bar>[]): number | undefined {
  const everyDay = new EveryDayTrading();
  return bars.find((b) => everyDay.see(b))?.time;
}

/**
 * What the locked days of a file are, and what a backtest does at them (check-data's line and the backtest's warning).
 * `everyDay`: when the file goes on to trade every day, as coins do (the days were read as locks before it showed it).
 */
export function lockedDaysText(locked: readonly Readonly<Bar>[], everyDay?: number): string {
  const first = locked.slice(0, 3).map((b) => isoTime(b.time)).join(', ');
  const coin =
    everyDay === undefined
      ? ''
      : `. From ${isoTime(everyDay)} the file trades on every day of the week, as coins do, which have no daily limits: these days were likely a thin market's single trades, read as locked only until then`;
  return (
    `${counted(locked.length, 'day')} at one price with volume, 2 % or more from the close before (the first ${first}): locked at a daily price limit, ` +
    `as limit-up and limit-down days are written. A backtest fills no buy in a limit-up day and no sale in a limit-down one (nobody on the other side): those orders, and stops, wait for a later day${coin}`
  );
}
