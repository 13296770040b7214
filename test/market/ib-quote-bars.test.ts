import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
// ib_insync's util.df of bars requested with whatToShow='MIDPOINT', saved by to_csv(index=False).
const HEADER = 'date,open,high,low,close,volume,average,barCount';

describe('Interactive Brokers’ bars of quotes (volume, average and barCount -1)', () => {
  it('reads a volume of -1 on every row as no volume, not as a negative volume on each', () => {
    const text = [HEADER, '2023-08-08,247.475,250.93,245.02,249.62,-1.0,-1.0,-1', '2023-08-09,250.975,250.995,241.935,242.205,-1.0,-1.0,-1'].join('\n');
    const r = parseOhlcv(text, 'TSLA.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2023, 7, 8), 247.475, 250.93, 245.02, 249.62, 0],
      [Date.UTC(2023, 7, 9), 250.975, 250.995, 241.935, 242.205, 0],
    ]);
  });

  it('a -1 among real volumes is still a bad row', () => {
    const text = [HEADER, '2023-08-08,247.475,250.93,245.02,249.62,1200,248.1,50', '2023-08-09,250.975,250.995,241.935,242.205,-1,-1,-1'].join('\n');
    const r = parseOhlcv(text, 'TSLA.csv', NOW);
    expect(r.rejected.map((i) => [i.row, i.code])).toEqual([[3, 'negative-volume']]);
  });

  it('reads each row by the rows before it: a real volume later in the file refuses no row before it', () => {
    // Asked of the whole file, one later row with a volume (bars of trades appended to the quotes) made every -1 before
    // it a negative volume: all the earlier rows were refused.
    const quotes = [HEADER, '2023-08-08,247.475,250.93,245.02,249.62,-1.0,-1.0,-1', '2023-08-09,250.975,250.995,241.935,242.205,-1.0,-1.0,-1'];
    const r = parseOhlcv([...quotes, '2023-08-10,245.35,251.79,243.005,245.37,118000,247.1,900'].join('\n'), 'TSLA.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.slice(0, 2)).toEqual(parseOhlcv(quotes.join('\n'), 'TSLA.csv', NOW).bars);
    expect(r.bars[2]!.volume).toBe(118_000);
  });
});
