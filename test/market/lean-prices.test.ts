import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { checkData } from '../../src/market/check-data.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
// Lean's SPY daily bars as its data folder holds them (equity/usa/daily/spy.zip): prices in hundredths of a cent.
const SPY = ['20130102 00:00,1452500,1462600,1440100,1461200,137214200', '20130103 00:00,1461100,1465300,1454000,1458100,108838200', '20130104 00:00,1461300,1467100,1457600,1464100,89740000'];

describe('QuantConnect Lean’s equity files (prices in hundredths of a cent)', () => {
  it('reads their whole-number prices divided by 10,000, and says so', () => {
    const r = parseOhlcv(SPY.join('\n') + '\n', 'spy.csv', NOW);
    expect(r.leanEquityPrices).toBe(true);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2013, 0, 2), 145.25, 146.26, 144.01, 146.12, 137214200],
      [Date.UTC(2013, 0, 3), 146.11, 146.53, 145.4, 145.81, 108838200],
      [Date.UTC(2013, 0, 4), 146.13, 146.71, 145.76, 146.41, 89740000],
    ]);
  });

  it('judges the layout by the first rows: later decimal prices do not rescale the earlier ones (no look-ahead)', () => {
    // 30 rows in Lean's equity layout, then 10 with decimal prices (a quarter of the file): judged by the whole file, the
    // 30 were read as prices of 1.45 million.
    const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2013, 0, 2 + i)).toISOString().slice(0, 10).replace(/-/g, ''));
    const text = days.map((d, i) => (i < 30 ? `${d} 00:00,1452500,1462600,1440100,1461200,137214200` : `${d} 00:00,145.25,146.26,144.01,146.12,137214200`)).join('\n');
    const r = parseOhlcv(text + '\n', 'spy.csv', NOW);
    expect(r.leanEquityPrices).toBe(true);
    expect(r.bars[0]!.close).toBe(146.12);
    expect(r.bars[29]!.close).toBe(146.12);
  });

  it('leaves their forex files, and whole numbers under a header, as written', () => {
    // Lean's forex layout is the same with prices as they stand.
    const fx = parseOhlcv('20070330 00:00,0.67934,0.68071,0.67801,0.67912\n20070402 00:00,0.67912,0.68020,0.67760,0.67840\n', 'eurgbp.csv', NOW);
    expect(fx.leanEquityPrices).toBeUndefined();
    expect(fx.bars[0]!.open).toBe(0.67934);
    // A won-priced stock with a header is a price as it stands.
    const won = parseOhlcv('Date,Open,High,Low,Close,Volume\n20240102 00:00,138000,139500,136000,137500,3000000\n', 'hynix.csv', NOW);
    expect(won.leanEquityPrices).toBeUndefined();
    expect(won.bars[0]!.close).toBe(137500);
  });

  it('check-data names the layout and the unadjusted prices', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lean-')), 'spy.csv');
    writeFileSync(file, SPY.join('\n') + '\n');
    const lines: string[] = [];
    expect(await checkData(file, (l) => void lines.push(l))).toBe(0);
    expect(lines).toContain("prices: QuantConnect Lean's equity layout (no header, yyyyMMdd HH:mm, whole numbers): read in hundredths of a cent, divided by 10,000. Lean keeps them unadjusted, its splits and dividends in factor files: a split is quarantined from its day on unless you adjust the file first");
  });
});
