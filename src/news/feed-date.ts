/**
 * Feed dates to epoch ms, or undefined when unreadable (the caller falls back to the fetch time and flags it).
 * Reads ISO 8601 / W3C-DTF (dc:date, Atom), RFC 822/2822 and the variants feeds really use: 2-digit years, no
 * seconds, "1500" times without a colon, AM/PM, zone abbreviations (EST, EDT, Z, military letters), day and month
 * names in English, Portuguese, Spanish, French, German and Italian, month-first order ("Dec 16 2023"), and Unix
 * epoch seconds or milliseconds. A date without a zone is read as UTC; a zone it names but this does not know makes it
 * unreadable rather than misdated ("10:00 AM ET" read as UTC put a US headline five hours early in a backtest).
 */

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'janeiro', 'enero', 'ene', 'janvier', 'janv', 'januar', 'jän', 'jaen', 'gennaio', 'gen'],
  ['february', 'feb', 'fevereiro', 'fev', 'febrero', 'fevrier', 'fevr', 'fev', 'februar', 'febbraio'],
  ['march', 'mar', 'marco', 'marzo', 'mars', 'marz', 'maerz', 'mrz', 'mär'],
  ['april', 'apr', 'abril', 'abr', 'avril', 'avr', 'aprile'],
  ['may', 'maio', 'mai', 'mayo', 'maggio', 'mag', 'mei'],
  ['june', 'jun', 'junho', 'junio', 'juin', 'juni', 'giugno', 'giu'],
  ['july', 'jul', 'julho', 'julio', 'juillet', 'juil', 'juli', 'luglio', 'lug'],
  ['august', 'aug', 'agosto', 'ago', 'aout', 'août'],
  ['september', 'sep', 'sept', 'setembro', 'set', 'septiembre', 'septembre', 'settembre'],
  ['october', 'oct', 'outubro', 'out', 'octubre', 'octobre', 'oktober', 'okt', 'ottobre', 'ott'],
  ['november', 'nov', 'novembro', 'noviembre', 'novembre'],
  ['december', 'dec', 'dezembro', 'dez', 'diciembre', 'dic', 'decembre', 'déc', 'dezember', 'dicembre'],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[fold(n)] = i)));

/** Offsets in minutes. Single military letters other than Z are read as UTC, as RFC 2822 advises. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, ist: 330, cet: 60, met: 60, cest: 120, mest: 120, eet: 120,
  eest: 180, msk: 180, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, aest: 600,
  aedt: 660, nzst: 720, nzdt: 780, brt: -180, art: -180, mez: 60, mesz: 120, sast: 120, cat: 120, eat: 180,
  wat: 60, pkt: 300, ict: 420, wib: 420, pht: 480, myt: 480, clt: -240, cot: -300, pet: -300,
};

/** US zones named without saying standard or daylight time ("4:00 PM ET"): their standard offsets, in minutes. */
const US_GENERIC: Record<string, number> = { et: -300, ct: -360, mt: -420, pt: -480 };

/** Whether a wall-clock time (as UTC ms) falls in US daylight saving time, by the rules of its year (since 1976). */
function usDaylight(local: number): boolean {
  const y = new Date(local).getUTCFullYear();
  const sunday = (month: number, nth: number): number => {
    const first = new Date(Date.UTC(y, month, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + 7 * (nth - 1);
  };
  const lastSunday = (month: number): number => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const [start, end] =
    y >= 2007
      ? [Date.UTC(y, 2, sunday(2, 2), 2), Date.UTC(y, 10, sunday(10, 1), 2)]
      : y >= 1987
        ? [Date.UTC(y, 3, sunday(3, 1), 2), Date.UTC(y, 9, lastSunday(9), 2)]
        : [Date.UTC(y, 3, lastSunday(3), 2), Date.UTC(y, 9, lastSunday(9), 2)];
  return local >= start && local < end;
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\.$/, '');
}

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[a-z]{2,5})?$/i;

/** A zone's offset in minutes at wall-clock time `local` (as UTC ms), or undefined when the zone is unknown. */
function zoneOffset(zone: string, local = 0): number | undefined {
  const m = /^(?:(?:GMT|UTC|UT)?([+-])(\d{1,2}):?(\d{2})?)$/i.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  const key = zone.toLowerCase();
  if (key in ZONES) return ZONES[key];
  if (key in US_GENERIC) return US_GENERIC[key]! + (usDaylight(local) ? 60 : 0);
  if (/^[a-y]$/i.test(zone)) return 0;
  return undefined;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string | undefined): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  if (new Date(t).getUTCDate() !== d && h < 24) return undefined; // 31 April is not 1 May
  const offsetMin = zone === undefined ? 0 : zoneOffset(zone, t);
  if (offsetMin === undefined) return undefined;
  const result = t - offsetMin * 60_000;
  // Outside these years a parse is surely wrong (or a placeholder like 0001-01-01).
  return y >= 1970 && y <= 2200 ? result : undefined;
}

/** A date read, and what it names: an instant, a whole day (no time given) or a whole month (no day either). */
export interface ReadDate {
  at: number;
  span: 'time' | 'day' | 'month';
  /** A clock time written with no zone, read as UTC. */
  zoneless?: boolean;
}

const read = (at: number | undefined, span: ReadDate['span'], zone?: string): ReadDate | undefined =>
  at === undefined ? undefined : { at, span, ...(span === 'time' && zone === undefined ? { zoneless: true } : {}) };

function parseIso(s: string): ReadDate | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return read(build(Number(y), Number(mo) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms, zone), h !== undefined ? 'time' : d !== undefined ? 'day' : 'month', zone);
}

/** Token-based reading of RFC 822 and its relatives. */
function parseLoose(s: string): ReadDate | undefined {
  const tokens = s.replace(/,/g, ' ').replace(/\s+/g, ' ').trim().split(' ');
  let month: number | undefined;
  let monthIndex = -1;
  let time: [number, number, number] | undefined;
  let ampm: 'am' | 'pm' | undefined;
  let zone: string | undefined;
  let timeIndex = -1;
  let unknownZone = false;
  const numbers: Array<{ value: number; digits: number; index: number }> = [];
  tokens.forEach((raw, index) => {
    // "20:15:04Z" or "10:00:00+0100": a time with the zone glued on.
    const glued = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
    if (glued) {
      time = [Number(glued[1]), Number(glued[2]), Number(glued[3] ?? 0)];
      timeIndex = index;
      if (glued[4]) zone = glued[4];
      return;
    }
    if (/^\d+$/.test(raw)) {
      numbers.push({ value: Number(raw), digits: raw.length, index });
      return;
    }
    const word = fold(raw);
    if (word === 'am' || word === 'pm' || word === 'a.m' || word === 'p.m') {
      ampm = word.startsWith('a') ? 'am' : 'pm';
      return;
    }
    const named = raw.replace(/^\(|\)$/g, '');
    if (zoneOffset(named) !== undefined && index > 0 && (/^[+-]/.test(raw) || raw.length > 1 || time)) {
      zone = named;
      return;
    }
    const m = MONTHS[word] ?? (word.length >= 3 ? MONTHS[word.slice(0, 3)] : undefined);
    // The last word after the time, in capitals, is a zone ("EST5EDT", "AZOST"): one not known is not UTC.
    if (m === undefined && index === tokens.length - 1 && timeIndex >= 0 && /^(?:[A-Z]{2,5}|[A-Z]{3,4}\d[A-Z]{3,4})$/.test(named)) unknownZone = true;
    // A leading word is usually the weekday ("Mar" is Tuesday in Spanish): a later month name wins over it.
    if (m !== undefined && (month === undefined || monthIndex === 0)) {
      month = m;
      monthIndex = index;
    }
  });
  if (month === undefined) return undefined;
  let day: number | undefined;
  let year: number | undefined;
  const rest = [...numbers];
  const before = rest.filter((n) => n.index < monthIndex);
  if (before.length > 0 && before[before.length - 1]!.value <= 31) {
    day = before[before.length - 1]!.value;
    rest.splice(rest.indexOf(before[before.length - 1]!), 1);
  } else {
    const first = rest.find((n) => n.index > monthIndex && n.value >= 1 && n.value <= 31 && n.digits <= 2);
    if (first) {
      day = first.value;
      rest.splice(rest.indexOf(first), 1);
    }
  }
  const yearToken = rest.find((n) => n.index > monthIndex && (n.digits === 4 || n.digits === 2));
  if (yearToken) {
    year = yearToken.digits === 2 ? (yearToken.value < 50 ? 2000 + yearToken.value : 1900 + yearToken.value) : yearToken.value;
    rest.splice(rest.indexOf(yearToken), 1);
  }
  // "03 Apr 02 1500 GMT": a 4-digit number left over after the year is an HHMM time.
  const hhmm = rest.find((n) => n.digits === 4 && n.index > monthIndex);
  if (!time && hhmm) time = [Math.floor(hhmm.value / 100), hhmm.value % 100, 0];
  if (day === undefined || year === undefined || unknownZone) return undefined;
  const [hour, mi, sec] = time ?? [0, 0, 0];
  let h = hour;
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return read(build(year, month, day, h, mi, sec, 0, zone), time ? 'time' : 'day', zone);
}

/**
 * The spellings read as their usual form: a year-first date with slashes or dots ("2026/01/05", Asian feeds) as ISO,
 * and RFC 850's "06-Nov-94" (old HTTP dates) as RFC 822's "06 Nov 94".
 */
function normalise(text: string): string {
  return text
    .trim()
    .replace(/^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|[T ])/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`)
    .replace(/\b(\d{1,2})-([A-Za-z]{3,})-(\d{2}|\d{4})\b/, '$1 $2 $3');
}

/** The date `text` gives, or undefined when unreadable: its instant, what it names (knownAt) and whether it has a zone. */
export function readFeedDate(text: string | undefined): ReadDate | undefined {
  if (text === undefined) return undefined;
  const s = normalise(text);
  if (!s) return undefined;
  if (/^\d{9,13}(?:\.\d+)?$/.test(s)) {
    const n = Number(s);
    const ms = n < 1e11 ? Math.round(n * 1000) : Math.round(n);
    return read(ms >= Date.UTC(1990, 0, 1) && ms <= Date.UTC(2200, 0, 1) ? ms : undefined, 'time', 'UTC');
  }
  return parseIso(s) ?? parseLoose(s);
}

const DAY_MS = 86_400_000;

/**
 * When an item dated `date` (readFeedDate's) was known. A date without a time ("2017-05-26", a dc:date, "June 3,
 * 2008", an RSS date with no time) says only that it came out that day: taken at its midnight, a headline published
 * after the close was traded at that day's open. It is known at the end of that day (UTC, or the zone it names), or
 * when it was fetched (`fetchedAt`) if that came sooner. A month alone ("2017-05") is known at the end of that month,
 * likewise: read as its first day, it was seen a month early. (Only the ISO forms were read so: "June 3, 2008" was
 * known at its midnight, a day early.)
 */
export function knownAt(date: ReadDate, fetchedAt?: number): number {
  const { at: parsed, span } = date;
  let end: number;
  if (span === 'day') end = parsed + DAY_MS - 1;
  else if (span === 'month') {
    const start = new Date(parsed);
    end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - 1;
  } else return parsed;
  return fetchedAt !== undefined && fetchedAt > parsed ? Math.min(end, fetchedAt) : end;
}
