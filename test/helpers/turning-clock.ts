import { VirtualClock } from '../../src/core/clock.js';

/**
 * A virtual clock that stands for a live one where the event loop's turns are concerned: tests of how long work holds
 * the loop set time by hand, yet measure the yields a live daemon makes (TurnBudget never yields on a virtual clock).
 */
export class TurningClock extends VirtualClock {
  override readonly live: boolean = true;
}
