import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

// A NEPSE (Nepal) price-history table saved as it is shown: tab-separated, a row counter, newest first, the close named
// LTP (the last traded price), prices with a decimal point and quantities grouped by commas.
const TABLE = [
  '#\tDate\tLTP\t% Change\tHigh\tLow\tOpen\tQty.\tTurnover',
  '1\t2023/02/02\t810.40\t-0.58\t825.00\t802.00\t815.10\t67,366\t55,040,183.50',
  '2\t2023/02/01\t815.10\t0.82\t823.00\t802.00\t802.00\t58,462\t47,607,453.90',
  '3\t2023/01/31\t808.50\t-0.42\t820.00\t803.60\t815.00\t87,591\t71,083,403.60',
].join('\n');

describe("NEPSE's price history table", () => {
  it('reads LTP as the close (it was refused as having no close column)', () => {
    const loaded = parseOhlcv(TABLE, 'NICA.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [Date.UTC(2023, 0, 31), 815, 820, 803.6, 808.5],
      [Date.UTC(2023, 1, 1), 802, 823, 802, 815.1],
      [Date.UTC(2023, 1, 2), 815.1, 825, 802, 810.4],
    ]);
  });

  it("reads Qty. as the volume, its commas grouping thousands (a tab-separated file's \"67,366\" was read as 67.366)", () => {
    expect(parseOhlcv(TABLE, 'NICA.csv', NOW).bars.map((b) => b.volume)).toEqual([87591, 58462, 67366]);
  });

  it('still reads decimal commas in a semicolon file', () => {
    const german = ['Datum;Eröffnung;Hoch;Tief;Schluss;Volumen', '2023-01-31;815,00;820,00;803,60;808,50;87591', '2023-02-01;802,00;823,00;802,00;815,10;58462'].join('\n');
    expect(parseOhlcv(german, 'de.csv', NOW).bars.map((b) => [b.open, b.close])).toEqual([[815, 808.5], [802, 815.1]]);
  });
});
