import type { RawBar } from './bar-validator.js';
import { visibleSplit } from './level-shift.js';

/**
 * A row of raw prices beside an "adjusted close" spelled out (Alpha Vantage's `adjusted_close` and
 * "5. adjusted close", EODHD's `Adjusted_close`: the close adjusted for every later split and dividend), read on the
 * adjusted scale: open, high and low scaled as the adjusted close scales the close, and the volume the other way, so
 * the value traded stays. Read raw, every row from a split on was quarantined as an unadjusted split. Each row is read
 * from its own fields only, whatever the rows after it hold. Yahoo's `Adj Close` is not such a column: its Close is
 * adjusted for splits already, and its Adj Close only for dividends. A row without a positive adjusted close stays raw.
 */
export function adjustedBy(bar: RawBar, adjustedClose: number): RawBar {
  if (!(adjustedClose > 0) || !(bar.close > 0) || !Number.isFinite(adjustedClose)) return bar;
  const k = adjustedClose / bar.close;
  bar.open *= k;
  bar.high *= k;
  bar.low *= k;
  bar.close = adjustedClose;
  bar.volume /= k;
  return bar;
}

/**
 * A CSV's adjusted-close columns. An `adjusted close` (Alpha Vantage, EODHD) puts each row on its scale. Yahoo's
 * `Adj Close` is never read as prices, but where it steps against the Close by a quarter or more from one row to the
 * next in time, a split shows there: Yahoo's download before May 2017 (`Date,Open,High,Low,Close,Volume,Adj Close`)
 * wrote raw prices beside an Adj Close adjusted for splits (Tencent 2014-05-15: the ratio from 0.199 to 0.996, 5:1),
 * where today's Close is adjusted for splits and the ratio moves by a dividend's few percent. That row then declares
 * the split, as a `Stock Splits` column would, so the validator knows it for one even when the day's move took it off
 * the exact ratio (read raw, Tencent's split was a 79 % fall kept in the series). Each row is judged from itself and
 * the row before it in time only: a later row never alters an earlier one.
 */
export class AdjustedColumns {
  private readonly adjusted: number;
  private readonly yahoo: number;
  private readonly yahooAdj: number[] = [];

  /** `names`: the header's column names as read (columnName). */
  constructor(names: readonly string[]) {
    this.adjusted = names.indexOf('adjusted close');
    this.yahoo = names.indexOf('adj close');
  }

  /** The row `bar` read from `fields`: on the adjusted close's scale when there is one. */
  read(bar: RawBar, fields: readonly (string | undefined)[]): RawBar {
    if (this.adjusted >= 0) return adjustedBy(bar, Number(fields[this.adjusted]));
    if (this.yahoo >= 0) this.yahooAdj.push(Number(fields[this.yahoo]));
    return bar;
  }

  /** `rows`, each the one `read` gave in its turn (in the file's order, either way in time), with the splits their Adj Close shows. */
  done(rows: RawBar[]): RawBar[] {
    if (this.yahooAdj.length !== rows.length) return rows;
    const ratio = (i: number) => this.yahooAdj[i]! / rows[i]!.close;
    const usable = (x: number) => x > 0 && Number.isFinite(x);
    const inTime = rows.map((_, i) => i).sort((a, b) => rows[a]!.time - rows[b]!.time);
    for (let j = 1; j < inTime.length; j++) {
      const [before, at] = [inTime[j - 1]!, inTime[j]!];
      const step = ratio(at) / ratio(before);
      if (usable(step) && rows[at]!.split === undefined && visibleSplit(step) !== undefined) rows[at]!.split = splitOf(step);
    }
    return rows;
  }
}

/** A ratio read off rounded prices as the split it is: 5 for 4.99999987, 0.2 for a 1:5 reverse split; else 3 digits. */
function splitOf(step: number): number {
  const n = step >= 1 ? step : 1 / step;
  const whole = Math.round(n);
  const ratio = Math.abs(n - whole) <= 0.02 * n ? whole : Number(n.toPrecision(3));
  return step >= 1 ? ratio : 1 / ratio;
}
