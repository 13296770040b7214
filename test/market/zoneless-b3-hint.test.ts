import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';

describe('zoneless intraday times of Brazil’s exchange (B3)', () => {
  it('are said to be read as UTC with São Paulo’s zone named', async () => {
    // One-minute bars of a B3 future as Profit exports them (09:00 open, no zone): of the zones named, Tokyo's 09:00
    // open was the one such a file matched. Made-up prices.
    const rows = ['Ativo;Data;Hora;Abertura;Máximo;Mínimo;Fechamento;Volume;Quantidade'];
    for (let m = 30; m >= 0; m--) rows.push(`DOLX;14/01/2025;09:${String(m).padStart(2, '0')}:00;4.910,000;4.912,000;4.909,000;4.911,000;9.820.000,00;400`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneless-')), 'DOLX_F_0_1min.csv');
    writeFileSync(file, rows.join('\n'));
    const lines: string[] = [];
    await checkData(file, (l) => lines.push(l));
    const hint = lines.find((l) => l.startsWith('times: '));
    expect(hint).toMatch(/read as UTC/);
    expect(hint).toMatch(/America\/Sao_Paulo/);
  });
});
