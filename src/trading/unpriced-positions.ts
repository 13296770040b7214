import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** How often a position the market refuses to price is said again while it lasts. */
const REPEAT_MS = 3_600_000;

/**
 * Open positions whose symbol the market refuses for good (a delisting: RefusedRequestError), by symbol. Each is said
 * at once with what it means, then once an hour while it lasts, and listed in the health line; it no longer fails the
 * position check. Failing it, the check failed at every run for as long as the position was held: an error line a
 * minute, the loop stale, and the systemd watchdog restarting a daemon that was managing every other position.
 */
export class UnpricedPositions {
  private readonly refusedSince = new Map<string, { since: number; saidAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  refused(symbol: string, error: unknown): void {
    const now = this.clock.now();
    const known = this.refusedSince.get(symbol);
    if (known && now - known.saidAt < REPEAT_MS && now >= known.saidAt) return;
    this.refusedSince.set(symbol, { since: known?.since ?? now, saidAt: now });
    this.logger.error(
      { symbol, since: new Date(known?.since ?? now).toISOString(), err: errorMessage(error) },
      `open position in ${symbol} cannot be priced, so no stop, target or exit runs for it (said again hourly while it lasts): ${errorMessage(error)}. If the market is gone for good, stop the daemon and close it in the store: conclave write-off ${symbol} --reason TEXT`,
    );
  }

  priced(symbol: string): void {
    if (this.refusedSince.delete(symbol)) this.logger.info({ symbol }, `${symbol} is priced again; its stops and exits run again`);
  }

  /** Forgets the symbols no longer held. */
  retain(held: (symbol: string) => boolean): void {
    for (const symbol of this.refusedSince.keys()) if (!held(symbol)) this.refusedSince.delete(symbol);
  }

  has(symbol: string): boolean {
    return this.refusedSince.has(symbol);
  }

  symbols(): string[] {
    return [...this.refusedSince.keys()];
  }
}
