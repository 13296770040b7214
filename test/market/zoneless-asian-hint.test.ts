import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';

describe('zoneless intraday times of an Asian exchange', () => {
  it('are said to be read as UTC with the zone such an export is in named', async () => {
    // Five-minute bars from a Tokyo session as a Japanese broker's export writes them (09:00 open, no zone): the hint
    // named MetaTrader's, HistData's, Moscow's and New York's zones, and none a Japanese, Indian or Chinese user's.
    const rows = ['datetime,open,high,low,close,volume'];
    for (let d = 1; d <= 3; d++) for (let m = 0; m < 60; m += 5) rows.push(`2026-06-0${d} 09:${String(m).padStart(2, '0')}:00,100,101,99,100.5,1000`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneless-')), '6857.csv');
    writeFileSync(file, rows.join('\n'));
    const lines: string[] = [];
    await checkData(file, (l) => lines.push(l));
    const hint = lines.find((l) => l.startsWith('times: '));
    expect(hint).toMatch(/read as UTC/);
    expect(hint).toMatch(/Asia\/Tokyo/);
    expect(hint).toMatch(/Asia\/Kolkata/);
  });
});
