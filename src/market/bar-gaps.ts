import type { Bar } from './market-port.js';
import { weekdayOf } from './every-day-trading.js';

/**
 * Gaps between bars: known, reported, never errors. A weekend or overnight close is expected, and so is a break at
 * the same time each day (a lunch break in Hong Kong or Tokyo, a futures market's daily hour); anything else (an
 * exchange outage, missing minutes) is a plain gap that indicators must step over.
 */
export interface Gap {
  /** Time of the last bar before the gap. */
  from: number;
  /** Time of the first bar after it. */
  to: number;
  /** Bars missing between them at the file's bar size. */
  missingBars: number;
  kind: 'weekend' | 'overnight' | 'break' | 'gap';
}

const DAY_MS = 86_400_000;

/** The most common positive step between consecutive bars (robust to gaps), or undefined under two bars. */
export function inferBarMs(bars: readonly { time: number }[]): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < bars.length; i++) {
    const step = bars[i]!.time - bars[i - 1]!.time;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A rest day has under this share of the busiest weekday's bars: a few special Saturday sessions leave Saturday one, and
 * so does a currency's Sunday evening, a few hours of a day.
 */
const REST_SHARE = 0.25;
/** Saturday and Sunday: the rest days of a weekday that a file never shows. */
const WEEKEND = [true, false, false, false, false, false, true];

/**
 * The days of the week (UTC, 0 Sunday) the market rests on, from its bars: Saturday and Sunday for most, Friday and
 * Saturday for Egypt's exchange (Sunday to Thursday), whose every Friday and Saturday was listed as a gap of missing
 * bars, and for Tokyo's days dated at midnight in Tokyo (15:00 UTC the day before); none for a market that trades
 * every day (crypto). A day without a bar rests when it came twice in the file's span (or is Saturday or Sunday); one
 * with bars, when the file spans three weeks and it has under a quarter of the busiest day's. Only check-data's report
 * of gaps reads it.
 */
function restDays(bars: readonly Bar[]): readonly boolean[] {
  if (bars.length === 0) return WEEKEND;
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const b of bars) counts[weekdayOf(b.time)]!++;
  const first = Math.floor(bars[0]!.time / DAY_MS);
  const last = Math.floor(bars[bars.length - 1]!.time / DAY_MS);
  // How often each day of the week came in the span, counted over its first three weeks (past them, `long` decides).
  const came = [0, 0, 0, 0, 0, 0, 0];
  for (let day = first; day <= Math.min(last, first + 20); day++) came[weekdayOf(day * DAY_MS)]!++;
  const busiest = Math.max(...counts);
  const long = last - first >= 21;
  return counts.map((n, d) => (n === 0 ? long || came[d]! >= 2 || WEEKEND[d]! : long && n < busiest * REST_SHARE));
}

function spansRest(from: number, to: number, rest: readonly boolean[]): boolean {
  for (let t = from + DAY_MS / 2; t < to; t += DAY_MS / 2) if (rest[weekdayOf(t)]) return true;
  return false;
}

function classify(from: number, to: number, barMs: number, rest: readonly boolean[]): Gap['kind'] {
  const span = to - from;
  // A market that trades every day (crypto) closes neither at weekends nor overnight: a missing bar is a gap.
  if (!rest.includes(true)) return 'gap';
  if (span <= 4 * DAY_MS && spansRest(from, to, rest)) return 'weekend';
  if (barMs < DAY_MS && span < DAY_MS && new Date(from).getUTCDate() !== new Date(to).getUTCDate()) return 'overnight';
  // Intraday sessions that end and start on the same UTC date (e.g. 17:30 → 09:05) are overnight too.
  if (barMs < DAY_MS && span >= 8 * 3_600_000 && span < DAY_MS) return 'overnight';
  return 'gap';
}

/** Trading days strictly between two daily bars. */
function tradingDaysBetween(from: number, to: number, rest: readonly boolean[]): number {
  let n = 0;
  for (let t = from + DAY_MS; t < to; t += DAY_MS) if (!rest[weekdayOf(t)]) n++;
  return n;
}

/**
 * Every step longer than 1.5 bars, oldest first. Daily bars of a market that rests on some days of the week miss only
 * its trading days in a gap: a week's closure from Monday to Monday is four sessions, not six. A market that trades
 * every day (each day of the week has a quarter of the busiest day's bars or more: crypto; currencies' Sunday evening
 * is less, and Saturday has none) has no weekend or overnight closure: a gap over one is a plain gap.
 */
export function findGaps(bars: readonly Bar[], barMs: number): Gap[] {
  const gaps: Gap[] = [];
  const rest = restDays(bars);
  const everyDay = !rest.includes(true);
  const restingDaily = barMs === DAY_MS && !everyDay;
  for (let i = 1; i < bars.length; i++) {
    const from = bars[i - 1]!.time;
    const to = bars[i]!.time;
    if (to - from > barMs * 1.5) {
      const missingBars = restingDaily ? tradingDaysBetween(from, to, rest) : Math.round((to - from) / barMs) - 1;
      gaps.push({ from, to, missingBars, kind: classify(from, to, barMs, rest) });
    }
  }
  if (barMs < DAY_MS && !everyDay) markDailyBreaks(gaps, bars);
  return gaps;
}

/**
 * Intraday gaps within a day that recur at the same times of day on a third of the file's days or more (five at least;
 * an hour earlier or later counts too, as a daylight-time change moves them) are the session's break: Hong Kong's lunch
 * hour was listed as 96 gaps, hiding the real holes among them. Gaps under a quarter of an hour are never a break:
 * missing minutes recur by chance.
 */
function markDailyBreaks(gaps: Gap[], bars: readonly Bar[]): void {
  const HOUR = 3_600_000;
  const key = (g: Gap, shift = 0) => `${(g.from + shift) % DAY_MS}-${(g.to + shift) % DAY_MS}`;
  // A quarter of an hour at least (the shortest break markets keep, as Chinese futures' 10:15-10:30).
  const within = (g: Gap) => g.kind === 'gap' && g.to - g.from >= 15 * 60_000 && g.to - g.from < DAY_MS;
  if (!gaps.some(within)) return;
  const days = new Set(bars.map((b) => Math.floor(b.time / DAY_MS))).size;
  const seen = new Map<string, number>();
  for (const g of gaps) if (within(g)) seen.set(key(g), (seen.get(key(g)) ?? 0) + 1);
  const recurring = (g: Gap) => [0, HOUR, DAY_MS - HOUR].reduce((n, shift) => n + (seen.get(key(g, shift)) ?? 0), 0);
  const least = Math.max(5, days / 3);
  for (const g of gaps) if (within(g) && recurring(g) >= least) g.kind = 'break';
}
