import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };

describe('a Turkish header written in capitals (TARİH, AÇILIŞ, YÜKSEK, DÜŞÜK, KAPANIŞ, HACİM)', () => {
  it('is read as its lower-case names are', () => {
    const rows = ['2024-01-02,10.5,11,10.2,10.8,1000', '2024-01-03,10.8,11.2,10.6,11,1200'];
    const upper = parseOhlcv(['TARİH,AÇILIŞ,YÜKSEK,DÜŞÜK,KAPANIŞ,HACİM', ...rows].join('\n'), 'THYAO.csv', NOW);
    const lower = parseOhlcv(['Tarih,Açılış,Yüksek,Düşük,Kapanış,Hacim', ...rows].join('\n'), 'THYAO.csv', NOW);
    // Lower-cased, TARİH keeps a combining dot and AÇILIŞ loses its dotless ı: refused as having no date, open or close.
    expect(upper.bars).toEqual(lower.bars);
    expect(upper.bars.map((b) => [b.open, b.close, b.volume])).toEqual([[10.5, 10.8, 1000], [10.8, 11, 1200]]);
  });
});
