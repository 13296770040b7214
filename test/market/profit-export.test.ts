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
});
