/**
 * Coinbase's candles API answers `[time, low, high, open, close, volume]`, not `[time, open, high, low, close, volume]`.
 * Saved as it came and read in the usual order, nine rows in ten were rejected ("open outside [low, high]") and the
 * run covered a tenth of the file. The file's own rows tell the two orders apart: in Coinbase's, the second and third
 * numbers bound the fourth and fifth on every row; read in the usual order, most rows would then have an open below
 * their low. A file in the usual order fits Coinbase's only where every bar opened at its low, and then reads the same.
 */

const MIN_ROWS = 10;

const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);

/** True when the array rows are in Coinbase's [time, low, high, open, close, volume] order. */
export function isLowHighOpenClose(rows: readonly unknown[]): boolean {
  let arrays = 0;
  let lowHighFits = 0;
  let usualFits = 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 5) continue;
    const [a, b, c, d] = [num(row[1]), num(row[2]), num(row[3]), num(row[4])];
    if (![a, b, c, d].every(Number.isFinite)) continue;
    arrays++;
    if (a <= Math.min(c, d) && b >= Math.max(c, d)) lowHighFits++;
    if (b >= Math.max(a, d) && c <= Math.min(a, d)) usualFits++;
  }
  // Every row fits Coinbase's order, and most do not fit the usual one (a flat bar fits both).
  return arrays >= MIN_ROWS && lowHighFits === arrays && usualFits < arrays / 2;
}

/**
 * Bitfinex's and KuCoin's candles are `[time, open, close, high, low, volume, ...]`: read in the usual order every row
 * was refused ('high below low'). Told apart the same way: the fourth and fifth numbers bound the second and third on
 * every row, and most rows do not fit the usual order.
 */
export function isOpenCloseHighLow(rows: readonly unknown[]): boolean {
  let arrays = 0;
  let fits = 0;
  let usualFits = 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 5) continue;
    const [a, b, c, d] = [num(row[1]), num(row[2]), num(row[3]), num(row[4])];
    if (![a, b, c, d].every(Number.isFinite)) continue;
    arrays++;
    if (c >= Math.max(a, b) && d <= Math.min(a, b)) fits++;
    if (b >= Math.max(a, d) && c <= Math.min(a, d)) usualFits++;
  }
  return arrays >= MIN_ROWS && fits === arrays && usualFits < arrays / 2;
}
