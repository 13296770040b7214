import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };

describe('a bar its source marks as still forming', () => {
  it('is left out with its reason, the finished bars kept (Tinkoff’s candles saved by pandas)', () => {
    // LKOH's hours end on a bar saved at 20:00 while it formed (is_complete False): it was read as a finished bar.
    const rows = ['date,close_price,open_price,high_price,low_price,is_complete,volume'];
    for (let h = 7; h <= 20; h++) rows.push(`2024-02-15 ${String(h).padStart(2, '0')}:00:00+00:00,${7200 + h},${7199 + h},${7200.5 + h},${7198.5 + h},${h === 20 ? 'False' : 'True'},4554`);
    const loaded = parseOhlcv(rows.join('\n'), 'LKOH.csv', NOW);
    expect(loaded.bars).toHaveLength(13);
    expect(loaded.bars.at(-1)!.time).toBe(Date.UTC(2024, 1, 15, 19));
    expect(loaded.rejected).toEqual([expect.objectContaining({ row: 15, code: 'unfinished-bar', message: expect.stringContaining('is_complete False') })]);
  });
});
