import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// rqalpha's example of CFFEX minutes (IF1706_20161108.csv): FIX-style names, the time of day as one number HHMMSSmmm,
// each minute stamped at its close (the morning's first 93100000, its last 113000000; the afternoon's first 130100000).
// Called positioning (its OpenInterest column), it was refused.
const HEADER = 'MDEntryTime,CalendarDate,OpeningPx,HighPx,LowPx,ClosingPx,OpenInterest,TotalVolumeTraded,TotalTurnover,LowLimitPx,HighLimitPx,RefrencePx,BasisSpread';
const ROWS = [
  '93100000,20161108,3209.8,3209.8,3209.8,3209.8,537,1,962940.0,2877.6,3516.8,3372.6206,-162.8206',
  '93200000,20161108,3215.8,3215.8,3215.8,3215.8,536,1,964740.0,2877.6,3516.8,3371.7776,-155.9776',
  '93300000,20161108,3215.8,3215.8,3215.8,3215.8,536,0,0.0,2877.6,3516.8,3369.8866,-154.0866',
  '113000000,20161108,3223.2,3223.2,3223.2,3223.2,546,0,0.0,2877.6,3516.8,3379.7756,-156.5756',
  '130100000,20161108,3223.2,3223.2,3223.2,3223.2,546,0,0.0,2877.6,3516.8,3383.3496,-160.1496',
  '130800000,20161108,3223.4,3223.6,3223.4,3223.6,548,2,1934100.0,2877.6,3516.8,3381.0416,-157.4416',
];

describe("rqalpha's CFFEX minutes", () => {
  it('are read as bars opening a minute before their stamp, on the exchange clock named', () => {
    const r = parseOhlcv([HEADER, ...ROWS].join('\n'), 'IF1706_20161108.csv', { now: Date.UTC(2024, 0, 1), timesIn: 'Asia/Shanghai' });
    expect(r.rejected).toEqual([]);
    // 09:30 in Shanghai is 01:30 UTC: the first minute opened when the session did.
    expect(r.bars.map((b) => new Date(b.time).toISOString().slice(11, 16))).toEqual(['01:30', '01:31', '01:32', '03:29', '05:00', '05:07']);
    expect(r.bars[5]).toMatchObject({ open: 3223.4, high: 3223.6, low: 3223.4, close: 3223.6, volume: 2 });
    expect(r.closeStampMs).toBe(60_000);
  });
});
