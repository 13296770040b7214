import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarValidator, validateBars, type BarIssue, type RawBar } from '../../src/market/bar-validator.js';
import type { Bar } from '../../src/market/market-port.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { checkData } from '../../src/market/check-data.js';
import { describeQuarantine } from '../../src/market/quarantine-report.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

interface Fault {
  kind: 'nan' | 'duplicate' | 'out-of-order' | 'unit' | 'split' | 'spike' | 'declared-split';
  at: number;
  /** Rows a unit error lasts; split ratio. */
  size: number;
}

/** A random walk (moves under 5 % a bar) with faults injected. */
function build(moves: number[], faults: Fault[]): RawBar[] {
  let price = 50;
  const rows: RawBar[] = moves.map((m, i) => {
    const open = price * (1 + m / 10);
    price = open * (1 + m);
    const close = price;
    return { row: i + 2, time: T0 + i * H, open, high: Math.max(open, close) * 1.01, low: Math.min(open, close) * 0.99, close, volume: 100 + i };
  });
  const scale = (r: RawBar, k: number) => Object.assign(r, { open: r.open * k, high: r.high * k, low: r.low * k, close: r.close * k });
  for (const f of faults) {
    const r = rows[f.at];
    if (!r) continue;
    if (f.kind === 'nan') r.close = NaN;
    else if (f.kind === 'duplicate' && f.at > 0) r.time = rows[f.at - 1]!.time;
    else if (f.kind === 'out-of-order') r.time = T0 - H;
    else if (f.kind === 'unit') rows.slice(f.at, f.at + f.size).forEach((x) => scale(x, f.size % 2 ? 100 : 0.01));
    else if (f.kind === 'split') rows.slice(f.at).forEach((x) => scale(x, 1 / f.size));
    else if (f.kind === 'spike') scale(r, 6.5);
    else if (f.kind === 'declared-split') {
      rows.slice(f.at).forEach((x) => scale(x, 1 / 3));
      r.split = 3;
    }
  }
  return rows;
}

const movesArb = fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 2, maxLength: 120 });
const faultArb = fc.record({
  kind: fc.constantFrom<Fault['kind']>('nan', 'duplicate', 'out-of-order', 'unit', 'split', 'spike', 'declared-split'),
  at: fc.integer({ min: 0, max: 119 }),
  size: fc.constantFrom(1, 2, 3, 5, 10),
});

/** Feeds rows one at a time, as a live feed or a backtest would. */
function stream(rows: readonly RawBar[]): { bars: Bar[]; issues: BarIssue[] } {
  const v = new BarValidator({ file: 'f' });
  const bars: Bar[] = [];
  const issues: BarIssue[] = [];
  for (const row of rows) {
    const r = v.check(row);
    if (r.status === 'valid') bars.push(r.bar);
    else issues.push(r.issue);
  }
  return { bars, issues };
}

const byRow = (a: BarIssue, b: BarIssue) => a.row - b.row;

describe('bar validation has no look-ahead', () => {
  it('batch validation of a series gives exactly what feeding its rows one by one gives', () => {
    fc.assert(
      fc.property(movesArb, fc.array(faultArb, { maxLength: 6 }), (moves, faults) => {
        const rows = build(moves, faults);
        const batch = validateBars(rows, { file: 'f' });
        const live = stream(rows);
        expect(batch.bars).toEqual(live.bars);
        expect([...batch.rejected, ...batch.quarantined].sort(byRow)).toEqual([...live.issues].sort(byRow));
      }),
      { numRuns: 300 },
    );
  });

  it('a later row never removes or alters an earlier verdict (every prefix agrees with the whole)', () => {
    fc.assert(
      fc.property(movesArb, fc.array(faultArb, { maxLength: 6 }), fc.integer({ min: 1, max: 120 }), (moves, faults, cut) => {
        const rows = build(moves, faults);
        const k = Math.min(cut, rows.length);
        const whole = validateBars(rows, { file: 'f' });
        const prefix = validateBars(rows.slice(0, k), { file: 'f' });
        expect(whole.bars.slice(0, prefix.bars.length)).toEqual(prefix.bars);
        const rowsIn = new Set(rows.slice(0, k).map((r) => r.row));
        const earlier = (list: BarIssue[]) => list.filter((i) => rowsIn.has(i.row));
        expect(earlier(whole.quarantined)).toEqual(prefix.quarantined);
        expect(earlier(whole.rejected)).toEqual(prefix.rejected);
      }),
      { numRuns: 300 },
    );
  });

  it('an unadjusted split quarantines from the split on and leaves every bar before it as it was', () => {
    fc.assert(
      fc.property(movesArb, fc.integer({ min: 1, max: 119 }), fc.constantFrom(2, 3, 4, 5, 10, 20), (moves, at, n) => {
        fc.pre(at < moves.length);
        const clean = validateBars(build(moves, []), { file: 'f' });
        const split = validateBars(build(moves, [{ kind: 'split', at, size: n }]), { file: 'f' });
        expect(split.bars).toEqual(clean.bars.slice(0, at));
        expect(split.quarantined).toHaveLength(moves.length - at);
        expect(split.quarantined.every((q) => q.code === 'unadjusted-split' && q.since?.row === at + 2)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a unit error that reverts costs only the bad rows', () => {
    fc.assert(
      fc.property(movesArb, fc.integer({ min: 1, max: 119 }), fc.constantFrom(1, 2, 3), (moves, at, size) => {
        fc.pre(at + size < moves.length);
        const bad = validateBars(build(moves, [{ kind: 'unit', at, size }]), { file: 'f' });
        expect(bad.quarantined.map((q) => [q.row, q.code])).toEqual(Array.from({ length: size }, (_, i) => [at + 2 + i, 'unit-error']));
        expect(bad.bars).toHaveLength(moves.length - size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the shared ORCL file with one unadjusted 2:1 split injected', () => {
  const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
  const SPLIT_DAY = '2008-06-02';

  /** Halves every price (doubles the volume) from SPLIT_DAY on: what a 2:1 split does to unadjusted data. */
  function withSplit(): { file: string; before: number; after: number } {
    const lines = readFileSync(ORCL, 'utf8').split('\n');
    let before = 0;
    let after = 0;
    const out = lines.map((line, i) => {
      if (i === 0 || line.trim() === '') return line;
      const f = line.split(',');
      if (f[0]! < SPLIT_DAY) {
        before++;
        return line;
      }
      after++;
      return [f[0], ...f.slice(1, 6).map((x) => String(Number(x) / 2)), String(Number(f[6]) * 2)].join(',');
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcl-split-')), 'orcl-split.txt');
    writeFileSync(file, out.join('\n'));
    return { file, before, after };
  }

  it('keeps every bar before the split exactly as in the clean file and quarantines every bar from it', async () => {
    const { file, before, after } = withSplit();
    expect(before).toBeGreaterThan(3000);
    const clean = await loadOhlcvFile(ORCL);
    const split = await loadOhlcvFile(file);
    expect(split.bars).toEqual(clean.bars.slice(0, before));
    expect(split.quarantined).toHaveLength(after);
    expect(new Set(split.quarantined.map((q) => q.code))).toEqual(new Set(['unadjusted-split']));
    expect(split.quarantined[0]!.message).toContain('2:1 split');
    expect(new Set(split.quarantined.map((q) => q.since?.time))).toEqual(new Set([Date.parse(`${SPLIT_DAY}T00:00:00Z`)]));
  });

  it('check-data says which rows, from when, why and what to do', async () => {
    const { file, before, after } = withSplit();
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain(`quarantined: ${after}`);
    expect(text).toContain(`${after} rows from ${SPLIT_DAY}T00:00:00Z (row ${before + 2})`);
    expect(text).toMatch(/the end of the file \[unadjusted-split\]: open [\d.]+ after the close [\d.]+ of row \d+ is the jump of a 2:1 split/);
    expect(text).toContain(`nothing from ${SPLIT_DAY}T00:00:00Z on is used`);
    expect(text).toContain('what to do: adjust the file for the 2:1 split: divide open, high, low and close of every row before it by 2 and multiply their volume by it');
    expect(text).toMatch(/\.\.\. and \d+ more rows like these/);
    expect(text).toContain(`result: WARN, ${before} of ${before + after} rows usable: ${after} rows`);
  });

  it("check-data's advice for a reverse split is the other way round, by the ratio it found", () => {
    const since = { row: 10, time: Date.UTC(1992, 4, 21) };
    const issue = (row: number, message: string) => ({ file: 'f.csv', row, time: since.time + (10 - row) * 86_400_000, code: 'unadjusted-split' as const, severity: 'quarantined' as const, message, since });
    const lines: string[] = [];
    describeQuarantine([issue(10, 'open 1260.32 after the close 616.99 of row 11 is the jump of a 1:2 reverse split'), issue(9, 'still on the unadjusted scale')], undefined, (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('    what to do: '))).toMatch(/^ {4}what to do: adjust the file for the 1:2 reverse split: multiply open, high, low and close of every row before it by 2 and divide their volume by it \(what split-adjusted data does\), or download adjusted data; then run check-data again\. If no split took place that day/);
  });

  it("check-data's advice names a declared split's ratio whole, not the digits after its point", () => {
    const since = { row: 10, time: Date.UTC(1992, 4, 21) };
    const lines: string[] = [];
    const issue = { file: 'f.csv', row: 10, time: since.time, code: 'unadjusted-split' as const, severity: 'quarantined' as const, message: 'open 40 after the close 60 of row 11 is the jump of a 1.5:1 split; the file declares a split of 1.5', since };
    describeQuarantine([issue, Object.assign({}, issue, { row: 9, message: 'still on the unadjusted scale' })], undefined, (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('    what to do: '))).toContain('adjust the file for the 1.5:1 split: divide open, high, low and close of every row before it by 1.5 and multiply');
  });
});

describe('the shared bad files, fed row by row', () => {
  const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
  /** The file cut after its k oldest data rows (a newest-first file keeps its header and its k last lines). */
  function oldest(name: string, k: number, descending: boolean): string {
    const [header, ...rows] = readFileSync(path.join(DIR, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const kept = descending ? rows.slice(rows.length - k) : rows.slice(0, k);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cut-')), name);
    writeFileSync(file, [header, ...kept].join('\n'));
    return file;
  }

  it.each([
    ['yfinance__4063-T-1d-bad-stock-split.csv', true],
    ['yfinance__ASAI-L-1h-bad-unit.csv', false],
  ])('%s: what is known after each row never changes afterwards', async (name, descending) => {
    const whole = await loadOhlcvFile(path.join(DIR, name));
    const byTime = (list: BarIssue[]) => list.map((q) => [q.time, q.code, q.since?.time]).sort((a, b) => Number(a[0]) - Number(b[0]));
    for (let k = 1; k <= whole.totalRows; k++) {
      const part = await loadOhlcvFile(oldest(name, k, descending));
      expect(whole.bars.slice(0, part.bars.length)).toEqual(part.bars);
      const until = Math.max(...part.bars.map((b) => b.time), ...part.quarantined.map((q) => q.time ?? 0));
      expect(byTime(whole.quarantined.filter((q) => (q.time ?? 0) <= until))).toEqual(byTime(part.quarantined));
    }
  });
});
