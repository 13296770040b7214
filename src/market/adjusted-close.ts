import type { RawBar } from './bar-validator.js';

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
