import type { Bar } from './market-port.js';
import { findGaps, inferBarMs, type Gap } from './bar-gaps.js';

/**
 * Validates bars before anything uses them. Two outcomes for a bad row:
 * - rejected: the row is impossible (NaN, non-positive price, high < low, duplicate time...);
 * - quarantined: the row is possible but almost certainly wrong (a 100x unit error, an unadjusted split, a spike
 *   that reverses at once). Quarantined rows are kept out of the valid bars too, but reported separately so an
 *   operator can tell "broken file" from "suspicious data".
 * Gaps (closed markets, outages) are reported, never errors: indicators must cope with them.
 */

export type RejectCode =
  | 'malformed-row'
  | 'invalid-time'
  | 'non-finite'
  | 'non-positive-price'
  | 'negative-volume'
  | 'high-below-low'
  | 'open-outside-range'
  | 'close-outside-range'
  | 'duplicate-time'
  | 'out-of-order';

export type QuarantineCode = 'unit-error' | 'unadjusted-split' | 'price-spike';

export interface BarIssue {
  file: string;
  /** 1-based line in a CSV file (the header is line 1), or 1-based element in a JSON array. */
  row: number;
  time?: number;
  code: RejectCode | QuarantineCode;
  severity: 'rejected' | 'quarantined';
  /** Human text: what is wrong and what the numbers were. */
  message: string;
}

/** A parsed row: a bar plus where it came from and, when the file says so, the split ratio on that row. */
export interface RawBar extends Bar {
  row: number;
  /** Stock Splits column (e.g. 5 for a 5:1 split); 0 or absent when none. */
  split?: number;
}

export interface ValidatorOptions {
  /** Name used in every issue (a file path or "ccxt:binance:BTC/USDT"). */
  file: string;
  /** Bar size in ms; inferred from the data when absent. */
  barMs?: number;
  /** A close that moves by this factor and comes straight back is a spike. Default 4. */
  spikeFactor?: number;
}

export interface ValidationResult {
  /** Valid bars, oldest first. */
  bars: Bar[];
  rejected: BarIssue[];
  quarantined: BarIssue[];
  gaps: Gap[];
  /** Bar size in ms (given or inferred), undefined with fewer than two bars. */
  barMs: number | undefined;
}

export type { Gap };

const isoTime = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

/** The structural checks; undefined when the row is a possible bar. */
function structuralIssue(b: RawBar): { code: RejectCode; message: string } | undefined {
  const fields = { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
  for (const [name, v] of Object.entries(fields)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return { code: 'non-finite', message: `${name} is ${String(v)}, not a finite number` };
  }
  for (const name of ['open', 'high', 'low', 'close'] as const) {
    if (b[name] <= 0) return { code: 'non-positive-price', message: `${name} is ${b[name]}; prices must be > 0` };
  }
  if (b.volume < 0) return { code: 'negative-volume', message: `volume is ${b.volume}; volume must be >= 0` };
  if (b.high < b.low) return { code: 'high-below-low', message: `high ${b.high} is below low ${b.low}` };
  if (b.open < b.low || b.open > b.high) return { code: 'open-outside-range', message: `open ${b.open} is outside [low ${b.low}, high ${b.high}]` };
  if (b.close < b.low || b.close > b.high) return { code: 'close-outside-range', message: `close ${b.close} is outside [low ${b.low}, high ${b.high}]` };
  return undefined;
}

/** |log10(ratio)| near 2 or 3: the price is in the wrong unit (pence vs pounds, cents vs dollars, milli-units). */
function unitFactor(ratio: number): number | undefined {
  const decades = Math.abs(Math.log10(ratio));
  for (const d of [2, 3]) if (Math.abs(decades - d) < 0.25) return 10 ** d;
  return undefined;
}

const SPLIT_RATIOS = [2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 40, 50];
/** Ratios that ordinary news moves could also produce; only trusted when the file's split column confirms. */
const WEAK_SPLIT_RATIOS = [1.5, 4 / 3, 2.5];

/** The split ratio n that `gap` (new/old price) matches, as n for a split (gap ≈ 1/n) or -n for a reverse split. */
function splitRatio(gap: number, declared: number | undefined): number | undefined {
  const tolerance = declared ? 0.12 : 0.03;
  const candidates = declared ? [declared, ...SPLIT_RATIOS] : SPLIT_RATIOS;
  for (const n of [...candidates, ...(declared ? WEAK_SPLIT_RATIOS : [])]) {
    if (Math.abs(gap * n - 1) < tolerance) return n;
    if (Math.abs(gap / n - 1) < tolerance) return -n;
  }
  return undefined;
}

export function validateBars(rows: readonly RawBar[], options: ValidatorOptions): ValidationResult {
  const { file } = options;
  const spikeFactor = options.spikeFactor ?? 4;
  const rejected: BarIssue[] = [];
  const quarantined: BarIssue[] = [];
  const reject = (b: RawBar, code: RejectCode, message: string) =>
    rejected.push({ file, row: b.row, time: b.time, code, severity: 'rejected', message });

  // Pass 1: impossible rows and ordering. Rows arrive oldest first (the loader reverses descending files).
  const ok: RawBar[] = [];
  for (const b of rows) {
    if (!Number.isFinite(b.time)) {
      reject(b, 'invalid-time', `time ${String(b.time)} is not a valid timestamp`);
      continue;
    }
    const issue = structuralIssue(b);
    if (issue) {
      reject(b, issue.code, issue.message);
      continue;
    }
    const prev = ok[ok.length - 1];
    if (prev && b.time === prev.time) {
      reject(b, 'duplicate-time', `time ${isoTime(b.time)} repeats row ${prev.row}`);
      continue;
    }
    if (prev && b.time < prev.time) {
      reject(b, 'out-of-order', `time ${isoTime(b.time)} is before row ${prev.row} (${isoTime(prev.time)})`);
      continue;
    }
    ok.push(b);
  }

  // Pass 2: suspicious jumps against the last accepted close.
  const kept: RawBar[] = [];
  for (let i = 0; i < ok.length; i++) {
    const b = ok[i]!;
    const ref = kept[kept.length - 1];
    if (ref) {
      const field = (['low', 'high', 'close', 'open'] as const).find((f) => unitFactor(b[f] / ref.close) !== undefined);
      if (field) {
        const factor = unitFactor(b[field] / ref.close)!;
        quarantined.push({
          file, row: b.row, time: b.time, code: 'unit-error', severity: 'quarantined',
          message: `${field} ${b[field]} is ~${factor}x off the previous close ${ref.close} (row ${ref.row}): a unit error (e.g. pence vs pounds)`,
        });
        continue;
      }
      const next = ok[i + 1];
      const jump = b.close / ref.close;
      const declared = b.split || next?.split || undefined;
      const reverts = next !== undefined && Math.abs(Math.log(next.close / ref.close)) < Math.log(1.5);
      if ((jump >= spikeFactor || jump <= 1 / spikeFactor) && reverts && !declared) {
        quarantined.push({
          file, row: b.row, time: b.time, code: 'price-spike', severity: 'quarantined',
          message: `close ${b.close} jumps ${jump.toFixed(3)}x from ${ref.close} (row ${ref.row}) and reverts on the next bar`,
        });
        continue;
      }
    }
    kept.push(b);
  }

  // Pass 3: an unadjusted split leaves everything before it on the old scale. The newest scale is the one prices
  // trade at now, so the older segment is quarantined rather than rescaled by a guess.
  let start = 0;
  for (let i = kept.length - 1; i > 0; i--) {
    const b = kept[i]!;
    const prev = kept[i - 1]!;
    const declared = b.split || kept[i + 1]?.split || undefined;
    const n = splitRatio(b.open / prev.close, declared) ?? splitRatio(b.close / prev.close, declared);
    if (n === undefined) continue;
    const ratioText = n > 0 ? `${n}:1 split` : `1:${-n} reverse split`;
    const note = declared ? ` (the file declares a split of ${declared})` : '';
    for (const q of kept.slice(0, i)) {
      quarantined.push({
        file, row: q.row, time: q.time, code: 'unadjusted-split', severity: 'quarantined',
        message: `price is not adjusted for a ${ratioText} at row ${b.row} (${isoTime(b.time)}): close ${prev.close} then open ${b.open}${note}`,
      });
    }
    start = i;
    break;
  }

  const valid: RawBar[] = kept.slice(start);
  const bars: Bar[] = valid.map(({ time, open, high, low, close, volume }) => ({ time, open, high, low, close, volume }));
  const barMs = options.barMs ?? inferBarMs(bars);
  quarantined.sort((a, b) => a.row - b.row);
  return { bars, rejected, quarantined, gaps: barMs ? findGaps(bars, barMs) : [], barMs };
}
