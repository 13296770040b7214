import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

describe('Deriv’s candles (epoch, close, high, low, open)', () => {
  it('reads a CSV dated by its `epoch` column, as scripts save the answer (keys in alphabetical order)', () => {
    const text = ['close,epoch,high,low,open', '107944.9751,2025-06-22 04:18:00,108050.9024,107896.1775,107928.6966', '108117.5119,2025-06-22 04:19:00,108117.5119,107966.5814,107972.1474'].join('\n');
    const r = parseOhlcv(text, 'R_100.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [Date.UTC(2025, 5, 22, 4, 18), 107928.6966, 108050.9024, 107896.1775, 107944.9751],
      [Date.UTC(2025, 5, 22, 4, 19), 107972.1474, 108117.5119, 107966.5814, 108117.5119],
    ]);
  });

  it('reads the JSON answer, its `epoch` in seconds', () => {
    const text = JSON.stringify({ candles: [{ close: 103087.7193, epoch: 1750811160, high: 103105.1082, low: 103020.3463, open: 103081.3158 }, { close: 103259.457, epoch: 1750811220, high: 103272.2958, low: 103084.6219, open: 103097.0974 }], msg_type: 'candles' });
    const r = parseOhlcv(text, 'R_100.json', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.close])).toEqual([
      [1750811160000, 103081.3158, 103087.7193],
      [1750811220000, 103097.0974, 103259.457],
    ]);
  });
});
