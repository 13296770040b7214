import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from './clock.js';

/** CPU time a loop over many items may hold the event loop before others get a turn (the ws fan-out uses the same). */
export const TURN_BUDGET_MS = 2;

/**
 * Lets a long loop (a position check over hundreds of positions, the paper fills of a busy minute) give the event loop
 * a turn once it has held it for `budgetMs`: awaiting an in-memory price resolves as a microtask, so without this the
 * whole loop runs as one task and every opportunity published meanwhile waits for it. Measured in real time, because
 * what it protects is real latency; it changes no result, only when other work gets to run. On a virtual clock it never
 * yields: there a turn lets the clock's driver fire the next timer, so the rest of the loop would run at a later time.
 */
export class TurnBudget {
  private until: number;
  /** The turn being waited for: concurrent spenders (a scan's tasks) share it and the budget it opens. */
  private turn: Promise<void> | null = null;

  constructor(
    private readonly clock: Pick<Clock, 'live'>,
    private readonly budgetMs = TURN_BUDGET_MS,
  ) {
    this.until = performance.now() + budgetMs;
  }

  /**
   * Resolves at once while within the budget; otherwise after the event loop has had a turn. Every spender parked
   * meanwhile resumes into the one new budget: when each opened its own, eight concurrent tasks held the loop 2 ms each,
   * one after the other, in a single turn.
   */
  async spend(): Promise<void> {
    if (!this.clock.live || performance.now() < this.until) return;
    this.turn ??= nextTurn().then(() => {
      this.turn = null;
      this.until = performance.now() + this.budgetMs;
    });
    await this.turn;
  }
}
