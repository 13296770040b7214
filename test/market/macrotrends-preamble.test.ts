import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// Macrotrends' download, as it saves it: a title, a note and its terms of use, each a quoted line (some with commas
// in them), blank lines, then the header. Every such file was refused, its disclaimer quoted as a header with no date.
const PREAMBLE = [
  '"MacroTrends Data Download"',
  '"TSLA - Historical Price and Volume Data"',
  '"Note: Historical prices are adjusted for stock splits."',
  '',
  '"Disclaimer and Terms of Use: Historical stock data is provided \'as is\' and solely for informational purposes, not for trading purposes or advice."',
  '"MacroTrends LLC expressly disclaims the accuracy, adequacy, or completeness of any data and shall not be liable for any errors, omissions or other defects in, "',
  '"delays or interruptions in such data, or for any actions taken in reliance thereon.  Neither MacroTrends LLC nor any of our information providers will be liable"',
  '"for any damages relating to your use of the data provided."',
  '',
  '',
  '"ATTRIBUTION: Proper attribution requires clear indication of the data source as ""www.macrotrends.net""."',
  '"A ""dofollow"" backlink to the originating page is also required if the data is displayed on a web page."',
  '',
  '',
];

describe('Macrotrends downloads', () => {
  it('passes over the quoted lines before the header', () => {
    const text = [...PREAMBLE, 'date,open,high,low,close,volume', '2010-06-29,1.2667,1.6667,1.1693,1.5927,281494500', '2010-06-30,1.7193,2.0279,1.5533,1.5887,257806500', '2010-07-01,1.6667,1.7280,1.3513,1.4640,123282000', ''].join('\n');
    const r = parseOhlcv(text, 'MacroTrends_Data_Download_TSLA.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2010, 5, 29), Date.UTC(2010, 5, 30), Date.UTC(2010, 6, 1)]);
    expect(r.bars[0]).toMatchObject({ open: 1.2667, high: 1.6667, low: 1.1693, close: 1.5927, volume: 281494500 });
  });

  it('still takes a quoted header for the header', () => {
    const r = parseOhlcv('"Date","Open","High","Low","Close","Volume"\n"2024-01-02",1,2,0.5,1.5,10\n"2024-01-03",1,2,0.5,1.5,10\n', 'quoted.csv', { now: Date.UTC(2024, 1, 1) });
    expect(r.bars).toHaveLength(2);
  });
});
