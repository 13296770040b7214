import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

describe("TradeStation's intraday export", () => {
  it('("Date","Time","Open","High","Low","Close","Up","Down", MM/DD/YYYY) reads the volume as Up plus Down', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      const up = Math.floor(Number(volume) / 3);
      return `${m}/${d}/${y},00:00,${open},${high},${low},${close},${up},${Number(volume) - up}`;
    });
    const loaded = parseOhlcv(['"Date","Time","Open","High","Low","Close","Up","Down"', ...lines].join('\r\n'), 'ORCL.txt', NOW);
    // The volume was 0 on every bar: the file has no column named volume.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a volume column, when there is one, stays the volume', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},${volume},1,2`);
    expect(parseOhlcv(['Date,Open,High,Low,Close,Volume,Up,Down', ...lines].join('\n'), 'v.csv', NOW).bars).toEqual(original);
  });
});
