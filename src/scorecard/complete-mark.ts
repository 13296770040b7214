import type { Db } from '../store/database.js';
import { hasMeta, metaValue, setMeta } from '../store/store-meta.js';

/**
 * How far back a start must read the verdicts for discussed bars still lacking a forward return. Once a start has
 * resumed (the newest bars wait again, those beyond are recorded lost), every verdict decided before the oldest one
 * waiting has its returns, known or lost, and later runs only add verdicts decided after. Kept in store_meta with the
 * horizons it holds for, so the next start reads the verdicts since, not the whole retained history: on a 90-day
 * store (219,000 verdicts, 1.25 GB) that read took 2.7 s of the start, to find the few hundred still waiting.
 * Horizons followed or retired otherwise than when it was written (scorecardHorizonBars changed): all are read again.
 */
const KEY = 'scorecard_complete_before';

interface Mark {
  followed: number[];
  retired: [number, number][];
  before: number;
}

const sameHorizons = (mark: Mark, followed: readonly number[], retired: ReadonlyMap<number, number>): boolean => {
  const key = (pairs: readonly (readonly [number, number])[]) => JSON.stringify([...pairs].sort((a, b) => a[0] - b[0]));
  return key(mark.followed.map((h) => [h, 0])) === key(followed.map((h) => [h, 0])) && key(mark.retired) === key([...retired]);
};

/** The time before which every verdict has its returns at `followed` and `retired`, when the store knows one. */
export function completeBefore(db: Db, followed: readonly number[], retired: ReadonlyMap<number, number>): number | undefined {
  if (!hasMeta(db)) return undefined;
  const text = metaValue(db, KEY);
  if (text === undefined) return undefined;
  try {
    const mark = JSON.parse(text) as Mark;
    return Number.isFinite(mark.before) && sameHorizons(mark, followed, retired) ? mark.before : undefined;
  } catch {
    // An unreadable mark only costs a full read.
    return undefined;
  }
}

/** Records that every verdict decided before `before` has its returns at `followed` and `retired`. */
export function markCompleteBefore(db: Db, followed: readonly number[], retired: ReadonlyMap<number, number>, before: number): void {
  if (!hasMeta(db)) return;
  const mark: Mark = { followed: [...followed], retired: [...retired], before };
  setMeta(db, KEY, JSON.stringify(mark));
}
