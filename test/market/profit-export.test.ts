import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
const HEADER = 'Ativo;Data;Hora;Abertura;Máximo;Mínimo;Fechamento;Volume;Quantidade';

// Profit's (Nelogica's) export as Brazilian traders save it: newest first, day-first dates, the time in a column of its
// own, decimal commas, the money traded as Volume and the contracts as Quantidade. Made-up numbers.
describe('Profit’s export (Ativo;Data;Hora;Abertura;Máximo;Mínimo;Fechamento;Volume;Quantidade)', () => {
  const text = [
    HEADER,
    'DOLX;14/01/2025;10:02:00;4.912,500;4.914,000;4.911,000;4.913,500;47.167.600,00;960',
    'DOLX;14/01/2025;10:01:00;4.910,000;4.913,000;4.909,500;4.912,500;1.228.125.000,00;1.250.000',
    'DOLX;14/01/2025;10:00:00;4.908,000;4.911,500;4.907,000;4.910,000;19.640.000,00;400',
  ].join('\n');

  it('reads Fechamento as the close and the date with its Hora, oldest first', () => {
    const r = parseOhlcv(text, 'DOLX_F_0_1min.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [Date.UTC(2025, 0, 14, 10, 0), 4908, 4911.5, 4907, 4910],
      [Date.UTC(2025, 0, 14, 10, 1), 4910, 4913, 4909.5, 4912.5],
      [Date.UTC(2025, 0, 14, 10, 2), 4912.5, 4914, 4911, 4913.5],
    ]);
  });

  it('takes Quantidade, the contracts traded, for the volume, not Volume, the money traded', () => {
    const r = parseOhlcv(text, 'DOLX_F_0_1min.csv', NOW);
    expect(r.bars.map((b) => b.volume)).toEqual([400, 1250000, 960]);
  });

  it('reads a point before three digits alone as grouping thousands where the file writes decimal commas (index futures)', () => {
    const index = [
      HEADER,
      'INDX;14/01/2025;10:01:00;121.050;121.120;120.985;121.100;302.750.000,00;12.503',
      'INDX;14/01/2025;10:00:00;121.000;121.060;120.940;121.050;48.420.000,00;2.000',
    ].join('\n');
    const r = parseOhlcv(index, 'INDX_F_0_1min.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [121000, 121060, 120940, 121050, 2000],
      [121050, 121120, 120985, 121100, 12503],
    ]);
  });
});

describe('points grouping thousands, judged from the rows at the file’s oldest end', () => {
  it('keeps a point before three digits a decimal where those rows write decimal points', () => {
    const r = parseOhlcv('Date;Open;High;Low;Close;Volume\n2024-01-02;1.085;1.092;1.081;1.09;100\n2024-01-03;1.09;1.095;1.088;1.094;200\n', 'eurusd.csv', NOW);
    expect(r.bars.map((b) => [b.open, b.close])).toEqual([
      [1.085, 1.09],
      [1.09, 1.094],
    ]);
  });

  it('a decimal point only after those rows does not change how an earlier row reads', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `2024-01-${String(i + 2).padStart(2, '0')};121.050;121.120;120.985;121.100;48.420.000,00`);
    const text = ['Date;Open;High;Low;Close;Value', ...rows, '2024-01-22;121.10;121.15;121.05;121.12;1.000,00'].join('\n');
    const r = parseOhlcv(text, 'late-point.csv', NOW);
    expect(r.bars[0]!.open).toBe(121050);
  });
});
