import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFileArguments } from '../../src/backtest/file-arguments.js';
import { tempDir } from './helpers.js';

describe('two files that name the same symbol', () => {
  it("say both files and that parts of one series (Binance's monthly files) are joined into one, not only to name them apart", () => {
    // BTCUSDT-1h-2025-04.csv and BTCUSDT-1h-2025-05.csv, as data.binance.vision gives a pair a month at a time: the
    // message said only 'name them apart as SYMBOL=path', which runs April and May as two symbols.
    const dir = tempDir();
    const files = ['BTCUSDT-1h-2025-04.csv', 'BTCUSDT-1h-2025-05.csv'].map((name) => join(dir, name));
    for (const f of files) writeFileSync(f, 'open_time,open,high,low,close,volume\n1743465600000,1,2,0.5,1.5,10\n');
    expect(() => parseFileArguments(files)).toThrow(
      `symbol BTCUSDT comes from two files (${files[0]}, ${files[1]}): a file holds a symbol's whole series; join parts of one series (a month a file) into one file, rows in time order under one header; two symbols, name them apart as SYMBOL=path`,
    );
  });

  it('say that symbols are read in capitals when they were named apart by case alone', () => {
    const dir = tempDir();
    const [a, b] = ['a.csv', 'b.csv'].map((name) => join(dir, name));
    for (const f of [a!, b!]) writeFileSync(f, 'open_time,open,high,low,close,volume\n1743465600000,1,2,0.5,1.5,10\n');
    expect(() => parseFileArguments([`orcl=${a}`, `ORCL=${b}`])).toThrow('symbols orcl and ORCL are one symbol, ORCL (symbols are read in capitals): name the files apart by more than case');
    expect(() => parseFileArguments([`ORCL=${a}`, `ORCL=${b}`])).toThrow('symbol ORCL comes from two files');
  });
});

describe('a symbol taken from a file name', () => {
  it('may be what providers write, but not look like an option; and a link to a file is that file', () => {
    const dir = tempDir();
    const row = 'open_time,open,high,low,close,volume\n1743465600000,1,2,0.5,1.5,10\n';
    const names = ['-goog.csv', '^GSPC.csv', 'S&P 500 Historical Data.csv', 'CME_MINI_ES1!, 1D.csv', 'BTC-USD (1).csv', 'goog.csv'];
    const [dash, ...named] = names.map((name) => join(dir, name));
    for (const f of [dash!, ...named]) writeFileSync(f, row);
    expect(() => parseFileArguments([dash!])).toThrow(`FILE "${dash}": its name gives the symbol "-GOOG", which reads as an option: name it, as SYMBOL=${dash}`);
    expect(parseFileArguments([`G=${dash}`]).map((s) => s.symbol)).toEqual(['G']);
    // Yahoo's index files, Investing.com's, TradingView's continuous futures, a browser's second download: as before.
    expect(parseFileArguments(named.slice(0, -1)).map((s) => s.symbol)).toEqual(['^GSPC', 'S&P_500_HISTORICAL_DATA', 'CME_MINI_ES1!', 'BTC-USD_(1)']);
    // The file and a link to it, both GOOG: the same file given twice, not two files of one symbol.
    mkdirSync(join(dir, 'links'));
    symlinkSync(named.at(-1)!, join(dir, 'links', 'goog.csv'));
    expect(() => parseFileArguments([named.at(-1)!, join(dir, 'links', 'goog.csv')])).toThrow('is given twice (symbol GOOG)');
  });
});

describe('files priced in two quote currencies', () => {
  it('are refused, naming each argument under its currency; one currency, or tickers without /, are taken', () => {
    const dir = tempDir();
    const [a, b, c] = ['a.csv', 'b.csv', 'c.csv'].map((name) => join(dir, name));
    for (const f of [a!, b!, c!]) writeFileSync(f, 'open_time,open,high,low,close,volume\n1743465600000,1,2,0.5,1.5,10\n');
    expect(() => parseFileArguments([`BTC/USDT=${a}`, `ETH/BTC=${b}`])).toThrow(`FILE arguments mix quote currencies: USDT (BTC/USDT=${a}), BTC (ETH/BTC=${b}).`);
    expect(() => parseFileArguments([`BTC/USDT:USDT=${a}`, `ETH/USD=${b}`])).toThrow('mix quote currencies: USDT (BTC/USDT:USDT=');
    expect(parseFileArguments([`BTC/USDT=${a}`, `ETH/USDT=${b}`, c!]).map((s) => s.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'C']);
  });
});
