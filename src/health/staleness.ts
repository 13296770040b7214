/** What the health line carries per loop; enough to judge staleness from a log line alone. */
export interface LoopHealth {
  runs: number;
  errors: number;
  lastOkAt: number | null;
  intervalMs: number;
  startedAt?: number | null;
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
