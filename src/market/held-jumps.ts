import type { Bar } from './market-port.js';
import { isoTime } from '../core/iso-time.js';

const DAY_MS = 86_400_000;
/** The validator's default spike factor: a jump this large in one bar of a day or less is set aside as a spike. */
const JUMP = 4;
/** Jumps said per file; the rest are counted. */
const LISTED = 3;

export interface HeldJump {
  /** Open time of the first bar on the new level. */
  time: number;
  /** Its close over the close of the usable bar before it. */
  factor: number;
  /** A gapped bar after which the price came back near the close before it (within BAD_STRETCH bars): a bad print, not a new level. */
  back?: boolean;
}

/**
 * Levels a file's prices jumped to and held: two usable bars in a row, a day long or less, whose closes are 4x or more
 * apart. The validator sets the jump's row aside as a spike and, when the next row holds the new level, trusts it as a
 * market move, which it may be (a coin's crash, a listing's run: refusing those would cut a live market off). It may
 * also be a split the prices are not adjusted for whose first bar moved off its ratio (AIG's 1:20 reverse split of
 * 2009 in Lean's raw hours, 13 % off: 18x prices taken as a move, with check-data saying OK). Said, never judged.
 */
export function heldJumps(bars: readonly Readonly<Bar>[], barMs: number | undefined, from = 1, end = bars.length): HeldJump[] {
  if (barMs === undefined || barMs > DAY_MS) return [];
  const jumps: HeldJump[] = [];
  for (let i = Math.max(1, from); i < end; i++) {
    const factor = bars[i]!.close / bars[i - 1]!.close;
    if (factor >= JUMP || factor <= 1 / JUMP) jumps.push({ time: bars[i]!.time, factor });
  }
  return jumps;
}

/** The first LISTED of `jumps` in words, joined by `between`, and how many more. */
function listed(jumps: readonly HeldJump[], word: (j: HeldJump) => string, between: string): string {
  const more = jumps.length > LISTED ? ` and ${jumps.length - LISTED} more` : '';
  return jumps.slice(0, LISTED).map(word).join(between) + more;
}

/** The jumps in words, with what to do (check-data's line and the backtest's warning). */
export function heldJumpsText(jumps: readonly HeldJump[]): string {
  const text = listed(jumps, (j) => `from ${isoTime(j.time)} on, ${Number(j.factor.toPrecision(3))}x the close before`, '; ');
  return `prices jump to a level and hold it: ${text}. A market move, or a split the prices are not adjusted for; if a split, use prices adjusted for it: a backtest trades through it as a move`;
}

/** A bar wholly this far from the close before it (high at most 1/1.25 of it, or low 1.25x or more) is said. */
const GAP = 1.25;
/** The most bars a stretch of bad prints may last before the price comes back (said apart from gaps that hold). */
const BAD_STRETCH = 20;
/** Unless this long after it: the market may move that far by itself over a hole (said as a hole). */
const HOLE_MS = 30 * DAY_MS;

/**
 * Bars that traded nowhere near the close before them: the whole bar 25 % or more away from it, short of a held jump's
 * 4x. Bonus issues and stock dividends divide a price by 1.3, 1.4 or 1.5 (HPG's 2015-2017 in CafeF's raw file, 000938's
 * of 2000 and 2006 in NetEase's), ratios that a news day can also make, so the validator does not take them for splits:
 * a position held across took them as losses (-6 % of the account each). A real gap does the same (ORCL's 1997-12-09,
 * -29 % on its earnings). Said, never judged.
 */
export function gappedBars(bars: readonly Readonly<Bar>[], barMs: number | undefined, from = 1, end = bars.length): HeldJump[] {
  if (barMs === undefined || barMs > DAY_MS) return [];
  const found: { i: number; gap: HeldJump }[] = [];
  // Past a run's span too, up to a stretch: its warning names a bad print by the bar back, where the span ends inside it.
  for (let i = Math.max(1, from); i < Math.min(bars.length, end + BAD_STRETCH); i++) {
    const before = bars[i - 1]!.close;
    const b = bars[i]!;
    const factor = b.close / before;
    if (factor >= JUMP || factor <= 1 / JUMP || b.time - bars[i - 1]!.time > HOLE_MS) continue;
    if (b.high * GAP <= before || b.low >= before * GAP) found.push({ i, gap: { time: b.time, factor } });
  }
  // Read as a whole file, the bars after are known: a bonus issue or a split holds its new level, a bad print (or a few
  // in a row) comes back to the price before it, the next bar or with a gap the other way (DAX futures' Saturday bars at
  // 0.74x in a Sierra Chart export, then Monday's back): said apart, and the way back is not a gap of its own.
  const undone = (factor: number, by: number) => Math.abs(Math.log(factor * by)) < Math.abs(Math.log(factor)) / 2;
  const gaps: HeldJump[] = [];
  for (let k = 0; k < found.length; k++) {
    const { i, gap } = found[k]!;
    if (i >= end) break;
    const next = found[k + 1];
    const returned = next !== undefined && next.i - i <= BAD_STRETCH && undone(gap.factor, next.gap.factor);
    if (returned) k++;
    const after = bars[i + 1];
    const back = returned || (after !== undefined && undone(gap.factor, after.close / bars[i]!.close));
    gaps.push(back ? { time: gap.time, factor: gap.factor, back } : gap);
  }
  return gaps;
}

/** The gapped bars in words, with what to do (check-data's line and the backtest's warning). */
export function gappedBarsText(gaps: readonly HeldJump[]): string {
  const word = (g: HeldJump) => `${isoTime(g.time)} (${Number(g.factor.toPrecision(3))}x the close before)`;
  const held = gaps.filter((g) => g.back !== true);
  const back = gaps.filter((g) => g.back === true);
  const said: string[] = [];
  if (held.length > 0) said.push(`bars that traded nowhere near the close before them, 25 % or more away: ${listed(held, word, ', ')}. A real gap, or a bonus issue, stock dividend or split the prices are not adjusted for (bonus shares divide a price by 1.3, 1.4, 1.5...); if so, use adjusted prices: a backtest trades through it as a move, and a position held across takes it as a loss or a gain`);
  if (back.length > 0) said.push(`bars 25 % or more away from the close before them, the price back near it within ${BAD_STRETCH} bars: ${listed(back, word, ', ')}. Bad prints, most likely (a split or bonus issue holds its new level): a backtest trades through them, and a stop is judged on them; if nothing traded at those prices, delete their rows, up to the bar back at the price before`);
  return said.join('; ');
}
