import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// The Moscow Exchange's ISS history as pandas-datareader saves it: low before high, a row per board on each date.
const HEADER = 'TRADEDATE,BOARDID,SHORTNAME,SECID,NUMTRADES,VALUE,OPEN,LOW,HIGH,LEGALCLOSEPRICE,WAPRICE,CLOSE,VOLUME,MARKETPRICE2';
const row = ([date, open, high, low, close, , volume]: string[], board: string) =>
  `${date},${board},Аэрофлот,AFLT,100,1.5,${open},${low},${high},${close},${close},${close},${volume},${close}`;

describe("the Moscow Exchange's ISS history (TRADEDATE, BOARDID, OPEN,LOW,HIGH)", () => {
  it("one board's rows read as the same bars", () => {
    const loaded = parseOhlcv([HEADER, ...rows.map((r) => row(r, 'TQBR'))].join('\n'), 'AFLT-moex.csv', NOW);
    // It was refused whole: 'header "TRADEDATE,BOARDID,..." has no date column'.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a row per board on each date is refused whole, saying to keep the main board, not read as the first board of each date', () => {
    const lines = rows.slice(0, 3).flatMap((r) => [row(r, 'TQBR'), row(r, 'SMAL')]);
    expect(() => parseOhlcv([HEADER, ...lines].join('\n'), 'AFLT-moex.csv', NOW)).toThrow(/more than one board for \S+ in its BOARDID column \(TQBR on row 2, SMAL on row 3\).*keep the main board's rows \(e\.g\. awk -F, 'NR==1 \|\| \$2=="TQBR"'/);
  });
});

describe("the ISS's own CSV (the table's name and a blank line before a header separated by semicolons)", () => {
  it("says to keep the main board's rows in the file's separator, its header kept", () => {
    const lines = rows.slice(0, 2).flatMap((r) => [row(r, 'TQBR'), row(r, 'SMAL')].map((l) => l.replace(/,/g, ';')));
    const text = ['history', '', HEADER.replace(/,/g, ';'), ...lines, '', 'history.cursor', '', 'INDEX;TOTAL;PAGESIZE', '0;4;100'].join('\n');
    // The command said awk -F, 'NR==1 || ...': split by commas, no row matched, and the header line was lost.
    expect(() => parseOhlcv(text, 'SBER.csv', NOW)).toThrow(`awk -F';' 'NR<=3 || $2=="TQBR"' SBER.csv`);
  });
});
