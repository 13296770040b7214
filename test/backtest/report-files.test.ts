import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORT_FILES, writeReport } from '../../src/backtest/report/write-report.js';
import { summaryOf } from '../../src/backtest/report/build-report.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';
import type { BacktestRecord } from '../../src/backtest/backtest-record.js';
import { loadSymbols, syntheticRecord } from './synthetic-record.js';

/** RFC 4180 reader for the test: quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  expect(field).toBe('');
  return rows;
}

describe('report files', () => {
  let dir: string;
  let record: BacktestRecord;
  let written: BacktestReport;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'conclave-report-'));
    const symbols = await loadSymbols([
      { symbol: 'ORCL', file: 'backtrader__orcl-1995-2014.txt' },
      { symbol: 'GO,"OG"', file: 'backtesting.py__GOOG.csv' },
    ]);
    record = syntheticRecord('orcl and goog', symbols);
    written = await writeReport(path.join(dir, 'a'), record);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  const read = (run: string, file: string): Promise<string> => readFile(path.join(dir, run, file), 'utf8');

  it('gives back the report it wrote, whose summary is the one read alone (seeds, training runs)', async () => {
    const json = JSON.parse(await read('a', 'report.json')) as BacktestReport;
    expect(JSON.parse(JSON.stringify(written))).toEqual(json);
    expect(json.summary.trades).toBeGreaterThan(0);
    expect(summaryOf(record)).toEqual(written.summary);
  });

  it('writes the same bytes for the same record, on another day, from a copy of the record', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
    await writeReport(path.join(dir, 'b'), record);
    vi.useRealTimers();
    await writeReport(path.join(dir, 'c'), structuredClone(record));
    for (const file of REPORT_FILES) {
      const a = await readFile(path.join(dir, 'a', file));
      expect(a.length, file).toBeGreaterThan(0);
      expect(a.equals(await readFile(path.join(dir, 'b', file))), `${file} differs on another day`).toBe(true);
      expect(a.equals(await readFile(path.join(dir, 'c', file))), `${file} differs for a copy`).toBe(true);
    }
  });

  it('a write that fails half-way leaves no report.json, nor temporary files, so the folder never passes for a finished run', async () => {
    // Written in place, report.json and fills.csv were there beside a missing equity.csv (a full disk, Ctrl-C), and the
    // dashboard and the next run read the folder as a finished backtest.
    const out = path.join(dir, 'half');
    await mkdir(path.join(out, 'equity.csv'), { recursive: true }); // a write that fails on the fourth file
    await expect(writeReport(out, record)).rejects.toThrow();
    expect((await readdir(out)).sort()).toEqual(['equity.csv']);
    // The files of a whole write are all there, with nothing left beside them.
    await rm(path.join(out, 'equity.csv'), { recursive: true });
    await writeReport(out, record);
    expect((await readdir(out)).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('fills.csv has one row per fill, ISO UTC times and the symbol quoted where needed', async () => {
    const rows = parseCsv(await read('a', 'fills.csv'));
    expect(rows[0]).toEqual(['time', 'symbol', 'side', 'qty', 'price', 'fee', 'reason', 'clientOrderId', 'verdictId']);
    expect(rows.length - 1).toBe(record.fills.length);
    rows.slice(1).forEach((row, i) => {
      const f = record.fills[i]!;
      expect(row[0]).toBe(new Date(f.time).toISOString());
      expect(row[1]).toBe(f.symbol);
      expect(Number(row[3])).toBeCloseTo(f.qty, 8);
      expect(Number(row[4])).toBeCloseTo(f.price, 8);
      expect(row[8]).toBe(f.verdictId ?? '');
    });
    expect(rows.some((r) => r[1] === 'GO,"OG"')).toBe(true);
  });

  it('trades.csv: round trips with their exit, still-open ones with empty exit fields; the count is the summary', async () => {
    const report = JSON.parse(await read('a', 'report.json')) as BacktestReport;
    const rows = parseCsv(await read('a', 'trades.csv'));
    expect(rows[0]).toEqual(['symbol', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'qty', 'pnl', 'fees', 'exitReason']);
    const closed = rows.slice(1).filter((r) => r[3] !== '');
    const open = rows.slice(1).filter((r) => r[3] === '');
    expect(closed.length).toBe(report.summary.trades);
    expect(closed.length).toBeGreaterThan(50);
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect([r[4], r[6], r[8]]).toEqual(['', '', '']);
    for (const r of closed) expect(['signal', 'stop', 'target', 'time']).toContain(r[8]);
    // Partial exits: some entry appears in more than one round trip.
    const entries = closed.map((r) => `${r[0]}@${r[1]}`);
    expect(new Set(entries).size).toBeLessThan(entries.length);
    const pnl = closed.reduce((s, r) => s + Number(r[6]), 0);
    expect(pnl).toBeCloseTo(report.symbols.reduce((s, x) => s + x.pnl, 0), 4);
  });

  it('equity.csv: one row per equity row, its drawdown reaching the summary maximum', async () => {
    const report = JSON.parse(await read('a', 'report.json')) as BacktestReport;
    const rows = parseCsv(await read('a', 'equity.csv'));
    expect(rows[0]).toEqual(['time', 'equity', 'cash', 'exposure', 'drawdown']);
    expect(rows.length - 1).toBe(record.equity.length);
    const dd = rows.slice(1).map((r) => Number(r[4]));
    expect(Math.min(...dd)).toBe(report.summary.maxDrawdown);
    expect(Math.max(...dd)).toBe(0);
    expect(Number(rows[rows.length - 1]![1])).toBe(report.summary.endEquity);
  });

  it('report.json: both symbols, every role with the chief last, open positions with their value', async () => {
    const report = JSON.parse(await read('a', 'report.json')) as BacktestReport;
    expect(report.symbols.map((s) => s.symbol)).toEqual(['ORCL', 'GO,"OG"']);
    expect(report.agents.map((a) => a.role)).toEqual(['analyst', 'bear', 'bull', 'risk-doctor', 'scout', 'chief']);
    for (const a of report.agents) {
      expect(a.signals).toBe(a.abstentions + a.pending + a.scored);
      expect(a.hitRate).toBeGreaterThan(0.3);
      expect(a.hitRate).toBeLessThan(0.7);
    }
    expect(report.openPositions.length).toBe(record.openPositions.length);
    expect(report.summary.startEquity).toBe(100_000);
    expect(Math.abs(report.summary.totalReturn)).toBeLessThan(10);
    expect(report.span.periodsPerYear).toBeGreaterThan(240);
    expect(report.span.periodsPerYear).toBeLessThan(260);
  });
});
