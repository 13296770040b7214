/**
 * How far back news counts: the longer of a duration and a number of bars of the market. On 1-minute bars the
 * duration rules (5 bars would be 5 minutes of news); on daily bars the bars do (6 hours would drop most of the
 * news published during a trading day before its bar closes). Read at each use: the bar length is learnt as bars arrive.
 */
export function newsWindow(lookbackMs: number, lookbackBars: number, barMs: () => number | null | undefined): () => number {
  return () => {
    const length = lookbackBars > 0 ? barMs() : null;
    return length && length > 0 ? Math.max(lookbackMs, lookbackBars * length) : lookbackMs;
  };
}

/** A window given as a number or as a function of the moment (newsWindow). */
export const windowMs = (window: number | (() => number)): number => (typeof window === 'number' ? window : window());
