/** What the health line carries per loop; enough to judge staleness from a log line alone. */
export interface LoopHealth {
  runs: number;
  errors: number;
  lastOkAt: number | null;
  intervalMs: number;
  startedAt?: number | null;
  /** How long the last run took: above intervalMs, the loop runs late (a model scan over a universe too big for its rate). */
  lastDurationMs?: number;
}

/** A loop is stale when it has not succeeded within three of its intervals (counting from its start if it never has). */
export function staleLoops(loops: Record<string, LoopHealth>, now: number, factor = 3): string[] {
  const stale: string[] = [];
  for (const [name, loop] of Object.entries(loops)) {
    const since = loop.lastOkAt ?? loop.startedAt ?? null;
    if (since === null || now - since > factor * loop.intervalMs) stale.push(name);
  }
  return stale;
}

/**
 * What is alive but not working: 'market' when its data has stopped advancing (MarketProgress.stall), 'consumer' when
 * work waits in the queue and the consumer has gone stale (no discussion finishes).
 */
export function stalledParts(stale: readonly string[], marketStalled: boolean, queueDepth: number): string[] {
  const stalled: string[] = [];
  if (marketStalled) stalled.push('market');
  if (stale.includes('consumer') && queueDepth > 0) stalled.push('consumer');
  return stalled;
}

/** The loops and parts that wait on the market data source: stale or stalled while it is down, whatever the daemon does. */
const MARKET_BOUND = new Set(['positionMonitor', 'modelScanner', 'market']);

/**
 * What the systemd watchdog restarts the daemon for: its own failures, not its exchange's outage. While the market
 * source fails (maintenance, an outage: its circuit open, its last call failed), what waits on it is excused: a restart cannot
 * bring the exchange back, and a live start is refused until the exchange answers, so the restarts, seconds apart,
 * ended at the unit's start limit and left the daemon down when the exchange came back.
 */
export function restartWorthy(state: { stale: string[]; stalled: string[] }, marketDown: boolean): { ok: boolean; stale: string[]; stalled: string[]; excused: string[] } {
  const excused = marketDown ? [...state.stale, ...state.stalled].filter((part) => MARKET_BOUND.has(part)) : [];
  const stale = state.stale.filter((part) => !excused.includes(part));
  const stalled = state.stalled.filter((part) => !excused.includes(part));
  return { ok: stale.length === 0 && stalled.length === 0, stale, stalled, excused };
}
