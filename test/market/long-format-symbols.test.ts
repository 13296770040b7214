import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// tidyquant's tq_get() saved by write_csv: every symbol's rows in one long file. The refusal said to split it, not how.
const FANG = 'symbol,date,open,high,low,close,volume,adjusted\nFB,2013-01-02,27.440001,28.18,27.42,28,69846400,28\nFB,2013-01-03,27.879999,28.469999,27.59,27.77,63140600,27.77\nAMZN,2013-01-02,256.079987,258.100006,253.259995,257.309998,3271000,257.309998\n';

describe('a long file of several symbols', () => {
  it('is refused with a command keeping the first symbol’s rows under the header', () => {
    expect(() => parseOhlcv(FANG, 'FANG.csv')).toThrow(/one symbol per file; .*\(e\.g\. awk -F, 'NR==1 \|\| \$1=="FB" \|\| \$1=="\\"FB\\""' FANG\.csv > FB\.csv, then FB=FB\.csv\)/);
  });

  it('reads FinRL’s tic column as the symbol (every Dow stock’s row on each date)', () => {
    const finrl = ',date,tic,open,high,low,close,volume,day\n0,2020-07-01,AAPL,91.28,91.84,90.98,91.03,110737200.0,2.0\n0,2020-07-01,AMGN,235.52,256.23,232.58,236.68,6575800.0,2.0\n1,2020-07-02,AAPL,91.96,92.62,90.91,91.03,114041600.0,3.0\n';
    expect(() => parseOhlcv(finrl, 'trade_data.csv')).toThrow(/holds more than one symbol in its tic column \(AAPL on row 2, AMGN on row 3\)/);
  });

  it('names the separator and the lines up to the header when they are not a comma and one line', () => {
    const text = 'title\nsymbol;date;open;high;low;close\nX;2024-01-02;1;2;0.5;1.5\nY;2024-01-02;1;2;0.5;1.5\n';
    expect(() => parseOhlcv(text, 'x.csv')).toThrow(/awk -F';' 'NR<=2 \|\| \$1=="X"/);
  });
});
