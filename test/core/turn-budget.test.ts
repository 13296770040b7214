import { describe, expect, it } from 'vitest';
import { LiveClock, VirtualClock } from '../../src/core/clock.js';
import { TurnBudget } from '../../src/core/turn-budget.js';

/** Whether a callback queued for the event loop's next turn ran before the budget's spend resolved. */
async function yieldedOnce(budget: TurnBudget): Promise<boolean> {
  let turned = false;
  setImmediate(() => (turned = true));
  await budget.spend();
  return turned;
}

describe('TurnBudget', () => {
  it('gives the event loop a turn once its budget is spent, on a live clock', async () => {
    expect(await yieldedOnce(new TurnBudget(new LiveClock(), 0))).toBe(true);
    expect(await yieldedOnce(new TurnBudget(new LiveClock(), 60_000))).toBe(false);
  });

  it('never yields on a virtual clock, whose driver would fire the next timer during the turn', async () => {
    // A loaded CI machine spent the budget midway through a position check: the rest of the check then ran after the
    // clock had moved on, at other prices, and the same seed gave different fills.
    expect(await yieldedOnce(new TurnBudget(new VirtualClock(), 0))).toBe(false);
  });
});
