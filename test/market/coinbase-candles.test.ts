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

  it("takes none of the shared JSON files, in the usual order, for Coinbase's", () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(isLowHighOpenClose(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as unknown[]), name).toBe(false);
    }
  });
});
