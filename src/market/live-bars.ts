import { isoTime } from '../core/iso-time.js';
import type { Logger } from '../core/logger.js';
import type { Bar } from './market-port.js';
import { validateBars, type BarIssue, type RawBar } from './bar-validator.js';
import { liveTimeIssue } from './live-bar-time.js';
import { SaidBars } from './said-bars.js';

/**
 * A live source's latest bars, fetched again at every scan, made into the bars the port promises: times that cannot
 * be true are refused (live-bar-time.ts), the candle still forming at the clock's now is dropped (exchanges return it;
 * the port promises closed bars only), and every closed bar is validated against the bars before it.
 * What is wrong is said once: a bad bar when first seen and again only when it changes (SaidBars), and bars refused for
 * their time once per symbol while it lasts (all the window's bars are so while an exchange writes seconds), with an
 * info line when the times are plausible again.
 * A quarantine is final: the window moves on at every fetch, and a bar judged against the bars before it would be
 * judged again without them once they leave the window (a spike at the window's first row has nothing to jump from,
 * and the sound bar after it would then look like the spike). So a bar quarantined once, with the same prices, is
 * left out before the window is validated, for as long as it stays in the window.
 */

/** Bad bars logged one by one per fetch at most; the rest of a fetch are counted in one line. */
const MAX_LOGGED = 20;

export interface LiveBarsResult {
  bars: Bar[];
  /** Bad bars not seen before (each bar is counted once while it stays in the window). */
  newlyRejected: number;
  newlyQuarantined: number;
}

export class LiveBars {
  private readonly said = new SaidBars();
  /** Quarantined bars, by time and prices: kept out of every later window while they stay in it. */
  private readonly quarantined = new SaidBars();
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
    let oldest = Infinity;
    for (const b of raw) {
      if (b.time < oldest) oldest = b.time;
      const issue = liveTimeIssue(b.time, now, this.barMs);
      if (issue) refused.push({ file: `${this.source}:${symbol}`, row: b.row, time: b.time, code: issue.code, severity: 'rejected', message: issue.message });
      // The forming candle is dropped before validation: each bar is judged against the bars before it only, and a
      // bar that has not closed is no evidence about them. (A NaN time stays in, to be rejected and counted.)
      else if (!(b.time + this.barMs > now) && !this.quarantined.has(symbol, pricesOf(b))) plausible.push(b);
    }
    const result = validateBars(plausible, { file: `${this.source}:${symbol}`, barMs: this.barMs });
    if (Number.isFinite(oldest)) {
      this.said.forgetBefore(symbol, oldest);
      this.quarantined.forgetBefore(symbol, oldest);
    }
    // Rows are numbered by their place in the fetch (1-based), as CcxtMarket numbers them; else looked up.
    const barOf = (row: number) => (raw[row - 1]?.row === row ? raw[row - 1] : raw.find((r) => r.row === row));
    for (const issue of result.quarantined) {
      const bar = barOf(issue.row);
      if (bar) this.quarantined.first(symbol, pricesOf(bar), bar.time);
    }
    const fresh = (issue: BarIssue) => this.said.first(symbol, keyOf(issue, barOf(issue.row)), issue.time ?? NaN);
    const newRefused = refused.filter(fresh);
    const newRejected = result.rejected.filter(fresh);
    const newQuarantined = result.quarantined.filter(fresh);
    this.sayTimes(symbol, refused, raw.length);
    const told = [...newRejected, ...newQuarantined];
    for (const issue of told.slice(0, MAX_LOGGED)) {
      this.logger?.warn(
        { source: this.source, symbol, barTime: isoTime(issue.time), code: issue.code, severity: issue.severity },
        `${symbol}: bar of ${isoTime(issue.time)} ${issue.severity}: ${issue.message}`,
      );
    }
    if (told.length > MAX_LOGGED) this.logger?.warn({ source: this.source, symbol, more: told.length - MAX_LOGGED }, `${symbol}: ${told.length - MAX_LOGGED} more bad bars in this fetch, not logged one by one`);
    return { bars: result.bars, newlyRejected: newRefused.length + newRejected.length, newlyQuarantined: newQuarantined.length };
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

const pricesOf = (b: RawBar) => `${b.time}|${b.open},${b.high},${b.low},${b.close},${b.volume}`;

/** A bad bar's identity: its time, its prices and the verdict on it (a stretch's issue names where the stretch began). */
function keyOf(issue: BarIssue, bar: RawBar | undefined): string {
  const prices = bar ? `${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}` : '';
  return `${issue.time}|${issue.code}|${issue.since?.time ?? ''}|${prices}`;
}
