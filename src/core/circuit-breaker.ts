import type { Clock } from './clock.js';
import { errorMessage, TransientError } from './errors.js';
import { retryAfterOf } from './transient.js';

/**
 * A circuit breaker per source. Closed: calls pass. After `failureThreshold` consecutive failures it opens: calls
 * fail fast with CircuitOpenError, sparing a dead source and the caller's time. After `cooldownMs` (on the clock)
 * one probe is let through (half-open); its success closes the circuit, its failure opens it for another cool-down.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a probe, ms. Default 60000. */
  cooldownMs?: number;
  /** Told when the circuit opens or closes (the kernel puts it on the bus); must not throw. */
  onStateChange?: (change: BreakerChange) => void;
}

export interface BreakerChange {
  source: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
  consecutiveFailures: number;
  lastError?: string;
}

export interface BreakerStats {
  state: BreakerState;
  failures: number;
  successes: number;
  consecutiveFailures: number;
  /** Calls refused while open. */
  shortCircuited: number;
  lastError?: string;
  lastErrorAt?: number;
  lastOkAt?: number;
}

export class CircuitOpenError extends TransientError {
  /** Until the next probe, from when it was refused: a retry does not wait longer than its cap for it. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly source: string,
    readonly retryAt: number,
    now?: number,
  ) {
    super(`source ${source} is unavailable (circuit open after repeated failures, or at its own request: Retry-After); next probe at ${new Date(retryAt).toISOString()}`);
    this.retryAfterMs = now === undefined ? undefined : Math.max(0, retryAt - now);
  }
}

export class CircuitBreaker {
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private openedAt: number | undefined;
  /** How long this opening lasts: the cooldown, or longer when the source's answer asked for more (Retry-After). */
  private openForMs = 0;
  private probing = false;
  private counters = { failures: 0, successes: 0, consecutiveFailures: 0, shortCircuited: 0 };
  private lastError: string | undefined;
  private lastErrorAt: number | undefined;
  private lastOkAt: number | undefined;
  private readonly onStateChange: ((change: BreakerChange) => void) | undefined;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    options: CircuitBreakerOptions = {},
  ) {
    this.threshold = Math.max(1, options.failureThreshold ?? 5);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? 60_000);
    this.onStateChange = options.onStateChange;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    const now = this.clock.now();
    // The wall clock stepped back since the circuit opened (NTP, a VM restored from a snapshot): measured from the
    // opening, the source stayed refused for the whole step too. The opening counts from now instead.
    if (now < this.openedAt) this.openedAt = now;
    return now >= this.openedAt + this.openForMs ? 'half-open' : 'open';
  }

  /** Runs `fn` through the breaker; throws CircuitOpenError without calling it while open. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.admit();
    try {
      const value = await fn();
      this.recordSuccess();
      return value;
    } catch (error) {
      this.recordFailure(error);
      throw error;
    }
  }

  /** Throws CircuitOpenError unless a call may go ahead now; in half-open state admits a single probe. */
  admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return;
    }
    this.counters.shortCircuited++;
    throw new CircuitOpenError(this.name, (this.openedAt ?? 0) + this.openForMs, this.clock.now());
  }

  /** Ends an admitted call that neither succeeded nor failed (the caller aborted): a probe slot is freed. */
  release(): void {
    this.probing = false;
  }

  recordSuccess(): void {
    const from = this.openedAt === undefined ? null : this.state;
    this.counters.successes++;
    this.counters.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.probing = false;
    this.lastOkAt = this.clock.now();
    if (from !== null) this.changed(from, 'closed');
  }

  recordFailure(error: unknown): void {
    this.counters.failures++;
    this.counters.consecutiveFailures++;
    this.lastError = errorMessage(error);
    this.lastErrorAt = this.clock.now();
    const from = this.openedAt === undefined ? 'closed' : this.probing ? 'half-open' : null;
    // A failed probe re-opens at once; otherwise open when the threshold is reached. A source that said when to come
    // back (HTTP 429 or 503 with Retry-After) is left alone until then: asked again sooner, an exchange may ban the IP.
    const hinted = retryAfterOf(error) ?? 0;
    const failing = this.probing || this.counters.consecutiveFailures >= this.threshold;
    if (failing || hinted > 0) {
      this.openedAt = this.clock.now();
      this.openForMs = failing ? Math.max(this.cooldownMs, hinted) : hinted;
      if (from !== null) this.changed(from, 'open');
    }
    this.probing = false;
  }

  private changed(from: BreakerState, to: BreakerState): void {
    const { consecutiveFailures } = this.counters;
    this.onStateChange?.({ source: this.name, from, to, at: this.clock.now(), consecutiveFailures, ...(this.lastError !== undefined ? { lastError: this.lastError } : {}) });
  }

  stats(): BreakerStats {
    return {
      state: this.state,
      ...this.counters,
      ...(this.lastError !== undefined ? { lastError: this.lastError, lastErrorAt: this.lastErrorAt } : {}),
      ...(this.lastOkAt !== undefined ? { lastOkAt: this.lastOkAt } : {}),
    };
  }
}
