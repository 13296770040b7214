import type { Logger } from '../core/logger.js';
import type { Bar } from './market-port.js';
import { validateBars, type BarIssue, type RawBar } from './bar-validator.js';
import { liveTimeIssue } from './live-bar-time.js';

/**
 * A live source's latest bars, fetched again at every scan, made into the bars the port promises: times that cannot
 * be true are refused (live-bar-time.ts), the candle still forming at the clock's now is dropped (exchanges return it;
 * the port promises closed bars only), and every closed bar is validated against the bars before it.
 * Bars refused for their time are said once per symbol while it lasts (all the window's bars are so while an exchange
 * writes seconds), with an info line when the times are plausible again.
 */

/** Bad bars logged one by one per fetch at most. */
const MAX_LOGGED = 20;

export interface LiveBarsResult {
  bars: Bar[];
  rejected: number;
  quarantined: number;
}

export class LiveBars {
  /** Symbols whose fetched bars have times that cannot be true, said once until they are plausible again. */
  private readonly badTimes = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly barMs: number,
    private readonly logger?: Logger,
  ) {}

  judge(symbol: string, raw: readonly RawBar[], now: number): LiveBarsResult {
    const refused: BarIssue[] = [];
    const plausible: RawBar[] = [];
    for (const b of raw) {
      const issue = liveTimeIssue(b.time, now, this.barMs);
      if (issue) refused.push({ file: `${this.source}:${symbol}`, row: b.row, time: b.time, code: issue.code, severity: 'rejected', message: issue.message });
      // The forming candle is dropped before validation: each bar is judged against the bars before it only, and a
      // bar that has not closed is no evidence about them. (A NaN time stays in, to be rejected and counted.)
      else if (!(b.time + this.barMs > now)) plausible.push(b);
    }
    const result = validateBars(plausible, { file: `${this.source}:${symbol}`, barMs: this.barMs });
    this.sayTimes(symbol, refused, raw.length);
    for (const issue of [...result.rejected, ...result.quarantined].slice(0, MAX_LOGGED)) {
      this.logger?.warn({ source: this.source, symbol, row: issue.row, code: issue.code, severity: issue.severity }, `bar ${issue.severity}: ${issue.message}`);
    }
    return { bars: result.bars, rejected: refused.length + result.rejected.length, quarantined: result.quarantined.length };
  }

  /** One warning when a symbol's bars start to come with impossible times, one info line when that ends. */
  private sayTimes(symbol: string, refused: readonly BarIssue[], fetched: number): void {
    if (refused.length === 0) {
      if (this.badTimes.delete(symbol)) this.logger?.info({ source: this.source, symbol }, `${symbol}: bar times are plausible again`);
      return;
    }
    if (this.badTimes.has(symbol)) return;
    this.badTimes.add(symbol);
    const first = refused[0]!;
    this.logger?.warn(
      { source: this.source, symbol, code: first.code, refused: refused.length, fetched },
      `${symbol}: ${refused.length} of ${fetched} bars refused for their time, e.g. ${first.message}; they are not used until the exchange's times are plausible again (said once until then; check the exchange's status and this machine's clock)`,
    );
  }
}
