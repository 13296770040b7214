import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { isLowHighOpenClose } from '../../src/market/candle-order.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const ADA = path.join(DIR, 'freqtrade__ADA_BTC-5m.json');

describe("Coinbase's candles ([time, low, high, open, close, volume], newest first, epoch seconds)", () => {
  it('read as the same bars as the usual order', () => {
    const usual = JSON.parse(readFileSync(ADA, 'utf8')) as number[][];
    const coinbase = usual.map(([t, o, h, l, c, v]) => [t! / 1000, l, h, o, c, v]).reverse();
    const expected = parseOhlcv(JSON.stringify(usual), 'ada.json');
    const loaded = parseOhlcv(JSON.stringify(coinbase), 'ada-coinbase.json');
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toHaveLength(usual.length);
    expect(loaded.bars).toEqual(expected.bars);
  });

  it('reads every earlier candle the same whatever later candles hold (no look-ahead)', () => {
    const usual = JSON.parse(readFileSync(ADA, 'utf8')) as number[][];
    const coinbase = usual.map(([t, o, h, l, c, v]) => [t! / 1000, l, h, o, c, v]).reverse();
    // Newest first: the candles after the last one, saved in the usual order, lead the file. Judged from every row,
    // they read every earlier candle in the usual order, and nine in ten were refused.
    const step = (usual[1]![0]! - usual[0]![0]!) / 1000;
    const last = coinbase[0]!;
    const later = [1, 2, 3].map((k) => [last[0]! + k * step, 1.2 * last[4]!, 1.3 * last[4]!, 1.1 * last[4]!, 1.25 * last[4]!, 5]).reverse();
    const expected = parseOhlcv(JSON.stringify(coinbase), 'ada-coinbase.json');
    const loaded = parseOhlcv(JSON.stringify([...later, ...coinbase]), 'ada-coinbase-later.json');
    expect(loaded.bars.slice(0, expected.bars.length)).toEqual(expected.bars);
  });

  it("takes none of the shared JSON files, in the usual order, for Coinbase's", () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(isLowHighOpenClose(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as unknown[]), name).toBe(false);
    }
  });
});
