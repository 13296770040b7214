import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };

describe("bars keyed by symbol (Alpaca's multi-symbol answer, {\"bars\": {\"ORCL\": [...]}})", () => {
  const text = readFileSync(ORCL, 'utf8').trim();
  const bars = text.split('\n').slice(1).map((r) => {
    const [date, o, h, l, c, , v] = r.split(',');
    return { t: `${date!}T00:00:00Z`, o: Number(o), h: Number(h), l: Number(l), c: Number(c), v: Number(v), n: 1, vw: Number(c) };
  });

  it("reads the one symbol's bars as the CSV's", () => {
    const loaded = parseOhlcv(JSON.stringify({ bars: { ORCL: bars }, next_page_token: null }), 'orcl-alpaca.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(parseOhlcv(text, 'orcl.csv', NOW).bars);
  });

  it('refuses several symbols in one file, naming them', () => {
    expect(() => parseOhlcv(JSON.stringify({ bars: { ORCL: bars, MSFT: bars }, next_page_token: null }), 'two.json', NOW)).toThrow(
      "OHLCV file two.json holds 2 symbols' bars (ORCL, MSFT): one symbol per file",
    );
  });
});
