/**
 * What the agents of one discussion compute alike, computed once: the bar columns and the indicator series are
 * memoised on the frozen inputs they derive from (the discussion's snapshot of the bars, then its columns), so the
 * bull, bear, analyst and risk doctor share them instead of each rebuilding them over ~250 bars. A discussion is about
 * one bar of one symbol, so this is once per bar and symbol. Entries live as long as their input (a WeakMap): nothing
 * to bound or expire. Results are frozen, as the agents may only read them.
 *
 * Not incremental from one bar to the next on purpose: the agents read a sliding window of bars, and the exponential
 * indicators (EMA, MACD, RSI, ATR, ADX) depend on where their window starts, so carrying state across windows would
 * change the agents' answers.
 */
let enabled = true;

/** Turns sharing off (the benchmark's from-scratch baseline, and the test that sharing changes no answer). */
export function setSharedComputation(on: boolean): void {
  enabled = on;
}

/** Off: the agents compute as they did before sharing (each its own series, the library's SMA and Bollinger bands). */
export function sharedComputation(): boolean {
  return enabled;
}

const memo = new WeakMap<object, Map<string, unknown>>();

export function shared<T>(input: object, key: string, compute: () => T): T {
  if (!enabled) return compute();
  let entries = memo.get(input);
  if (!entries) memo.set(input, (entries = new Map()));
  if (entries.has(key)) return entries.get(key) as T;
  const value = compute();
  if (Array.isArray(value)) Object.freeze(value);
  entries.set(key, value);
  return value;
}
