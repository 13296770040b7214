/**
 * The refusal of an OHLCV file that is not text (a NUL in its first 4 KiB), never quoting its bytes: quoting a SQLite
 * store's "header" wrote NULs and BELs to the terminal. Formats people save bars in are named by their first bytes, with the
 * command that turns them into a file this reader takes: freqtrade keeps its candles as Feather files by default
 * (`ADA_BTC-5m.feather`), and "a binary file, not text" did not say what the file was or how to read it.
 */
const KNOWN: readonly { test: RegExp; what: string; how: string }[] = [
  {
    test: /^ARROW1/,
    what: 'an Apache Arrow (Feather) file, as freqtrade saves candles by default',
    how: 'convert it to JSON or CSV first: `freqtrade convert-data --format-from feather --format-to json` (with its --datadir), or pandas.read_feather(file).to_csv(...)',
  },
  {
    test: /^PAR1/,
    what: 'a Parquet file',
    how: 'convert it to JSON or CSV first: `freqtrade convert-data --format-from parquet --format-to json`, or pandas.read_parquet(file).to_csv(...)',
  },
  { test: /^.HDF\r\n/s, what: 'an HDF5 file', how: 'convert it to CSV first: pandas.read_hdf(file).to_csv(...)' },
];

export function binaryFileMessage(file: string, body: string): string {
  const known = KNOWN.find((k) => k.test.test(body.slice(0, 16)));
  if (known) return `OHLCV file ${file} is ${known.what}, not text; ${known.how}`;
  return `OHLCV file ${file} is a binary file, not text; expected CSV (Date,Open,High,Low,Close[,Volume]) or a JSON array (or either compressed by gzip or zip)`;
}
