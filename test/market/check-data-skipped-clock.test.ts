import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/market/check-data.js';

const fileOf = (name: string, rows: readonly string[]): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'skipped-clock-')), name);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
};

const whatToDo = async (file: string, timesIn?: string): Promise<string | undefined> => {
  const lines: string[] = [];
  await checkData(file, (l) => lines.push(l), timesIn);
  return lines.find((l) => l.startsWith('  what to do (invalid-time)'));
};

describe('check-data on times a zone’s clocks skip', () => {
  it('says to name the file’s own zone, not to rewrite its dates', async () => {
    // Hourly bars on a fixed UTC+1 clock (an FX server's), read --times-in Europe/Berlin: 02:00 of 2023-03-26 is no
    // Berlin time. The row said so, then "what to do" said to rewrite the times as YYYY-MM-DD and spoke of two-digit years.
    const rows = ['Date,Open,High,Low,Close,Volume'];
    for (let h = 0; h < 6; h++) rows.push(`2023-03-26 0${h}:00,${100 + h},${102 + h},${99 + h},${101 + h},1`);
    const advice = await whatToDo(fileOf('eurusd-gmt1.csv', rows), 'Europe/Berlin');
    expect(advice).toMatch(/not on Europe\/Berlin's clock/);
    expect(advice).toMatch(/--times-in/);
    expect(advice).toMatch(/Etc\/GMT-1/);
    expect(advice).not.toMatch(/YYYY-MM-DD|two-digit year/);
  });

  it('keeps the advice to rewrite dates for times that cannot be read', async () => {
    const rows = ['Date,Open,High,Low,Close,Volume', '01/02/2024,10,11,9,10.5,100', '02/03/2024,10,11,9,10.5,100'];
    expect(await whatToDo(fileOf('slashed.csv', rows))).toMatch(/rewrite those times as YYYY-MM-DD/);
  });
});
