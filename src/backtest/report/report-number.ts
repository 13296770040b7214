/**
 * One rule for every number the report writes, so the same record gives the same bytes and no float noise
 * (0.30000000000000004) reaches a file: 12 significant digits, -0 as 0, and no value (NaN, ±Infinity) as null.
 */
export function reportNumber(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  const rounded = Number(x.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}

/**
 * A value as the store records it (a fill's quantity, price and fee) for the CSVs: 15 significant digits, every
 * decimal a double holds exactly (a lot-stepped 714531415498.807, a file's price), without the binary noise of the
 * 16th and 17th. At 12, fills.csv wrote 714531415499 of the 714531415498.807 bought. Empty when not finite.
 */
export function recordedNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const rounded = Number(x.toPrecision(15));
  return String(rounded === 0 ? 0 : rounded);
}

/** For figures that are always defined (a count, an equity): a non-finite value is a bug upstream, written as 0. */
export function reportFinite(x: number): number {
  return reportNumber(x) ?? 0;
}

export function reportNullable(x: number | null): number | null {
  return x === null ? null : reportNumber(x);
}

/** Epoch ms as ISO 8601 UTC (`2024-01-02T00:00:00.000Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
