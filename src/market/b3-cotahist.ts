import { shellArg } from '../core/shell-arg.js';

/**
 * B3's (BOVESPA's) historical quotes, COTAHIST_AYYYY.TXT / _MMMYYYY / _DDDMMYYYY: fixed-width lines, no separator, a
 * `00COTAHIST` header line, a `01` line per security and day (date at 3-10, BDI code at 11-12, ticker at 13-24, open,
 * high, low, average and close at 57-121 in hundredths, shares traded at 153-170) and a `99` trailer. It was refused
 * with its fourth line quoted as a header without a date, open, high, low or close column, which says nothing of what
 * to do. Undefined when the text is not that file.
 */
export function cotahistMessage(file: string, text: string): string | undefined {
  if (!text.startsWith('00COTAHIST')) return undefined;
  // A ticker of the standard lot (BDI 02) as the example, as the file names it.
  const row = text.split(/\r?\n/, 200).find((l) => l.startsWith('01') && l.slice(10, 12) === '02');
  const ticker = row?.slice(12, 24).trim() || 'PETR4';
  const fields = 'substr($0,3,4), substr($0,7,2), substr($0,9,2), substr($0,57,13)/100, substr($0,70,13)/100, substr($0,83,13)/100, substr($0,109,13)/100, substr($0,153,18)';
  const program = `'BEGIN{print "Date,Open,High,Low,Close,Volume"} substr($0,1,2)=="01" && substr($0,11,2)=="02" {t=substr($0,13,12); gsub(/ /,"",t); if (t=="${ticker}") printf "%s-%s-%s,%.2f,%.2f,%.2f,%.2f,%d\\n", ${fields}}'`;
  // B3 serves the file zipped (COTAHIST_A2021.ZIP), and this reader takes it so: awk must read the text inside.
  const unpack = /\.zip$/i.test(file) ? `unzip -p ${shellArg(file)} | ` : /\.gz$/i.test(file) ? `gunzip -c ${shellArg(file)} | ` : '';
  const awk = unpack ? `${unpack}awk ${program} > ${ticker}.csv` : `awk ${program} ${shellArg(file)} > ${ticker}.csv`;
  return (
    `OHLCV file ${file} is B3's COTAHIST file (fixed-width, every security traded in Brazil, a line per security and day), not one security's bars: ` +
    `keep one ticker's standard-lot rows as CSV, e.g. ${awk} (a yearly file, COTAHIST_AYYYY.TXT, gives a year of its days; append the years in order for more); ` +
    'its prices are not adjusted for splits or dividends'
  );
}
