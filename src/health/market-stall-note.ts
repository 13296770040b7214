import type { Logger } from '../core/logger.js';
import { isoTime } from '../core/iso-time.js';
import type { MarketProgress } from './market-progress.js';

/**
 * Says in the log when the market data as a whole stops advancing while its fetches succeed (an exchange frozen in
 * maintenance, a stale feed), and when it advances again. The health line's `stalled` showed it, but no line said
 * it unless a systemd watchdog or stallExitMs acted on it: a daemon run without them judged held positions on a frozen
 * price without a word (one symbol frozen alone is said by the model scanner's observer).
 */
export class MarketStallNote {
  private said = false;

  constructor(
    private readonly logger: Logger,
    private readonly progress: MarketProgress,
    private readonly source: string,
  ) {}

  /** Notes the parts now stalled (the kernel's judgement: a replay at its end is none) and passes them on. */
  check(stalled: string[], now: number): string[] {
    const stall = stalled.includes('market') ? this.progress.stall() : null;
    if (stall && !this.said) {
      const minutes = Math.round((now - stall.stalledSince + stall.limitMs) / 60_000);
      this.logger.warn(
        { source: this.source, sinceBarAt: isoTime(stall.sinceBarAt), limitMs: stall.limitMs },
        `market data stalled: no new bar from ${this.source} for about ${minutes} min (the newest opened at ${isoTime(stall.sinceBarAt)}), though it answers: its data is frozen at the source (maintenance, a stale feed) or its new bars are set aside as bad (see the warnings on its bars). Nothing new is scored, and held positions are judged on the last price; check the exchange's status. Said once, until bars advance again`,
      );
    } else if (!stall && this.said) {
      this.logger.info({ source: this.source }, `market data advances again: ${this.source} has new bars`);
    }
    this.said = stall !== null;
    return stalled;
  }
}
