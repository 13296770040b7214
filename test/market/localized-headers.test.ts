import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const day = (d: number) => Date.UTC(2026, 2, d);

describe('headers in the language of the site the file came from', () => {
  it("reads stooq.pl's Polish columns (Data, Otwarcie, Najwyzszy, Najnizszy, Zamkniecie, Wolumen), semicolons and decimal commas too", () => {
    // As stooq.pl exports an index or a Warsaw stock: every such file was refused for having no date column.
    const comma = 'Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie,Wolumen\n2026-03-18,3379.99,3408.97,3338.2,3338.2,29911477\n2026-03-19,3315.79,3315.79,3275.95,3277.8,15096549\n';
    const semicolon = 'Data;Otwarcie;Najwyzszy;Najnizszy;Zamkniecie;Wolumen\n18.03.2026;3379,99;3408,97;3338,2;3338,2;29911477\n19.03.2026;3315,79;3315,79;3275,95;3277,8;15096549\n';
    for (const text of [comma, semicolon]) {
      const r = parseOhlcv(text, 'wig20_d.csv', NOW);
      expect(r.rejected).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
        [day(18), 3379.99, 3408.97, 3338.2, 3338.2, 29_911_477],
        [day(19), 3315.79, 3315.79, 3275.95, 3277.8, 15_096_549],
      ]);
    }
  });

  it('reads the German columns of finanzen.net and onvista exports (Datum, Eröffnung or Erster, Hoch, Tief, Schluss or Schlusskurs, Volumen)', () => {
    for (const header of ['Datum;Eröffnung;Hoch;Tief;Schluss;Volumen', 'Datum;Erster;Hoch;Tief;Schlusskurs;Stuecke;Volumen']) {
      const wide = header.includes('Stuecke');
      const rows = ['18.03.2026;14,384;14,389;14,192;14,235', '19.03.2026;14,235;14,300;14,100;14,250'].map((r) => `${r}${wide ? ';120' : ''};1.500`);
      const r = parseOhlcv([header, ...rows].join('\n'), 'tecdax.csv', NOW);
      expect(r.rejected, header).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close]), header).toEqual([
        [day(18), 14.384, 14.389, 14.192, 14.235],
        [day(19), 14.235, 14.3, 14.1, 14.25],
      ]);
    }
  });
});
