import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2025, 0, 1) };

// CoinMarketCap's historical-data export: the day's open and close times first, then the prices, and a `timestamp`
// that repeats the close (newest first, with a byte-order mark).
const CMC = [
  '\uFEFFtimeOpen,timeClose,timeHigh,timeLow,name,open,high,low,close,volume,marketCap,timestamp',
  '"2024-09-10T00:00:00.000Z","2024-09-10T23:59:59.999Z","2024-09-10T18:46:00.000Z","2024-09-10T04:40:00.000Z","2781",4.0164894188,4.0756406207,3.9423768705,4.0401986618,151488396.07,4540845143.39,"2024-09-10T23:59:59.999Z"',
  '"2024-09-09T00:00:00.000Z","2024-09-09T23:59:59.999Z","2024-09-09T21:17:00.000Z","2024-09-09T00:00:00.000Z","2781",3.7507839377,4.0778157423,3.7507839377,4.0164894188,216893421.19,4512775069.18,"2024-09-09T23:59:59.999Z"',
  '"2024-09-08T00:00:00.000Z","2024-09-08T23:59:59.999Z","2024-09-08T20:03:00.000Z","2024-09-08T01:12:00.000Z","2781",3.6105,3.8021,3.5711,3.7508,180000000.00,4300000000.00,"2024-09-08T23:59:59.999Z"',
].join('\n');

describe("CoinMarketCap's export (timeOpen,timeClose,timeHigh,timeLow,name,open,...,timestamp)", () => {
  it('dates each bar by its timeOpen, the start of its day, not by the timestamp that repeats its close', () => {
    const r = parseOhlcv(CMC, 'near-cmc.csv', NOW);
    expect(r.rejected).toEqual([]);
    // Read by `timestamp`, the bars were 2024-09-08T23:59:59.999Z ... : each seen a day late.
    expect(r.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2024-09-08T00:00:00.000Z', '2024-09-09T00:00:00.000Z', '2024-09-10T00:00:00.000Z']);
    expect(r.bars[2]).toMatchObject({ open: 4.0164894188, high: 4.0756406207, low: 3.9423768705, close: 4.0401986618, volume: 151488396.07 });
  });
});
