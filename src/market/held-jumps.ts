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

/** The jumps in words, with what to do (check-data's line and the backtest's warning). */
export function heldJumpsText(jumps: readonly HeldJump[]): string {
  const listed = jumps.slice(0, LISTED).map((j) => `from ${isoTime(j.time)} on, ${Number(j.factor.toPrecision(3))}x the close before`);
  const more = jumps.length > LISTED ? ` and ${jumps.length - LISTED} more` : '';
  return `prices jump to a level and hold it: ${listed.join('; ')}${more}. A market move, or a split the prices are not adjusted for; if a split, use prices adjusted for it: a backtest trades through it as a move`;
}
