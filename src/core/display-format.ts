/**
 * How reports and messages show numbers: fixed rules, no locale (the same report reads the same everywhere and its bytes do not
 * depend on the machine's ICU data). No value shows as an em dash.
 */
export const NONE = '—';

function grouped(fixed: string): string {
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // Rounding can leave "-0.00": no sign on a zero.
  const zero = /^[0.,]*$/.test(withCommas + frac.slice(1));
  return (negative && !zero ? '-' : '') + withCommas + frac;
}

export function percent(x: number | null, digits = 2): string {
  return x === null ? NONE : `${grouped((x * 100).toFixed(digits))}%`;
}

export function money(x: number | null): string {
  return x === null ? NONE : grouped(x.toFixed(2));
}

/** A price: enough decimals for small prices (crypto pairs quote at 1e-5), two for ordinary ones. */
export function price(x: number | null): string {
  if (x === null) return NONE;
  const a = Math.abs(x);
  const digits = a === 0 || a >= 100 ? 2 : Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(a))));
  return grouped(x.toFixed(digits));
}

export function ratio(x: number | null, digits = 2): string {
  return x === null ? NONE : grouped(x.toFixed(digits));
}

export function count(x: number | null): string {
  return x === null ? NONE : grouped(Math.round(x).toFixed(0));
}

/**
 * A quantity: twelve significant digits (as the report's files write numbers) and at most 8 decimals, trailing zeros
 * dropped. Eight fixed decimals printed the float's binary tail on the quantities of sub-penny coins (8,203,445,783.57
 * bought read "8,203,445,783.56999969").
 */
export function quantity(x: number): string {
  const whole = Math.abs(x) >= 1 ? Math.floor(Math.log10(Math.abs(x))) + 1 : 1;
  const text = x.toFixed(Math.min(8, Math.max(0, 12 - whole)));
  return grouped(text.includes('.') ? text.replace(/\.?0+$/, '') : text);
}

/**
 * A quantity in a sentence (a risk reason, an order's line): twelve significant digits, no grouping and no cap on the
 * decimals, so 97145.51999999999 reads 97145.52 and a lot of 1e-9 is not rounded away.
 */
export function plainQuantity(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** UTC time: the date alone when `dateOnly`, else date and minutes. */
export function utcTime(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function allMidnight(times: Iterable<number>): boolean {
  for (const t of times) if (t % 86_400_000 !== 0) return false;
  return true;
}
