import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataFileError, loadOhlcvFile, parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const file = (name: string) => path.join(DIR, name);

describe('shared OHLCV files', () => {
  const files = readdirSync(DIR);
  it.each(files)('%s loads with ascending valid bars', async (name) => {
    const r = await loadOhlcvFile(file(name));
    // The bad-split file keeps its 9 bars before the split (adapted: it kept the 13 after it, a look-ahead).
    expect(r.bars.length).toBeGreaterThan(name.includes('bad-stock-split') ? 8 : 10);
    expect(r.barMs).toBeGreaterThan(0);
    for (let i = 1; i < r.bars.length; i++) expect(r.bars[i]!.time).toBeGreaterThan(r.bars[i - 1]!.time);
    expect(r.rejected).toEqual([]);
  });

  it('catches the 100x unit error in ASAI.L', async () => {
    const r = await loadOhlcvFile(file('yfinance__ASAI-L-1h-bad-unit.csv'));
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]).toMatchObject({ row: 13, code: 'unit-error', time: Date.UTC(2024, 9, 24, 15) });
    expect(r.quarantined[0]!.file).toContain('ASAI');
    expect(r.bars).toHaveLength(19);
    expect(r.barMs).toBe(3_600_000);
  });

  it('catches the unadjusted split in 4063.T and reverses the newest-first file', async () => {
    const r = await loadOhlcvFile(file('yfinance__4063-T-1d-bad-stock-split.csv'));
    expect(r.descending).toBe(true);
    // Adapted (look-ahead): the rows before the split (15..23) were quarantined; now those from it on (2..14) are.
    expect(r.quarantined).toHaveLength(13);
    expect(new Set(r.quarantined.map((q) => q.code))).toEqual(new Set(['unadjusted-split']));
    expect(r.quarantined.map((q) => q.row).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(r.quarantined.every((q) => q.since?.time === Date.UTC(2023, 2, 28, 15))).toBe(true); // 2023-03-29 00:00 +09:00
    expect(r.bars[r.bars.length - 1]!.time).toBe(Date.UTC(2023, 2, 27, 15));
    expect(r.bars.every((b) => b.close > 19_000)).toBe(true);
  });

  it('reads the separate time column of backtrader files', async () => {
    const r = await loadOhlcvFile(file('backtrader__2006-01-02-volume-min-001.txt'));
    expect(r.bars).toHaveLength(30_889);
    expect(r.bars[0]).toEqual({ time: Date.UTC(2006, 0, 2, 9, 1), open: 3602, high: 3603, low: 3597, close: 3599, volume: 5699 });
    expect(r.barMs).toBe(60_000);
    expect(r.gaps.filter((g) => g.kind === 'gap').length).toBeGreaterThan(500);
  });

  it('reads unnamed index columns and JSON arrays', async () => {
    const goog = await loadOhlcvFile(file('backtesting.py__GOOG.csv'));
    expect(goog.bars[0]).toMatchObject({ time: Date.UTC(2004, 7, 19), open: 100, close: 100.34 });
    expect(goog.barMs).toBe(86_400_000);
    const ada = await loadOhlcvFile(file('freqtrade__ADA_BTC-5m.json'));
    expect(ada.format).toBe('json');
    expect(ada.bars).toHaveLength(5720);
    expect(ada.gaps.some((g) => g.missingBars >= 33)).toBe(true); // the 2 h 50 min outage
  });

  it('keeps time-zone offsets across a DST change', async () => {
    const r = await loadOhlcvFile(file('yfinance__ASAI-L-1h-bad-unit.csv'));
    expect(r.bars.at(-1)!.time).toBe(Date.UTC(2024, 9, 30, 14));
  });
});

describe('parseOhlcv', () => {
  it('says which column it read as the time, and a header repeated by joined files as such', () => {
    const header = 'Time,Open,High,Low,Close,Volume';
    const joined = parseOhlcv([header, '2024-01-01,1,2,0.5,1.5,10', header, '2024-01-02,1,2,0.5,1.5,10', 'yesterday,1,2,0.5,1.5,3'].join('\n'), 'joined.csv');
    expect(joined.rejected.map((r) => [r.row, r.message])).toEqual([
      [3, 'repeats the header line: files put one after the other? Not a bar'],
      [5, expect.stringMatching(/^time "yesterday" in column "Time" is not a date this reader knows/)],
    ]);
    expect(joined.bars).toHaveLength(2);
  });

  it('rejects malformed rows with their line numbers', () => {
    const csv = 'Date,Open,High,Low,Close,Volume\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1,2\n2024-01-03,x,2,0.5,1.5,1\nnot-a-date,1,2,0.5,1.5,1\n2024-01-04,1,2,0.5,1.5,10\n';
    const r = parseOhlcv(csv, 'mem.csv');
    expect(r.rejected.map((x) => [x.row, x.code])).toEqual([
      [3, 'malformed-row'],
      [4, 'non-finite'],
      [5, 'invalid-time'],
    ]);
    expect(r.rejected[2]!.message).toMatch(/^time "not-a-date" in column "Date" is not a date this reader knows; expected YYYY-MM-DD/);
    expect(r.bars).toHaveLength(2);
    const slashed = parseOhlcv('Date,Open,High,Low,Close\n01/03/2024,1,2,0.5,1.5\n', 'us.csv');
    // Its writing is known, its order is not: the message said it was no date this reader knows (Euronext, every day up to the 12th).
    expect(slashed.rejected[0]!.message).toMatch(/^time "01\/03\/2024" in column "Date" is in a file whose dates \(with slashes or dashes, the year last\) cannot be read: no date .*day-first and month-first cannot be told apart; rewrite them as YYYY-MM-DD$/);
  });

  it('reads an empty volume as none and thousands grouped by commas, and quotes a price it cannot read', () => {
    // Each of these rejected every row of a real export: an empty volume, a quoted "22,351,900".
    const blank = parseOhlcv('Date,Open,High,Low,Close,Volume\n2024-01-01,1,2,0.5,1.5,\n2024-01-02,1,2,0.5,1.5,\n', 'blank.csv');
    expect(blank.rejected).toEqual([]);
    expect(blank.bars.map((b) => b.volume)).toEqual([0, 0]);
    const grouped = parseOhlcv('Date,Open,High,Low,Close,Volume\n2024-01-01,"1,234.5","1,300",1200,1250,"22,351,900"\n', 'grouped.csv');
    expect(grouped.rejected).toEqual([]);
    expect(grouped.bars[0]).toMatchObject({ open: 1234.5, high: 1300, close: 1250, volume: 22_351_900 });
    const euro = parseOhlcv('Date;Open;High;Low;Close;Volume\n2024-01-01;100,5;101;99;100;10\n2024-01-02;null;null;null;null;null\n2024-01-03;100;101;99;100;2.18M\n', 'euro.csv');
    // Between semicolons a comma is a decimal comma (test/market/ohlcv-decimal-comma.test.ts).
    expect(euro.rejected.map((r) => [r.row, r.code, r.message])).toEqual([[3, 'non-finite', 'open "null" is not a number: no price on this row']]);
    expect(euro.bars[0]!.open).toBe(100.5);
    // A volume abbreviated as Investing.com writes it.
    expect(euro.bars.map((b) => b.volume)).toEqual([10, 2_180_000]);
    expect(parseOhlcv('Date,Open,High,Low,Close,Volume\n2024-01-01,1,2,0.5,1.5,12x\n', 'x.csv').rejected[0]!.message).toBe('volume "12x" is not a number');
  });

  it("reads an API's JSON answer: one-letter keys, and the bars wrapped in an object", () => {
    const bars = '[{"t":"2024-01-01T05:00:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":10},{"t":1704171600000,"o":1,"h":2,"l":0.5,"c":1.5,"v":10}]';
    for (const text of [bars, `{"bars":${bars},"symbol":"X","next_page_token":null}`, `{"results":${bars},"resultsCount":2}`]) {
      const r = parseOhlcv(text, 'api.json');
      expect(r.rejected, text).toEqual([]);
      expect(r.bars.map((b) => b.time), text).toEqual([Date.UTC(2024, 0, 1, 5), Date.UTC(2024, 0, 2, 5)]);
      expect(r.bars[0], text).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    }
    // A bar without a time beside bars with one is that row's fault; bars none of which has one, the file's (json-bar-names).
    const timeless = parseOhlcv('[{"t":1704171600000,"o":1,"h":2,"l":0.5,"c":1.5},{"open":1,"high":2,"low":0.5,"close":1.5}]', 'x.json');
    expect(timeless.rejected[0]!.message).toBe('element 2 has no time (time, timestamp, date, datetime, t, startedAt, start, openTime or time_period_start)');
    expect(() => parseOhlcv('{"a":[],"b":[]}', 'two.json')).toThrow(/or an object holding one such array/);
  });

  it("reads yfinance's download() saved as CSV: two-level columns in three header lines", () => {
    // Every such file was refused: "header Price,Close,... has no date column".
    const one = 'Price,Close,High,Low,Open,Volume\nTicker,GOOG,GOOG,GOOG,GOOG,GOOG\nDate,,,,,\n2024-01-01,1.5,2,0.5,1,10\n2024-01-02,1.5,2,0.5,1,10\n';
    const r = parseOhlcv(one, 'yf.csv');
    expect(r.rejected).toEqual([]);
    expect(r.totalRows).toBe(2);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]);
    expect(r.bars[0]).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    const intraday = parseOhlcv('Price,Close,High,Low,Open,Volume\nTicker,EA,EA,EA,EA,EA\nDatetime,,,,,\n2024-01-02 14:30:00+00:00,1.5,2,0.5,1,10\n', 'yf.csv');
    expect(intraday.bars[0]!.time).toBe(Date.UTC(2024, 0, 2, 14, 30));
    const two = 'Price,Close,Close,High,High,Low,Low,Open,Open,Volume,Volume\nTicker,AAPL,MSFT,AAPL,MSFT,AAPL,MSFT,AAPL,MSFT,AAPL,MSFT\nDate,,,,,,,,,,\n2024-01-02,1,2,1,2,1,2,1,2,1,2\n';
    expect(() => parseOhlcv(two, 'yf2.csv')).toThrow(/yf2\.csv holds 2 symbols side by side \(AAPL, MSFT\) in yfinance's Ticker row: one symbol per file/);
  });

  it("reads pandas' JSON: to_json() by columns, records as JSON Lines, any case of the names", () => {
    // Each was refused ("not valid JSON", "expected a JSON array") or had every row rejected (capitalised names).
    const columns = '{"Open":{"1704067200000":1,"1704153600000":1},"High":{"1704067200000":2,"1704153600000":2},"Low":{"1704067200000":0.5,"1704153600000":0.5},"Close":{"1704067200000":1.5,"1704153600000":1.5},"Volume":{"1704067200000":10,"1704153600000":10}}';
    const lines = '{"Date":1704067200000,"Open":1,"High":2,"Low":0.5,"Close":1.5,"Volume":10}\n{"Date":"2024-01-02T00:00:00.000","Open":1,"High":2,"Low":0.5,"Close":1.5,"Volume":10}\nnot json\n';
    for (const [name, text, rejected] of [['columns.json', columns, 0], ['records.jsonl', lines, 1]] as const) {
      const r = parseOhlcv(text, name);
      expect(r.rejected.map((x) => x.row), name).toEqual(rejected ? [3] : []);
      expect(r.bars.map((b) => b.time), name).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)]);
      expect(r.bars[1], name).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    }
  });

  it('refuses a file that holds more than one symbol', () => {
    const long = 'Date,Symbol,Open,High,Low,Close\n2024-01-01,GOOG,1,2,0.5,1.5\n2024-01-01,ORCL,3,4,2.5,3.5\n2024-01-02,GOOG,1,2,0.5,1.5\n';
    expect(() => parseOhlcv(long, 'long.csv')).toThrow(/long\.csv holds more than one symbol in its Symbol column \(GOOG on row 2, ORCL on row 3\): one symbol per file/);
    const one = parseOhlcv('Date,Ticker,Open,High,Low,Close\n2024-01-01,GOOG,1,2,0.5,1.5\n2024-01-02,GOOG,1,2,0.5,1.5\n', 'one.csv');
    expect(one.bars).toHaveLength(2);
    // Kaggle's S&P 500 file names its symbols "Name", one symbol's rows after another's: read as one, its second
    // symbol's rows were dropped as out of order, with the advice to sort it (which would interleave the two).
    const kaggle = 'date,open,high,low,close,volume,Name\n2018-02-06,1,2,0.5,1.5,10,AAL\n2018-02-07,1,2,0.5,1.5,10,AAL\n2013-02-08,3,4,2.5,3.5,10,AAPL\n';
    expect(() => parseOhlcv(kaggle, 'all_stocks_5yr.csv')).toThrow(/holds more than one symbol in its Name column \(AAL on row 2, AAPL on row 4\)/);
  });

  it("refuses a day's bhavcopy of a whole market (no date, a row per security) as such, not as a file lacking a date column", () => {
    // BSE's EQ060521.CSV: 3,379 securities on 6 May 2021, the date in the file name alone. It was told to add a date
    // column, as if its rows were one security's days.
    const bse = 'SC_CODE,SC_NAME,SC_GROUP,SC_TYPE,OPEN,HIGH,LOW,CLOSE,LAST,PREVCLOSE,NO_TRADES,NO_OF_SHRS,NET_TURNOV,TDCLOINDI\n' +
      '500002,ABB LTD.    ,A ,Q,1363.65,1384.00,1363.65,1381.40,1380.00,1370.95,581,5401,7450349.00,\n' +
      '500003,AEGIS LOGIS ,A ,Q,334.90,334.90,321.65,325.50,328.50,326.85,598,10228,3339983.00,\n' +
      '500008,AMAR RAJA BA,A ,Q,771.00,799.20,770.30,780.70,780.70,769.65,4785,107987,84684230.00,\n';
    expect(() => parseOhlcv(bse, 'EQ060521.CSV')).toThrow(
      "OHLCV file EQ060521.CSV has no date column and its rows are different securities (SC_CODE: 500002, 500003, 500008, ...): it is one day's prices of a whole market, as an exchange's daily bhavcopy is written, dated by its file name alone, not one security's bars; a series takes one security's row from each day's file, that day's date written before it, under a header Date,SC_CODE,SC_NAME,SC_GROUP,SC_TYPE,OPEN,HIGH,LOW,CLOSE,LAST,PREVCLOSE,NO_TRADES,NO_OF_SHRS,NET_TURNOV,TDCLOINDI (grep '^500002,' on each day's file gives its row)",
    );
    // One security's rows without a date are still told what they lack.
    expect(() => parseOhlcv('Symbol,Open,High,Low,Close\nABB,1,2,0.5,1.5\nABB,1,2,0.5,1.5\n', 'abb.csv')).toThrow(/has no date column; expected Date,Open/);
  });

  it("refuses pykrx's day of a whole market (Korean headers, the ticker its index) as such", () => {
    // stock.get_market_ohlcv("20231115", market="KONEX") saved with to_csv(index=False): told to add a date column.
    const konex = '티커,시가,고가,저가,종가,거래량,거래대금,등락률\n278990,11970,11970,11000,11960,1619,18200260,-0.08\n343090,1702,1702,1598,1690,22428,37153463,-0.82\n112190,1799,1799,1502,1640,62,106936,0.06\n';
    expect(() => parseOhlcv(konex, 'konex_df_1115.csv')).toThrow(
      "OHLCV file konex_df_1115.csv has no date column and its rows are different securities (티커: 278990, 343090, 112190, ...): it is one day's prices of a whole market",
    );
  });

  it('refuses a MetaStock or AmiBroker file without a header, its bars led by a symbol, saying which header to add', () => {
    // Refused as 'header "1A0,20240122,..." has no date, open, high, low, close column', which did not say what the file
    // was nor how to read it; its column order is not guessed, and one file often holds a whole market's symbols.
    const metastock = '1A0,20240122,0.025,0.025,0.024,0.024,101000\n1A0,20240119,0.023,0.023,0.023,0.023,0\nD05,20240122,31.9,32.01,31.85,31.9,3824100\n';
    expect(() => parseOhlcv(metastock, 'SGX_20240101.csv')).toThrow(
      'OHLCV file SGX_20240101.csv has no header line: its first line "1A0,20240122,0.025,0.025,0.024,0.024,101000" is a bar led by a symbol (1A0), as MetaStock and AmiBroker ASCII files are written, often with many symbols in one file; this reader takes one symbol per file and does not guess the column order: keep one symbol\'s rows under a header naming the columns, e.g. (echo Symbol,Date,Open,High,Low,Close,Volume; grep \'^1A0,\' SGX_20240101.csv) > 1A0.csv',
    );
    expect(() => parseOhlcv('AAPL;2024-01-02;1;2;0.5;1.5;10\n', 'aapl.txt')).toThrow(/"AAPL;2024-01-02;1;2;0\.5;1\.5;10" is a bar led by a symbol \(AAPL\).*\(echo Symbol;Date;Open;High;Low;Close;Volume; grep '\^AAPL;' aapl\.txt\)/);
    // A header is never taken for such a row, nor a header-less file of bars led by their date.
    expect(() => parseOhlcv('Ticker,Day,Open,High,Low,Close\nX,1,1,2,0.5,1.5\n', 'h.csv')).toThrow(/header "Ticker,Day,Open,High,Low,Close" has no date column/);
    expect(parseOhlcv('20240122,1,2,0.5,1.5,10\n20240123,1,2,0.5,1.5,10\n', 'bare.csv').bars).toHaveLength(2);
  });

  it('names a headerless file of bars led by a symbol with a time of day after the date, with a header of as many fields', () => {
    // Indian vendors' one-minute files (symbol, yyyymmdd, HH:MM, open, high, low, close, volume, open interest) were
    // told their first bar was a header with no date, open, high, low or close column.
    const nifty = 'NIFTY,20220302,09:16,16613.90,16627.05,16547.40,16606.35,0,0\nNIFTY,20220302,09:17,16611.70,16618.40,16600.15,16604.60,0,0\n';
    expect(() => parseOhlcv(nifty, 'nifty.txt')).toThrow(
      'is a bar led by a symbol (NIFTY), as MetaStock and AmiBroker ASCII files are written, often with many symbols in one file; this reader takes one symbol per file and does not guess the column order: keep one symbol\'s rows under a header naming the columns, e.g. (echo Symbol,Date,Time,Open,High,Low,Close,Volume,Other; grep \'^NIFTY,\' nifty.txt) > NIFTY.csv',
    );
    // A file name a shell would split is quoted in the command (the vendor's own name: `2022 MAR NIFTY.txt`).
    expect(() => parseOhlcv(nifty, "2022 MAR NIFTY's.txt")).toThrow("grep '^NIFTY,' '2022 MAR NIFTY'\\''s.txt') > NIFTY.csv");
    // The header it gives reads the rows: the date and time together, the prices in their order.
    const headed = parseOhlcv(`Symbol,Date,Time,Open,High,Low,Close,Volume,Other\n${nifty}`, 'NIFTY.csv', { now: Date.UTC(2026, 0, 1) });
    expect(headed.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [Date.UTC(2022, 2, 2, 9, 16), 16613.9, 16627.05, 16547.4, 16606.35],
      [Date.UTC(2022, 2, 2, 9, 17), 16611.7, 16618.4, 16600.15, 16604.6],
    ]);
  });

  it("reads CRSP's daily stock file from WRDS (PRC the close, OPENPRC, ASKHI, BIDLO) and names its monthly file as closes", () => {
    // Both were told they had no open, high, low or close column.
    const daily = 'PERMNO,date,TICKER,PRC,VOL,OPENPRC,ASKHI,BIDLO\n14593,2024-04-29,GTLB,50.5,1000,50,51,49.5\n14593,2024-04-30,GTLB,51.25,800,50.5,51.5,50.25\n';
    expect(parseOhlcv(daily, 'dsf.csv').bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([[50, 51, 49.5, 50.5, 1000], [50.5, 51.5, 50.25, 51.25, 800]]);
    // PERMNO names the security: a file of several is refused as such.
    expect(() => parseOhlcv(`${daily}90001,2024-04-30,HCP,88,500,87,89,86\n`, 'dsf.csv')).toThrow(/more than one symbol in its PERMNO column/);
    const monthly = 'DATE,PERMNO,SHRCD,EXCHCD,SICCD,DLRETX,DLRET,SHROUT,PRC,VOL,RET,RETX\n20010131,10145,11,1,3714,,,804936,47.25000,1074721,-0.001321,-0.001321\n';
    expect(() => parseOhlcv(monthly, 'msf.csv')).toThrow(/msf\.csv holds closes only/);
  });

  it("reads Refinitiv's Data Library get_history() as pandas saves it (TRDPRC_1 the close, HIGH_1, LOW_1, OPEN_PRC, ACVOL_UNS)", () => {
    // It was told it had no open, high, low or close column.
    const text = 'Date,TRDPRC_1,HIGH_1,LOW_1,ACVOL_UNS,OPEN_PRC,BID,ASK,TRNOVR_UNS,VWAP,BLKCOUNT,BLKVOLUM,NUM_MOVES,TRD_STATUS,SALTIM,NAVALUE\n2024-01-02,185.64,188.44,183.885,82488674,187.15,185.63,185.65,15342381234,185.9,30,1400000,1009074,1,72000,\n2024-01-03,184.25,185.88,183.43,58414460,184.22,184.25,184.27,10766574012,184.31,28,1300000,656025,1,72000,\n';
    expect(parseOhlcv(text, 'AAPL.O.csv').bars.map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([[187.15, 188.44, 183.885, 185.64, 82488674], [184.22, 185.88, 183.43, 184.25, 58414460]]);
  });

  it('refuses a file of closes only saying it is a price series, not bars', () => {
    // A portfolio course's R export (date,ticker,price) was told it had no open, high, low column and to write
    // Date,Open,High,Low,Close: columns a price series cannot supply. Its header is shown as its fields read: the
    // quotes around each field used to sit inside the message's own quotes.
    const prices = '"date","ticker","price"\n2004-09-01,NESN.SW,28.6\n2004-10-01,NESN.SW,28.325001\n';
    expect(() => parseOhlcv(prices, 'fin_data.csv')).toThrow(/^OHLCV file fin_data\.csv holds closes only \(header "date,ticker,price": no open, high or low column\): .* use bars with open, high, low and close/);
    expect(() => parseOhlcv('Date,Close\n2024-01-02,1.5\n', 'close.csv')).toThrow(/close\.csv holds closes only/);
    // A file that lacks only some of them is still told which.
    expect(() => parseOhlcv('Date,Open,Close\n2024-01-02,1,1.5\n', 'oc.csv')).toThrow(/header "Date,Open,Close" has no high, low column/);
    // FRED's series (DATE,DGS10, "." on a day without a value) was told to add open, high, low and close columns.
    const fred = 'DATE,DGS10\n1962-01-02,4.06\n1962-01-03,4.03\n1962-01-04,.\n';
    expect(() => parseOhlcv(fred, 'DGS10.csv')).toThrow(/^OHLCV file DGS10\.csv holds closes only \(header "DATE,DGS10": one value per date, as FRED's series are written, and no open, high or low column\)/);
    // Two columns neither of which is a number are not taken for a series of values.
    expect(() => parseOhlcv('Date,Note\n2024-01-02,holiday\n', 'notes.csv')).toThrow(/header "Date,Note" has no open, high, low, close column/);
  });

  it('rejects a last line cut short (no line end, fewer fields than the row before): an interrupted download', () => {
    const whole = 'Date,Open,High,Low,Close,Adj Close,Volume\n2023-11-08,19449.6,19464.4,19329.0,19443.5,19443.5,240300\n2023-11-09,19457.4,19463.9,19378.3,19395.3,19395.3,266300\n';
    const cut = whole.slice(0, whole.lastIndexOf(',19395.3,266300'));
    const r = parseOhlcv(cut, 'nsei.csv');
    expect(r.bars).toHaveLength(1);
    expect(r.rejected.map((x) => [x.row, x.message])).toEqual([[3, 'the last line stops after 5 of 7 fields, with no line end: the file was cut short; download it again']]);
    // A whole file without a final line end, and a short row that is not the last, are read as before.
    expect(parseOhlcv(whole.trimEnd(), 'nsei.csv').bars).toHaveLength(2);
  });

  it('reads price columns named with their symbol, before or after the price (N225_Open, Close_AAPL)', () => {
    const prefixed = parseOhlcv('Date,N225_High,N225_Low,N225_Open,N225_Close,N225_Volume,N225_AdjClose\n2024-01-01,2,0.5,1,1.5,10,1.5\n2024-01-02,3,1,2,2.5,20,2.5\n', 'n225.csv');
    expect(prefixed.bars[1]).toMatchObject({ open: 2, high: 3, low: 1, close: 2.5, volume: 20 });
    const suffixed = parseOhlcv('Date,Close_AAPL,High_AAPL,Low_AAPL,Open_AAPL,Volume_AAPL\n2024-01-01,1.5,2,0.5,1,10\n', 'aapl.csv');
    expect(suffixed.bars[0]).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    // Beside a `time` column as beside a date (epoch seconds, as TradingView names its time).
    const timed = parseOhlcv('time,BTC_Open,BTC_High,BTC_Low,BTC_Close\n1704067200,1,2,0.5,1.5\n', 'btc.csv');
    expect(timed.bars[0]).toMatchObject({ time: Date.UTC(2024, 0, 1), open: 1, high: 2, low: 0.5, close: 1.5 });
    // Two symbols' columns are not one symbol's.
    expect(() => parseOhlcv('Date,A_Open,A_High,B_Low,B_Close\n2024-01-01,1,2,0.5,1.5\n', 'ab.csv')).toThrow(/has no open, high, low, close column/);
  });

  it('reads TensorTrade\'s BTC:open columns, and refuses several symbols side by side with the cut keeping one', () => {
    const wide = ',BTC:open,BTC:high,BTC:low,BTC:close,BTC:volume,ETH:open,ETH:high,ETH:low,ETH:close,ETH:volume\n2016-05-27,473.4,479.0,467.6,474.0,8915.1,12.1,12.9,11.5,12.0,300.2\n2016-05-28,474.0,529.7,474.0,529.0,19107.2,12.0,12.6,11.9,12.5,250.7\n';
    expect(() => parseOhlcv(wide, 'bitfinex_(BTC,ETH)USD_d.csv')).toThrow(/holds the bars of 2 symbols side by side \(BTC, ETH\), each in columns of its own: .*cut -d, -f1,2,3,4,5,6 'bitfinex_\(BTC,ETH\)USD_d\.csv' > BTC\.csv, then BTC=BTC\.csv/);
    const one = parseOhlcv(wide.split('\n').map((l) => l.split(',').slice(0, 6).join(',')).join('\n'), 'btc.csv');
    expect(one.bars[1]).toMatchObject({ time: Date.UTC(2016, 4, 28), open: 474, high: 529.7, low: 474, close: 529, volume: 19107.2 });
    // One instrument's bid and ask bars are not two symbols.
    expect(() => parseOhlcv('Date,Bid Open,Bid High,Bid Low,Bid Close,Ask Open,Ask High,Ask Low,Ask Close\n2024-01-02,1,2,0.5,1.5,1.1,2.1,0.6,1.6\n', 'q.csv')).toThrow(/has no open, high, low, close column/);
  });

  it('explains a file it cannot read', async () => {
    expect(() => parseOhlcv('foo,bar\n1,2\n', 'x.csv')).toThrow(/no date, open, high, low, close column/);
    expect(() => parseOhlcv('', 'x.csv')).toThrow(DataFileError);
    expect(() => parseOhlcv('[1,2', 'x.json')).toThrow(/not valid JSON/);
    await expect(loadOhlcvFile('/nonexistent/file.csv')).rejects.toThrow(/cannot read OHLCV file/);
  });

  it('handles headerless CSV, semicolons and quoted fields', () => {
    const r = parseOhlcv('2024-01-01;1;2;0.5;1.5;10\n2024-01-02;1;2;0.5;1.5;10\n', 'h.csv');
    expect(r.bars).toHaveLength(2);
    const q = parseOhlcv('"Date","Open","High","Low","Close"\n"2024-01-01","1","2","0.5","1.5"\n', 'q.csv');
    expect(q.bars[0]).toMatchObject({ open: 1, close: 1.5, volume: 0 });
  });

  it('reads the exports of TradingView, Binance, MetaTrader, HistData, Dukascopy, Kraken, Finam and CryptoDataDownload', () => {
    const day = (d: number, h = 0) => Date.UTC(2024, 0, d, h);
    const cases: [string, string, number[]][] = [
      ['tradingview.csv', 'time,open,high,low,close,Volume\n1704067200,1,2,0.5,1.5,10\n1704153600,1,2,0.5,1.5,10\n', [day(1), day(2)]],
      ['binance.csv', 'open_time,open,high,low,close,volume,close_time\n1704067200000,1,2,0.5,1.5,10,1704153599999\n1704153600000,1,2,0.5,1.5,10,1704239999999\n', [day(1), day(2)]],
      ['metatrader.csv', '2024.01.01,00:00,1,2,0.5,1.5,10\n2024.01.02,00:00,1,2,0.5,1.5,10\n', [day(1), day(2)]],
      ['histdata.csv', '20240101 170000;1;2;0.5;1.5;0\n20240102 170000;1;2;0.5;1.5;0\n', [day(1, 17), day(2, 17)]],
      ['dukascopy.csv', 'Gmt time,Open,High,Low,Close,Volume\n01.01.2024 00:00:00.000,1,2,0.5,1.5,10\n02.01.2024 00:00:00.000,1,2,0.5,1.5,10\n', [day(1), day(2)]],
      // Kraken's OHLCVT: no header, epoch seconds, a seventh field with the trade count.
      ['kraken.csv', '1704067200,1,2,0.5,1.5,10,7\n1704153600,1,2,0.5,1.5,10,9\n', [day(1), day(2)]],
      ['finam.csv', '<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>\nX,D,20240101,000000,1,2,0.5,1.5,10\nX,D,20240102,000000,1,2,0.5,1.5,10\n', [day(1), day(2)]],
      // CryptoDataDownload: its URL on the first line, newest first, base volume before quote volume.
      ['cryptodatadownload.csv', 'https://www.CryptoDataDownload.com\nunix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount\n1704153600000,2024-01-02 00:00:00,BTC/USDT,1,2,0.5,1.5,10,15,3\n1704067200000,2024-01-01 00:00:00,BTC/USDT,1,2,0.5,1.5,10,15,3\n', [day(1), day(2)]],
      // Polygon's flat files: nanoseconds in window_start, columns in their own order.
      ['polygon.csv', 'ticker,volume,open,close,high,low,window_start,transactions\nX,10,1,1.5,2,0.5,1704067200000000000,3\nX,10,1,1.5,2,0.5,1704153600000000000,3\n', [day(1), day(2)]],
      ['open-price.csv', 'Date,Open Price,High Price,Low Price,Close Price,Volume\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1,2,0.5,1.5,10\n', [day(1), day(2)]],
    ];
    for (const [file, text, times] of cases) {
      const r = parseOhlcv(text, file);
      expect(r.rejected, file).toEqual([]);
      expect(r.bars.map((b) => b.time), file).toEqual(times);
      expect(r.bars[0], file).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5 });
      if (file === 'cryptodatadownload.csv') expect(r.bars[0]!.volume).toBe(10);
    }
  });

  it("reads CryptoDataDownload's older files: a banner line with a comma in it, hours written '09-AM'", () => {
    // As its hourly and daily files of 2017-2020 are (tensortrade's examples among many): every such file was refused,
    // its banner quoted as a header with no date column.
    for (const banner of ['Timestamps are UTC timezone,https://www.CryptoDataDownload.com', 'Created on 10-17-2019,https://www.CryptoDataDownload.com']) {
      const text = `${banner}\ndate,symbol,open,high,low,close,volume_btc,volume\n2019-10-17 12-PM,BTCUSD,3,4,2.5,3.5,20,70\n2019-10-17 11-AM,BTCUSD,2,3,1.5,2.5,10,25\n2019-10-17 12-AM,BTCUSD,1,2,0.5,1.5,10,15\n`;
      const r = parseOhlcv(text, 'Coinbase_BTCUSD_1h.csv', { now: Date.UTC(2024, 0, 1) });
      expect(r.rejected, banner).toEqual([]);
      expect(r.bars.map((b) => b.time), banner).toEqual([Date.UTC(2019, 9, 17, 0), Date.UTC(2019, 9, 17, 11), Date.UTC(2019, 9, 17, 12)]);
      expect(r.bars[0], banner).toMatchObject({ open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    }
    expect(parseBarTime('2019-10-17 09-AM')).toBe(Date.UTC(2019, 9, 17, 9));
    expect(parseBarTime('2019-10-17 13-PM')).toBeNaN();
  });

  it("reads CryptoCompare's VolumeFrom (the coin's volume) as the volume, as TensorTrade saves its hours", () => {
    // bitfinex-1h-btc-usd.csv: newest first, VolumeTo is the value traded. Read as no volume at all before.
    const text = 'Date,Symbol,Open,High,Low,Close,VolumeFrom,VolumeTo\n2019-07-04 01:00,BTCUSD,11849.99,11880.0,11790.01,11849.69,303.61,3589525.18\n2019-07-04 00:00,BTCUSD,11976.42,12064.26,11812.01,11849.99,1627.53,19416056.06\n';
    const r = parseOhlcv(text, 'bitfinex-1h-btc-usd.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.bars.map((b) => b.volume)).toEqual([1627.53, 303.61]);
  });

  it("reads Cboe's VIX history: a disclaimer line before a header whose prices carry the index's name", () => {
    // vixcurrent.csv as Cboe served it: refused whole, its disclaimer quoted as a header with no date column.
    const text = [
      'Cboe data is compiled for the convenience of site visitors and is furnished without responsibility for accuracy.  Your use of Cboe data is subject to the Terms and Conditions of Cboe Websites.,,,,',
      'Date,VIX Open,VIX High,VIX Low,VIX Close',
      '1/2/2004,17.96,18.68,17.54,18.22',
      '1/5/2004,18.45,18.49,17.44,17.49',
      '1/13/2004,16.6,18.33,16.53,18.04',
      '',
    ].join('\n');
    const r = parseOhlcv(text, 'vixcurrent.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2004, 0, 2), Date.UTC(2004, 0, 5), Date.UTC(2004, 0, 13)]);
    expect(r.bars[0]).toMatchObject({ open: 17.96, high: 18.68, low: 17.54, close: 18.22 });
  });
});

describe('parseBarTime', () => {
  it('reads the formats files use', () => {
    expect(parseBarTime('2023-04-14 00:00:00+09:00')).toBe(Date.UTC(2023, 3, 13, 15));
    expect(parseBarTime('2026-05-26 04:00:00-04:00')).toBe(Date.UTC(2026, 4, 26, 8));
    expect(parseBarTime('2017-04-19 09:00:00')).toBe(Date.UTC(2017, 3, 19, 9));
    expect(parseBarTime('2017-04-19T09:00:00.250Z')).toBe(Date.UTC(2017, 3, 19, 9, 0, 0, 250));
    expect(parseBarTime('20060102')).toBe(Date.UTC(2006, 0, 2));
    expect(parseBarTime('1515560100000')).toBe(1515560100000);
    expect(parseBarTime('1515560100')).toBe(1515560100000);
    // Binance's spot files since 2025 write microseconds, pandas nanoseconds: read as ms they were the year 36,000.
    expect(parseBarTime('1735689600000000')).toBe(Date.UTC(2025, 0, 1));
    expect(parseBarTime('1735689600000000000')).toBe(Date.UTC(2025, 0, 1));
    expect(parseBarTime('2024.01.02 17:30')).toBe(Date.UTC(2024, 0, 2, 17, 30));
    expect(parseBarTime('20240102 173015')).toBe(Date.UTC(2024, 0, 2, 17, 30, 15));
    expect(parseBarTime('20240102173015')).toBe(Date.UTC(2024, 0, 2, 17, 30, 15));
    expect(parseBarTime('20240102 7000')).toBeNaN();
    expect(parseBarTime('2024-01.02')).toBeNaN();
    expect(parseBarTime('2023-02-31')).toBeNaN();
    expect(parseBarTime('01/02/2006')).toBeNaN();
    // Dotted with the year last is always day first.
    expect(parseBarTime('31.01.2024')).toBe(Date.UTC(2024, 0, 31));
    expect(parseBarTime('2.1.2024 09:30')).toBe(Date.UTC(2024, 0, 2, 9, 30));
    expect(parseBarTime('01.02.2024 23:59:59.500')).toBe(Date.UTC(2024, 1, 1, 23, 59, 59, 500));
    expect(parseBarTime('31.02.2024')).toBeNaN();
    expect(parseBarTime('13.13.2024')).toBeNaN();
    expect(parseBarTime('')).toBeNaN();
  });
});

describe('hostile OHLCV input', () => {
  it('throws nothing but DataFileError, and every bar it returns is valid', async () => {
    const fc = (await import('fast-check')).default;
    const field = fc.oneof(fc.constant(''), fc.constant('NaN'), fc.constant('-1'), fc.constant('1e400'), fc.double().map(String), fc.string({ maxLength: 6 }));
    const row = fc.tuple(fc.oneof(fc.constant('2024-01-01'), fc.constant('2024-13-40'), fc.integer({ min: 0, max: 2e12 }).map(String), fc.string({ maxLength: 12 })), field, field, field, field, field).map((r) => r.join(','));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, header) => {
        const text = (header ? 'Date,Open,High,Low,Close,Volume\n' : '') + rows.join('\n');
        let r;
        try {
          r = parseOhlcv(text, 'fuzz.csv');
        } catch (error) {
          if (!(error instanceof DataFileError)) throw error;
          return;
        }
        for (const b of r.bars) {
          expect(b.low).toBeGreaterThan(0);
          expect(b.high).toBeGreaterThanOrEqual(b.low);
          expect(b.open).toBeGreaterThanOrEqual(b.low);
          expect(b.close).toBeLessThanOrEqual(b.high);
          expect(Number.isFinite(b.time)).toBe(true);
        }
        expect(r.bars.length + r.rejected.length + r.quarantined.length).toBe(r.totalRows);
      }),
      { numRuns: 300 },
    );
  });
});
