import type { VerdictEvent } from '../domain/events.js';

/**
 * Whether the position held now opened after the discussion behind a SELL began: the position it judged was exited and
 * the symbol bought again meanwhile (possible with both cooldowns at 0), so the SELL is not about this one.
 */
export function openedSinceDiscussion(event: Pick<VerdictEvent, 'decidedAt' | 'durationMs'>, held: { openedAt: number }): boolean {
  return held.openedAt > event.decidedAt - (event.durationMs ?? 0);
}
