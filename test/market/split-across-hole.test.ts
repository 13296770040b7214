import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

function hours(day: string, from: number, closes: number[]): string[] {
  return closes.map((c, i) => `${day} ${String(from + i).padStart(2, '0')}:00,${c},${c * 1.01},${c * 0.99},${c},1000`);
}

describe('a split’s ratio across a hole in the file (SunPower’s hours: 67.30 in 2008, 8.60 in 2011, nothing between)', () => {
  it('the quarantine says how far apart the two rows are', () => {
    const rows = [...hours('2008-09-29', 9, [68, 67.5, 67.3]), ...hours('2011-11-17', 9, [8.6, 8.7, 8.65])];
    const r = parseOhlcv(['Date,Open,High,Low,Close,Volume', ...rows].join('\n'), 'spwr.csv', NOW);
    expect(r.quarantined.length).toBe(3);
    expect(r.quarantined[0]!.message).toContain('is the jump of a 8:1 split, 1144 days after it with no row between (the price may have moved that far by itself)');
  });

  it('the same jump from one hour to the next says nothing of a hole', () => {
    const rows = hours('2008-09-29', 9, [68, 67.5, 67.3, 8.6, 8.7, 8.65]);
    const r = parseOhlcv(['Date,Open,High,Low,Close,Volume', ...rows].join('\n'), 'spwr.csv', NOW);
    expect(r.quarantined[0]!.message).toContain('is the jump of a 8:1 split');
    expect(r.quarantined[0]!.message).not.toContain('days after it');
  });
});
