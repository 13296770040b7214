/**
 * Databento's prices in its CSV without `pretty_px`: fixed-point whole numbers of a billionth (ES at 4,500,000,000,000),
 * which read as they stand made a position of a billionth of a contract. Its pretty prices always carry a decimal point.
 */
export const DATABENTO_PRICE_MULTIPLE = 1_000_000_000;

/** Whether a file under Databento's record header (`rtype`, `publisher_id`) writes the prices of its first row as whole numbers. */
export function databentoFixedPrices(names: readonly string[], sample: readonly string[] | undefined, prices: readonly number[]): boolean {
  const header = names.map((n) => n.trim().toLowerCase());
  if (!header.includes('rtype') || !header.includes('publisher_id') || sample === undefined) return false;
  return prices.every((i) => /^\d+$/.test(sample[i]?.trim() ?? ''));
}
