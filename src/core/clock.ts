/**
 * Time, injected. Production uses LiveClock; tests and replay use VirtualClock, which only moves when advanced,
 * so a simulated day runs in milliseconds and the same code runs live and in replay.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` after `ms`; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
  /**
   * Whether time moves by itself. A virtual clock's driver fires the next timer once the event loop is free, so work
   * that gives the loop a turn midway (TurnBudget) would finish at a later time and a run would depend on the CPU.
   */
  readonly live: boolean;
  /**
   * Tells the clock that `work` waits on the world outside (an answer over the network), not on the clock; returns
   * `work`. A virtual clock counts such work, so its driver can tell a run waiting for an answer (time must not move)
   * from one waiting only on virtual time (a retry's sleep: time must move). The live clock has no use for it.
   * `what` names the work (a webhook's post), so a driver can tell which answers it waits for.
   */
  outside?<T>(work: Promise<T>, what?: string): Promise<T>;
}

/** `work`, told to `clock` as waiting on the outside world (Clock.outside) when the clock counts such work. */
export function toldOutside<T>(clock: Clock, work: Promise<T>, what?: string): Promise<T> {
  return clock.outside ? clock.outside(work, what) : work;
}

export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'aborted') {
    super(message);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new AbortError();
}

function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(abortReason(signal!));
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class LiveClock implements Clock {
  readonly live = true;
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }
  setTimer(ms: number, fn: () => void): () => void {
    let handle: ReturnType<typeof setTimeout>;
    // setTimeout fires after 1 ms (with a warning) when asked for more than MAX_TIMEOUT_MS: a loop interval or a
    // cooldown of 25 days or more would run at once, again and again. Longer waits are chained.
    const arm = (left: number) => {
      handle = left > MAX_TIMEOUT_MS ? setTimeout(() => arm(left - MAX_TIMEOUT_MS), MAX_TIMEOUT_MS) : setTimeout(fn, Math.max(0, left));
    };
    arm(ms);
    return () => clearTimeout(handle);
  }
}

/** The longest delay setTimeout takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface PendingTimer {
  id: number;
  due: number;
  fn: () => void;
}

/** Yields to the event loop so every settled promise chain runs before the next timer fires. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  readonly live: boolean = false;
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];
  private readonly outsideWork = new Map<string, number>();

  constructor(start = Date.UTC(2026, 0, 5, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { id: this.nextId++, due: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  outside<T>(work: Promise<T>, what = 'outside'): Promise<T> {
    this.outsideWork.set(what, (this.outsideWork.get(what) ?? 0) + 1);
    const done = () => {
      const left = this.outsideWork.get(what)! - 1;
      if (left > 0) this.outsideWork.set(what, left);
      else this.outsideWork.delete(what);
    };
    // Registered before the caller's await: the count has dropped by the time the caller goes on.
    work.then(done, done);
    return work;
  }

  /** Work told of by `outside` still waiting for its answer. */
  get outsideInFlight(): number {
    let n = 0;
    for (const count of this.outsideWork.values()) n += count;
    return n;
  }

  /** The work in flight by what it was told as (`outside`'s `what`): how many of each. */
  outsideByWhat(): ReadonlyMap<string, number> {
    return new Map(this.outsideWork);
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order (ties by creation) and letting the
   * work they start settle before the next one fires. `settled`, if given, is awaited too before the first timer and
   * after each (a test's wait for answers over loopback): two turns of the event loop cannot wait for a socket.
   */
  async advance(ms: number, settled?: () => Promise<void>): Promise<void> {
    const target = this.current + ms;
    await flush();
    if (settled) await settled();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.fn();
      await flush();
      await flush();
      if (settled) await settled();
    }
    this.current = target;
    await flush();
  }

  /**
   * Moves time to `time` (never backwards). With no timer due by then it returns at once, without yielding to the
   * event loop: a backtest steps through thousands of bar closes, and each yield costs more than the step.
   */
  async advanceTo(time: number): Promise<void> {
    if (time <= this.current) return;
    const next = this.earliest();
    if (!next || next.due > time) {
      this.current = time;
      return;
    }
    await this.advance(time - this.current);
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
