/**
 * When a resting protective stop follows the daemon's stop up (exchangeStop), pure. The daemon's stop level rises while
 * a position is held (the trailing stop's peak); the stop on the exchange is moved to it by a cancel and a new
 * placement: two requests, and a moment with no stop resting. So it moves by a step that matters on any market, not at
 * every tick, and at most once a minute a symbol. It never moves down.
 */

/**
 * The rise that moves it: 0.5 % of the level, and one price tick at least (a coin priced in a few ticks). What the
 * exchange's stop lags the daemon's by stays under it, and a run-up of 10 % moves it some twenty times at most.
 */
export const RAISE_STEP = 0.005;

/**
 * At most one move a minute per symbol, counted from when the resting stop was placed (its order row's time, which a
 * restart keeps): a fast rise costs two requests a minute a position, far under an exchange's request and order limits.
 */
export const RAISE_EVERY_MS = 60_000;

export interface RaiseInputs {
  /** The resting stop's trigger; null when unknown (then it is left where it rests). */
  trigger: number | null;
  /** The daemon's stop level now (exitLevels'), undefined when it has none. */
  level: number | undefined;
  /** The last price seen for the position. */
  mark: number | null;
  /** The exchange's price step, when it says. */
  tick: number | undefined;
  /** When the resting stop was placed. */
  placedAt: number;
  now: number;
}

/** The level to move the resting stop up to, or null to leave it where it rests. */
export function raiseTo(i: RaiseInputs): number | null {
  if (i.trigger === null || i.level === undefined || !(i.level > 0)) return null;
  if (i.level < i.trigger + Math.max(RAISE_STEP * i.level, i.tick ?? 0)) return null;
  if (i.now - i.placedAt < RAISE_EVERY_MS) return null;
  // A level at or above the price is the daemon's own stop firing in this check: the exchange refuses a stop that would
  // trigger at once, and the one cancelled for it would leave the position bare while the exit is sent.
  if (i.mark === null || !(i.mark > i.level)) return null;
  return i.level;
}
