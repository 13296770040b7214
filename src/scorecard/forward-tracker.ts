/**
 * Scorecards, live: each discussed bar (a verdict on a model opportunity, which names its bar) waits here until its
 * symbol's series shows the bars `horizon` after it; then close(i + h) / close(i) − 1 is written to the store's
 * forward_returns, once per horizon. Only returns already realised are ever written, so a scorecard read at time t
 * uses nothing after t. Pending bars are bounded: the oldest are dropped (counted, recorded lost) beyond `maxPending`.
 * A bar that left the scan's window before its returns were known (a downtime, a source down, a horizon past the
 * window) is read back from the market once its horizons have closed (catchUp); one that cannot be read back is
 * recorded lost with the reason, never left pending for good.
 */
import type { VerdictEvent } from '../domain/events.js';
import type { Logger } from '../core/logger.js';
import { errorMessage } from '../core/errors.js';
import type { Bar, MarketData } from '../market/market-port.js';
import type { ForwardReturnRepository } from '../store/forward-return-repository.js';
import type { AwaitingReturns } from './awaiting-returns.js';
import { dueAfter, pace, shortestGap } from './read-back-due.js';

/** The most bars read back for one symbol at once (the position monitor's bound for its stops). */
export const MAX_READ_BACK_BARS = 5_000;

/** Why a return can never be known (forward_returns_lost.reason; `conclave scorecard` counts them by reason). */
export const LOST_GONE = 'the market no longer keeps its bars';
export const LOST_TOO_FAR = `its bar is more than ${MAX_READ_BACK_BARS} bars back, past what is read back`;
export const LOST_HOLE = 'its bar is missing from the market’s bars';

/** How many discussed bars may wait for their returns at once (the oldest beyond are dropped, or at a start recorded lost). */
export const MAX_WAITING = 10_000;
export const lostBeyondReason = (limit: number): string => `more than ${limit} discussed bars lacked a return at the start: the older ones are not read back`;
export const lostDroppedReason = (limit: number): string => `more than ${limit} discussed bars waited for their forward returns at once: the oldest were dropped, not followed`;

/** The horizons, in the symbol's bars, that scorecards are kept at. */
export const SCORECARD_HORIZONS: readonly number[] = Object.freeze([1, 5, 20]);

interface Pending {
  opportunityId: string;
  symbol: string;
  barTime: number;
  /** Horizons not yet written (or learned from). */
  horizons: number[];
  /** The horizons whose returns go to the store (not the learner's own): the followed ones, or what a restart resumed. */
  written: readonly number[];
  /** The agents' stances, for the adaptive weights. */
  stances: { role: string; stance: number }[];
  /** News: when it was decided, after `barTime` (the newest bar seen) closed; scored from the first close at or after it. */
  decidedAt?: number;
  /** Set once its bar left the scan's window: the bar time of the last bar its horizons need, read back from then. */
  due?: number;
}

/** What learns from realised returns (the chief's adaptive weights). */
export interface ReturnLearner {
  /** window: how many stances per role it keeps (what a restart reads back of the store); all when absent. */
  readonly options: { horizonBars: number; window?: number };
  record(role: string, stance: number, forward: number): void;
}

export class ForwardTracker {
  private readonly pending: Pending[] = [];
  /** Per symbol, how many of `pending` are its: a symbol with none skips the scan (observe runs per symbol and bar). */
  private readonly waiting = new Map<string, number>();
  private readonly seen = new Set<string>();
  /** Per symbol, the newest bar observed and the bar length its series showed: when read-backs are due, and how far. */
  private readonly newest = new Map<string, { time: number; spacing: number }>();
  dropped = 0;

  constructor(
    private readonly store: Pick<ForwardReturnRepository, 'recordForwardReturn' | 'recordLostReturn'>,
    private readonly logger: Logger,
    private readonly horizons: readonly number[] = SCORECARD_HORIZONS,
    private readonly maxPending = MAX_WAITING,
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
    const news = o.barTime === undefined ? { decidedAt: event.decidedAt } : {};
    this.add(Object.assign({ opportunityId: o.id, symbol: o.symbol, barTime, horizons, written: this.horizons, stances }, news));
    while (this.pending.length > this.maxPending) {
      const old = this.pending.shift()!;
      this.counted(old.symbol, -1);
      this.seen.delete(old.opportunityId);
      // Recorded lost, so the scorecard tells a return that will never come from one not yet due.
      for (const h of old.horizons) if (old.written.includes(h)) this.store.recordLostReturn(old.opportunityId, h, lostDroppedReason(this.maxPending), event.decidedAt);
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.logger.warn({ dropped: this.dropped, maxPending: this.maxPending }, 'scorecards: too many bars waiting for their forward returns; the oldest were dropped unscored, recorded lost (conclave scorecard counts them)');
      }
    }
  }

  /** The horizons it writes, and how many bars may wait: what a restart reads back (awaitingForwardReturns). */
  get wants(): { horizons: readonly number[]; limit: number } {
    return { horizons: this.horizons, limit: this.maxPending };
  }

  /** What the learner learns from (its horizon and window), when there is one: what a restart reads back for it. */
  get learning(): ReturnLearner['options'] | undefined {
    return this.learner?.options;
  }

  /** Teaches the learner what a previous run had learned (stored stances with realised returns, oldest first). */
  relearn(learned: readonly { role: string; stance: number; forward: number }[]): void {
    if (this.learner) for (const s of learned) this.learner.record(s.role, s.stance, s.forward);
  }

  /**
   * Bars a previous run discussed and left waiting (oldest first): they wait again, for the horizons still missing
   * (a horizon no longer followed too, for the bars discussed while it was). With a learner, `stancesOf` gives their
   * stances, learned from once realised, as they would have been without the restart.
   */
  resume(waiting: readonly AwaitingReturns[], stancesOf?: (opportunityId: string) => { role: string; stance: number }[]): void {
    for (const w of waiting) {
      if (this.seen.has(w.opportunityId) || this.pending.length >= this.maxPending) continue;
      this.seen.add(w.opportunityId);
      const news = w.decidedAt !== undefined ? { decidedAt: w.decidedAt } : {};
      const learns = this.learner !== undefined && stancesOf !== undefined && w.missing.includes(this.learner.options.horizonBars);
      const stances = learns ? stancesOf(w.opportunityId) : [];
      this.add(Object.assign({ opportunityId: w.opportunityId, symbol: w.symbol, barTime: w.barTime, horizons: [...w.missing], written: w.missing, stances }, news));
    }
  }

  /** Writes the forward returns `series` (one symbol's latest closed bars, oldest first) makes known. */
  observe(symbol: string, series: readonly Bar[], now: number): void {
    if (series.length === 0 || this.pending.length === 0) return;
    this.newest.set(symbol, { time: series.at(-1)!.time, spacing: barSpacing(series) });
    if (!this.waiting.has(symbol)) return;
    for (let k = this.pending.length - 1; k >= 0; k--) {
      const p = this.pending[k]!;
      if (p.symbol !== symbol || p.due !== undefined) continue;
      const i = indexOfTime(series, p.barTime);
      if (i < 0) {
        // The bar left the window the scanner fetches: it is read back once its horizons have closed (catchUp). Every
        // bar of the window came after it, so at most its horizon less the window's bars are still to come. Before,
        // the wait was its horizon × the gap of the window's last two bars: three times too long when that was a
        // weekend, and too short by the weekends otherwise.
        if (series[0]!.time > p.barTime) {
          const left = Math.max(...p.horizons) + (p.decidedAt !== undefined ? 1 : 0) - series.length;
          p.due = left > 0 ? dueAfter(series.at(-1)!.time, left, pace(series), shortestGap(series)) : series.at(-1)!.time;
        }
        continue;
      }
      if (this.score(p, series, baseIndex(p, series, i, barSpacing(series)), now)) this.forget(k);
    }
  }

  /**
   * Reads back from `market` the bars of the discussed bars that left the scan's window, for each symbol whose awaited
   * horizons have closed by the newest bar observed, bounded by MAX_READ_BACK_BARS, and scores them. What
   * the market no longer keeps is recorded lost, with the reason. A read that fails is tried again after the next scan.
   */
  async catchUp(market: Pick<MarketData, 'bars' | 'barMs'>, now: number, signal?: AbortSignal): Promise<void> {
    const symbols = new Set(this.pending.filter((p) => p.due !== undefined).map((p) => p.symbol));
    for (const symbol of symbols) {
      const seen = this.newest.get(symbol);
      if (seen === undefined) continue;
      const last = seen.time;
      const behind = this.pending.filter((p) => p.symbol === symbol && p.due !== undefined && p.due <= last);
      if (behind.length === 0) continue;
      const oldest = Math.min(...behind.map((p) => p.barTime));
      const spacing = market.barMs?.(symbol) ?? seen.spacing;
      const needed = spacing > 0 ? Math.ceil((last - oldest) / spacing) + 1 : Infinity;
      const wanted = Math.min(MAX_READ_BACK_BARS, needed);
      let bars: Bar[];
      try {
        bars = await market.bars(symbol, wanted, signal);
      } catch (error) {
        this.logger.warn({ symbol, err: errorMessage(error), bars: wanted }, 'scorecards: the bars to score discussed bars that left the scan’s window could not be read back; tried again after the next scan');
        continue;
      }
      let scored = 0;
      const lost = new Map<string, number>();
      const done = new Set<Pending>();
      for (const p of behind) {
        const i = indexOfTime(bars, p.barTime);
        const reason = i >= 0 ? undefined : bars.length === 0 || bars[0]!.time > p.barTime ? (needed > wanted ? LOST_TOO_FAR : LOST_GONE) : LOST_HOLE;
        if (reason === undefined) {
          const base = baseIndex(p, bars, i, spacing);
          if (!this.score(p, bars, base, now)) {
            // Not all its bars are there yet: read again when the bars still missing may have closed (dueAfter).
            // Before, the next bar was awaited: on a stock's daily bars a horizon past the window was read back, and
            // logged, at every bar for the last part of its wait.
            p.due = dueAfter(bars.at(-1)!.time, base + Math.max(...p.horizons) - (bars.length - 1), pace(bars, base), spacing > 0 ? spacing : shortestGap(bars));
            continue;
          }
          scored++;
        } else {
          for (const h of p.horizons) if (p.written.includes(h)) this.store.recordLostReturn(p.opportunityId, h, reason, now);
          lost.set(reason, (lost.get(reason) ?? 0) + 1);
        }
        done.add(p);
      }
      for (const p of done) {
        this.seen.delete(p.opportunityId);
        this.counted(p.symbol, -1);
      }
      this.pending.splice(0, this.pending.length, ...this.pending.filter((p) => !done.has(p)));
      const said = { symbol, read: bars.length, scored, lost: Object.fromEntries(lost) };
      // A read-back that found none of its bars' horizons closed yet has nothing to say.
      if (scored === 0 && lost.size === 0) continue;
      if (lost.size > 0) this.logger.warn(said, 'scorecards: discussed bars that left the scan’s window were read back; some cannot be scored and are recorded lost, with the reason (conclave scorecard)');
      else this.logger.info(said, 'scorecards: discussed bars that left the scan’s window were read back and scored');
    }
  }

  /** Writes the returns `series` makes known of `p` (its bar at `i`); whether none is left to wait for. */
  private score(p: Pending, series: readonly Bar[], i: number, now: number): boolean {
    // Most observations find nothing realised yet: no new array for those (this runs per symbol and bar).
    let ready = false;
    for (let j = 0; j < p.horizons.length; j++) if (i + p.horizons[j]! < series.length) ready = true;
    if (!ready) return false;
    const base = series[i]!.close;
    p.horizons = p.horizons.filter((h) => {
      const later = series[i + h];
      if (!later) return true;
      if (!(base > 0)) return false;
      const forward = later.close / base - 1;
      if (p.written.includes(h)) this.store.recordForwardReturn(p.opportunityId, h, forward, now);
      if (this.learner && h === this.learner.options.horizonBars) for (const s of p.stances) this.learner.record(s.role, s.stance, forward);
      return false;
    });
    return p.horizons.length === 0;
  }

  private forget(k: number): void {
    const p = this.pending[k]!;
    this.seen.delete(p.opportunityId);
    this.counted(p.symbol, -1);
    this.pending.splice(k, 1);
  }

  private add(p: Pending): void {
    this.pending.push(p);
    this.counted(p.symbol, 1);
  }

  private counted(symbol: string, change: number): void {
    const n = (this.waiting.get(symbol) ?? 0) + change;
    if (n > 0) this.waiting.set(symbol, n);
    else this.waiting.delete(symbol);
  }
}

/** The bar length `series` shows (its last two bars), 0 for a single bar. */
function barSpacing(series: readonly Bar[]): number {
  return series.length >= 2 ? series.at(-1)!.time - series.at(-2)!.time : 0;
}

/**
 * The bar a return is counted from: `p`'s own (`i`), or for news decided after it closed, the next, whose close is the
 * first at or after the decision (news at 14:00 on daily bars: that day's close). From the close before, a move the
 * panel never saw, made before it spoke, was scored as its call. The backtest report counts the same (forwardReturn).
 */
function baseIndex(p: Pending, bars: readonly Bar[], i: number, spacing: number): number {
  if (p.decidedAt === undefined) return i;
  const next = bars[i + 1];
  const close = next && next.time < bars[i]!.time + spacing ? next.time : bars[i]!.time + spacing;
  return close < p.decidedAt ? i + 1 : i;
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
