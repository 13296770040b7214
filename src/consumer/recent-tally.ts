import type { Clock } from '../core/clock.js';

/** How far back "recent" reaches: the cockpit's and `conclave health`'s "in the last hour". */
export const RECENT_MS = 3_600_000;
const SLOT_MS = 60_000;

/**
 * Discussions and their agent failures over the last hour on the clock, by the minute (at most 61 slots kept): the
 * totals since the start coloured the cockpit for days after one failure in the first hour.
 */
export class RecentTally {
  private readonly slots: Array<{ slot: number; discussions: number; agentFailures: number }> = [];

  constructor(private readonly clock: Clock) {}

  add(agentFailures: number): void {
    const slot = Math.floor(this.clock.now() / SLOT_MS);
    const last = this.slots.at(-1);
    if (last?.slot === slot) {
      last.discussions++;
      last.agentFailures += agentFailures;
    } else {
      this.slots.push({ slot, discussions: 1, agentFailures });
    }
    this.prune(slot);
  }

  /** The last hour's counts (a slot dated after now, from before the wall clock stepped back, counts as recent). */
  read(): { discussions: number; agentFailures: number } {
    const now = Math.floor(this.clock.now() / SLOT_MS);
    this.prune(now);
    let discussions = 0;
    let agentFailures = 0;
    for (const s of this.slots) {
      discussions += s.discussions;
      agentFailures += s.agentFailures;
    }
    return { discussions, agentFailures };
  }

  private prune(now: number): void {
    const oldest = now - RECENT_MS / SLOT_MS;
    while (this.slots.length > 0 && (this.slots[0]!.slot <= oldest || this.slots.length > RECENT_MS / SLOT_MS + 1)) this.slots.shift();
  }
}
