/**
 * What the agents of one discussion compute alike, computed once: the bar columns and the indicator series are
 * memoised on the frozen inputs they derive from (the discussion's snapshot of the bars, then its columns), so the
 * bull, bear, analyst and risk doctor share them instead of each rebuilding them over ~250 bars. A discussion is about
 * one bar of one symbol, so this is once per bar and symbol. Entries live as long as the discussion (or, outside one,
 * their input): nothing to bound or expire. Results are frozen, as the agents may only read them.
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

type Memo = Map<object, Map<string, unknown>>;

/**
 * Where entries live. Inside a discussion, in the discussion's own map (see withSharedScope), which goes with the
 * discussion. Outside one (an agent called directly), in a WeakMap. Not a WeakMap for discussions: V8's young-generation
 * collector keeps every WeakMap value alive while the map itself is old, so each discussion's columns outlived it,
 * were copied to the old generation and collected there (garbage collection was ~15% of a backtest).
 * Any placement is correct, as an entry is a pure function of its input: a miss only computes it again.
 */
const fallback = new WeakMap<object, Map<string, unknown>>();
let scope: Memo | null = null;

/** A fresh memo for one discussion: pass it to withSharedScope around each of its agents' calls. */
export function sharedScope(): Memo {
  return new Map();
}

/**
 * Runs `fn` (an agent's synchronous part) with `memo` as the place of shared entries. An agent's work after its first
 * await runs outside (or in another discussion's scope): its entries then land elsewhere, which costs only a recompute.
 */
export function withSharedScope<T>(memo: Memo, fn: () => T): T {
  const outer = scope;
  scope = memo;
  try {
    return fn();
  } finally {
    scope = outer;
  }
}

/** The entries kept for `input` (made on first use). */
export function entriesOf(input: object): Map<string, unknown> {
  const memo = scope ?? fallback;
  let entries = memo.get(input);
  if (!entries) memo.set(input, (entries = new Map()));
  return entries;
}

export function shared<T>(input: object, key: string, compute: () => T): T {
  if (!enabled) return compute();
  const entries = entriesOf(input);
  if (entries.has(key)) return entries.get(key) as T;
  const value = compute();
  if (Array.isArray(value)) Object.freeze(value);
  entries.set(key, value);
  return value;
}
