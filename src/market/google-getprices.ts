/**
 * Google Finance's `getprices` answer, as saved by many a script before Google closed it in 2018:
 *
 *   EXCHANGE%3DNASDAQ / MARKET_OPEN_MINUTE=570 / ... / INTERVAL=60 / COLUMNS=DATE,CLOSE,HIGH,LOW,OPEN,VOLUME / DATA= /
 *   TIMEZONE_OFFSET=-240 / a1460727000,55.25,55.3,55.25,55.3,3399547 / 1,55.37,... / 2,...
 *
 * A row's DATE is either `a` and epoch seconds (a new base, each day's first row) or a count of INTERVALs after the last
 * base. The file was refused for its first line having no date column. Its lines become a CSV the reader knows: the
 * COLUMNS line the header, each row with its epoch seconds, every other line blank, so row numbers stay the file's.
 * TIMEZONE_OFFSET (also written again mid-file when daylight saving changes) only says the exchange's local time:
 * the epoch seconds are UTC already.
 */
const META = /^(EXCHANGE%3D|MARKET_(OPEN|CLOSE)_MINUTE=|INTERVAL=|COLUMNS=|DATA=|TIMEZONE_OFFSET=|https?:\/\/)/;

/** The lines as a CSV when they are a getprices answer; the lines themselves otherwise. */
export function getpricesLines(lines: string[]): string[] {
  const head = lines.slice(0, 12);
  const columns = head.findIndex((l) => l.startsWith('COLUMNS='));
  const intervalLine = head.find((l) => l.startsWith('INTERVAL='));
  if (columns < 0 || intervalLine === undefined || !head.some((l) => l.startsWith('EXCHANGE%3D'))) return lines;
  const interval = Number(intervalLine.slice('INTERVAL='.length));
  let base: number | undefined;
  return lines.map((line, i) => {
    if (i === columns) return line.slice('COLUMNS='.length);
    if (META.test(line) || line.trim() === '') return '';
    const comma = line.indexOf(',');
    const date = comma < 0 ? line : line.slice(0, comma);
    const rest = comma < 0 ? '' : line.slice(comma);
    if (date.startsWith('a')) base = Number(date.slice(1));
    // A count before any base, or a count that is no number, is left for the reader to refuse with its line.
    else if (base !== undefined && /^\d+$/.test(date)) return `${base + Number(date) * interval}${rest}`;
    return `${date.startsWith('a') ? date.slice(1) : date}${rest}`;
  });
}
