import { isoTime } from '../core/iso-time.js';
import type { Logger } from '../core/logger.js';
import type { Bar } from '../market/market-port.js';

/**
 * How far a quoted price may stand from the last closed bar's close before it is taken for a bad print: 8 σ of the
 * bars' recent close-to-close log returns, widened by √(bars elapsed since that close), at least 3 % and at most a
 * 4× move (past which the bar validator quarantines a close as a spike anyway). A quote outside it is not acted on
 * (no mark, no peak, no exit); the bars decide once they close, as they would in a backtest. A real crash of that size
 * is then exited at the bar's close, one bar late at most, where one bad tick could otherwise sell at a tenth of the
 * price.
 */
const SIGMAS = 8;
const MIN_BAND = Math.log(1.03);
const MAX_BAND = Math.log(4);
/** Returns needed for a σ worth the name; with fewer the band is the widest. */
const MIN_RETURNS = 5;

export interface OutOfBand {
  /** The last closed bar's close the price was measured against. */
  reference: number;
  /** Why the price is not trusted, for the log. */
  reason: string;
}

/** Undefined when `price` is plausible given `bars` (closed, validated, oldest first) at `now`; else why not. */
export function outOfBand(bars: readonly Readonly<Bar>[], price: number, barMs: number, now: number): OutOfBand | undefined {
  const last = bars.at(-1);
  if (!last || !(last.close > 0) || !(price > 0)) return undefined;
  const returns: number[] = [];
  for (let i = Math.max(1, bars.length - 100); i < bars.length; i++) {
    const r = Math.log(bars[i]!.close / bars[i - 1]!.close);
    if (Number.isFinite(r)) returns.push(r);
  }
  let band = MAX_BAND;
  if (returns.length >= MIN_RETURNS) {
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sigma = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1));
    const elapsed = barMs > 0 ? 1 + Math.max(0, (now - (last.time + barMs)) / barMs) : 1;
    band = Math.min(MAX_BAND, Math.max(MIN_BAND, SIGMAS * sigma * Math.sqrt(elapsed)));
  }
  const move = Math.log(price / last.close);
  if (Math.abs(move) <= band) return undefined;
  const pct = (x: number) => `${(100 * (Math.exp(x) - 1)).toFixed(1)} %`;
  return {
    reference: last.close,
    reason: `${pct(move)} from the last closed bar's close ${last.close}, beyond the ${pct(band)} its recent bars make plausible`,
  };
}

/** Bars without a sound close, every quote out of band meanwhile, after which the quotes are taken for the market. */
export const DOUBT_BARS = 5;

/**
 * The out-of-band episodes of held symbols (the position monitor's): each said once, and given up when no sound bar
 * has closed for DOUBT_BARS bars while every quote stayed out of band. The market did move then, and its bars were set
 * aside by the bar validator (a one-bar fall of 98 % reads as a 100x unit error): held on the last sound close, the
 * position had no stop and its mark overstated the equity for as long as that lasted.
 */
export class QuoteDoubts {
  private readonly episodes = new Map<string, { since: number; givenUp: boolean }>();

  constructor(private readonly logger: Logger) {}

  /** Forgets the episodes of symbols no longer held: a position opened there later starts with no doubt. */
  retain(held: (symbol: string) => boolean): void {
    for (const symbol of this.episodes.keys()) if (!held(symbol)) this.episodes.delete(symbol);
  }

  /** The doubt about `price` of `symbol` at `now` against its closed `bars`, or undefined when it is to be acted on. */
  judge(symbol: string, bars: readonly Readonly<Bar>[], price: number, barMs: number, now: number): OutOfBand | undefined {
    const doubt = outOfBand(bars, price, barMs, now);
    let episode = this.episodes.get(symbol);
    if (!doubt) {
      if (episode) this.logger.info({ symbol, price }, `${symbol} quoted in line with its bars again`);
      this.episodes.delete(symbol);
      return undefined;
    }
    if (!episode) {
      this.logger.warn({ symbol, price, reference: doubt.reference }, `${symbol} quoted at ${price}, ${doubt.reason}: taken for a bad print, so no stop, target or peak moves on it; its bars are judged as they close`);
      this.episodes.set(symbol, (episode = { since: now, givenUp: false }));
    }
    const quiet = barMs > 0 ? Math.min(now - episode.since, now - (bars.at(-1)!.time + barMs)) / barMs : 0;
    if (quiet < DOUBT_BARS) return doubt;
    if (!episode.givenUp) {
      episode.givenUp = true;
      this.logger.error(
        { symbol, price, reference: doubt.reference },
        `${symbol}: no sound bar for ${Math.floor(quiet)} bars and every quote since ${isoTime(episode.since)} out of band (now ${price}, ${doubt.reason}): its quote is taken for its market, so stops, targets and marks act on it. Its bars were set aside (see the bar warnings): check its market`,
      );
    }
    return undefined;
  }
}
