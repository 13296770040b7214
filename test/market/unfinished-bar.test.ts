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

  it("is left out of JSON bars too (OKX's candles, confirm \"0\"; OANDA's, complete false)", () => {
    // OKX's daily candles saved by a fetch script: the last one, fetched mid-day, has confirm "0" and was read as finished.
    const day = 86_400_000;
    const okx = { symbol: 'LINK-USDT-SWAP', period: '1D', data: [0, 1, 2].map((i) => ({ ts: Date.UTC(2026, 7, 19, 16) + i * day, time: `2026-08-${19 + i} 16:00:00`, open: 11 + i, high: 12 + i, low: 10 + i, close: 11.5 + i, vol: 1000, confirm: i === 2 ? '0' : '1' })) };
    const loaded = parseOhlcv(JSON.stringify(okx), 'okx-LINK-1D.json', { now: Date.UTC(2026, 7, 21, 18) });
    expect(loaded.bars).toHaveLength(2);
    expect(loaded.bars.at(-1)!.time).toBe(Date.UTC(2026, 7, 20, 16));
    expect(loaded.rejected).toEqual([expect.objectContaining({ row: 3, code: 'unfinished-bar', message: expect.stringContaining('confirm "0"') })]);
    const oanda = [0, 1].map((i) => ({ time: new Date(Date.UTC(2024, 0, 2 + i)).toISOString(), o: 1.1, h: 1.2, l: 1, c: 1.15, v: 10, complete: i === 0 }));
    expect(parseOhlcv(JSON.stringify(oanda), 'oanda.json', NOW).rejected).toEqual([expect.objectContaining({ row: 2, code: 'unfinished-bar' })]);
  });
});
