import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

// Sierra Chart's chart export: the bar's Open, High, Low, Last, then its studies' columns, a study charting its own
// Open, High, Low and Close (values around zero).
const HEADER =
  'Date, Time, Open, High, Low, Last, Volume, # of Trades, OHLC Avg, HLC Avg, HL Avg, Bid Volume, Ask Volume, Open, High, Low, Close';
const ROWS = [
  '2023-8-28, 02:00:00.000000, 15728, 15745, 15721, 15741, 126, 119, 15734, 15736, 15733, 52, 74, 0, 25, -9, 22',
  '2023-8-28, 02:30:00.000000, 15741, 15747, 15734, 15741, 96, 94, 15741, 15741, 15741, 50, 46, 22, 38, 16, 18',
  '2023-8-28, 03:00:00.000000, 15743, 15764, 15743, 15762, 211, 189, 15753, 15756, 15754, 124, 87, 18, 29, -21, -19',
];

describe("Sierra Chart's export, with a study's Open, High, Low, Close after the bar's columns", () => {
  it("reads the bar's prices, Last as the close (each row was refused: the study's Close outside the range)", () => {
    const loaded = parseOhlcv([HEADER, ...ROWS].join('\n'), 'F.US.DDU24 30 Min GraphData.txt', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.barMs).toBe(30 * 60_000);
    expect(loaded.bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [15728, 15745, 15721, 15741, 126],
      [15741, 15747, 15734, 15741, 96],
      [15743, 15764, 15743, 15762, 211],
    ]);
    expect(loaded.bars[0]!.time).toBe(Date.UTC(2023, 7, 28, 2, 0));
  });
});
