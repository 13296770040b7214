import { VirtualClock, type Clock } from '../../src/core/clock.js';

/**
 * A clock whose wall time can step, as a live one's does (NTP, a VM restored from a snapshot, a resume): now() is the
 * virtual time plus an offset that step() moves, while timers and sleeps run on the virtual time alone, as Node's run
 * on the monotonic clock. advance() moves both, as time passing does.
 */
export class SteppingClock implements Clock {
  private offset = 0;

  /** `live`: stand for a live clock where code asks (what judges real time, such as ClockStepWatch). */
  constructor(
    readonly timers = new VirtualClock(),
    readonly live = false,
  ) {}

  now(): number {
    return this.timers.now() + this.offset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.timers.sleep(ms, signal);
  }

  setTimer(ms: number, fn: () => void): () => void {
    return this.timers.setTimer(ms, fn);
  }

  /** The wall clock jumps by `ms` (negative: backwards); no timer fires early or late for it. */
  step(ms: number): void {
    this.offset += ms;
  }

  advance(ms: number): Promise<void> {
    return this.timers.advance(ms);
  }
}
