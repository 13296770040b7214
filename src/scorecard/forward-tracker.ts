/**
 * Scorecards, live: each discussed bar (a verdict on a model opportunity, which names its bar) waits here until its
 * symbol's series shows the bars `horizon` after it; then close(i + h) / close(i) − 1 is written to the store's
 * forward_returns, once per horizon. Only returns already realised are ever written, so a scorecard read at time t
 * uses nothing after t. Pending bars are bounded: the oldest are dropped (and counted) beyond `maxPending`.
 */
import type { VerdictEvent } from '../domain/events.js';
import type { Logger } from '../core/logger.js';
import type { Bar } from '../market/market-port.js';
import type { ForwardReturnRepository } from '../store/forward-return-repository.js';
import type { AwaitingReturns } from './awaiting-returns.js';

/** The horizons, in the symbol's bars, that scorecards are kept at. */
export const SCORECARD_HORIZONS: readonly number[] = Object.freeze([1, 5, 20]);

interface Pending {
  opportunityId: string;
  symbol: string;
  barTime: number;
  /** Horizons not yet written. */
  horizons: number[];
  /** The agents' stances, for the adaptive weights. */
  stances: { role: string; stance: number }[];
}

/** What learns from realised returns (the chief's adaptive weights). */
export interface ReturnLearner {
  readonly options: { horizonBars: number };
  record(role: string, stance: number, forward: number): void;
}

export class ForwardTracker {
  private readonly pending: Pending[] = [];
  private readonly seen = new Set<string>();
  dropped = 0;

  constructor(
    private readonly store: Pick<ForwardReturnRepository, 'recordForwardReturn'>,
    private readonly logger: Logger,
    private readonly horizons: readonly number[] = SCORECARD_HORIZONS,
    private readonly maxPending = 10_000,
    private readonly learner?: ReturnLearner,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /** A verdict's bar starts waiting for its forward returns: its opportunity's bar, or for news the newest bar seen. */
  onVerdict(event: VerdictEvent): void {
    const o = event.opportunity;
    const barTime = o.barTime ?? event.basisBarTime;
    if (barTime === undefined || this.seen.has(o.id)) return;
    this.seen.add(o.id);
    const stances = this.learner ? event.outcomes.flatMap((x) => (x.status === 'ok' && x.signal ? [{ role: x.role, stance: x.signal.stance }] : [])) : [];
    const horizons = [...new Set([...this.horizons, ...(this.learner ? [this.learner.options.horizonBars] : [])])];
    this.pending.push({ opportunityId: o.id, symbol: o.symbol, barTime, horizons, stances });
    while (this.pending.length > this.maxPending) {
      const old = this.pending.shift()!;
      this.seen.delete(old.opportunityId);
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.logger.warn({ dropped: this.dropped, maxPending: this.maxPending }, 'scorecards: too many bars waiting for their forward returns; the oldest were dropped unscored');
      }
    }
  }

  /** The horizons it writes, and how many bars may wait: what a restart reads back (awaitingForwardReturns). */
  get wants(): { horizons: readonly number[]; limit: number } {
    return { horizons: this.horizons, limit: this.maxPending };
  }

  /**
   * Bars a previous run discussed and left waiting (oldest first): they wait again, for the horizons still missing.
   * Their stances are not learned from (the adaptive weights learn from this run's discussions).
   */
  resume(waiting: readonly AwaitingReturns[]): void {
    for (const w of waiting) {
      if (this.seen.has(w.opportunityId) || this.pending.length >= this.maxPending) continue;
      this.seen.add(w.opportunityId);
      this.pending.push({ opportunityId: w.opportunityId, symbol: w.symbol, barTime: w.barTime, horizons: [...w.missing], stances: [] });
    }
  }

  /** Writes the forward returns `series` (one symbol's latest closed bars, oldest first) makes known. */
  observe(symbol: string, series: readonly Bar[], now: number): void {
    if (series.length === 0 || this.pending.length === 0) return;
    for (let k = this.pending.length - 1; k >= 0; k--) {
      const p = this.pending[k]!;
      if (p.symbol !== symbol) continue;
      const i = indexOfTime(series, p.barTime);
      if (i < 0) {
        // The bar fell out of the window the scanner fetches: what is left cannot be known any more.
        if (series[0]!.time > p.barTime) this.forget(k);
        continue;
      }
      // Most observations find nothing realised yet: no new array for those (this runs per symbol and bar).
      let ready = false;
      for (let j = 0; j < p.horizons.length; j++) if (i + p.horizons[j]! < series.length) ready = true;
      if (!ready) continue;
      const base = series[i]!.close;
      p.horizons = p.horizons.filter((h) => {
        const later = series[i + h];
        if (!later) return true;
        if (!(base > 0)) return false;
        const forward = later.close / base - 1;
        if (this.horizons.includes(h)) this.store.recordForwardReturn(p.opportunityId, h, forward, now);
        if (this.learner && h === this.learner.options.horizonBars) for (const s of p.stances) this.learner.record(s.role, s.stance, forward);
        return false;
      });
      if (p.horizons.length === 0) this.forget(k);
    }
  }

  private forget(k: number): void {
    this.seen.delete(this.pending[k]!.opportunityId);
    this.pending.splice(k, 1);
  }
}

/** Index of the bar opening at `time` in `bars` (sorted by time), or −1. */
function indexOfTime(bars: readonly Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = bars[mid]!.time;
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
