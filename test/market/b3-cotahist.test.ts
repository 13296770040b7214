import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError, parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 0, 1) };
/** A COTAHIST line of one security and day, fixed-width as B3 writes it (prices in hundredths, 245 characters). */
function quote(date: string, ticker: string, [open, high, low, avg, close]: number[], shares: number): string {
  const price = (p: number) => String(Math.round(p * 100)).padStart(13, '0');
  const line = `01${date}02${ticker.padEnd(12)}010${'PETROBRAS'.padEnd(12)}${'PN      N2'.padEnd(13)}R$  ${[open, high, low, avg, close, close, close].map((p) => price(p!)).join('')}${'1'.padStart(5, '0')}${String(shares).padStart(18, '0')}${String(shares * close!).padStart(18, '0')}`;
  return line.padEnd(245, '0');
}

describe("B3's COTAHIST file (fixed-width, every security of a day)", () => {
  const text = [
    '00COTAHIST.2021BOVESPA 20210625'.padEnd(245),
    quote('20210624', 'ABEV3', [17.5, 17.9, 17.4, 17.7, 17.83], 1000),
    quote('20210624', 'PETR4', [29.0, 29.8, 28.9, 29.4, 29.69], 2000),
    quote('20210625', 'ABEV3', [17.83, 18.0, 16.95, 17.2, 16.95], 1100),
    quote('20210625', 'PETR4', [29.69, 29.79, 28.95, 29.41, 29.1], 84950900),
    '99COTAHIST.2021BOVESPA 2021062500000000006'.padEnd(245),
  ].join('\n');

  it('is named, with a command that keeps one ticker as CSV, where its fourth line was quoted as a header without columns', () => {
    let message = '';
    try {
      parseOhlcv(text, 'COTAHIST_A2021.TXT', NOW);
    } catch (error) {
      expect(error).toBeInstanceOf(DataFileError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/is B3's COTAHIST file/);
    expect(message).not.toMatch(/has no date/);
    // The command it gives, run on the file, makes one ticker's bars that read back as the file's prices.
    const dir = mkdtempSync(path.join(tmpdir(), 'cotahist-'));
    writeFileSync(path.join(dir, 'COTAHIST_A2021.TXT'), text);
    const command = /e\.g\. (awk .*> ABEV3\.csv)/.exec(message)?.[1];
    expect(command).toBeDefined();
    execFileSync('sh', ['-c', command!], { cwd: dir });
    const loaded = parseOhlcv(readFileSync(path.join(dir, 'ABEV3.csv'), 'utf8'), 'ABEV3.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2021, 5, 24), 17.5, 17.9, 17.4, 17.83, 1000],
      [Date.UTC(2021, 5, 25), 17.83, 18, 16.95, 16.95, 1100],
    ]);
  });

  it('says to unzip the file first where it came zipped, as B3 serves it', () => {
    expect(() => parseOhlcv(text, 'COTAHIST_A2021.ZIP', NOW)).toThrow(/e\.g\. unzip -p COTAHIST_A2021\.ZIP \| awk 'BEGIN.*\}' > ABEV3\.csv/);
  });
});
