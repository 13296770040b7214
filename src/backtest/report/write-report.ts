import { renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { makeFolder } from '../../core/make-folder.js';
import path from 'node:path';
import type { BacktestRecord } from '../backtest-record.js';
import type { BacktestReport, BaselineReport, WalkForwardReport } from './report-types.js';
import { buildReportData } from './build-report.js';
import { equityCsv, fillsCsv, tradesCsv } from './report-csv.js';
import { reportPage } from './report-page.js';
import { chartLibrarySource } from './chart-library.js';

/**
 * Writes report.json, fills.csv, trades.csv, equity.csv and report.html into `outDir` (created if missing). Each file
 * is a pure function of the record: the same record gives the same bytes (fixed key order and number rounding, no
 * wall-clock fact; a run's duration belongs in a file of its own). `options.baseline` adds the coin-flip runs' figures
 * (report.json's `baseline`, a table on the page, rows in the summary table).
 */
export const REPORT_FILES = ['report.json', 'fills.csv', 'trades.csv', 'equity.csv', 'report.html'] as const;

export interface WriteReportOptions {
  baseline?: BaselineReport;
  /** `--walk-forward`: the folds' parameters and figures (the record is then the stitched out-of-sample one). */
  walkForward?: WalkForwardReport;
}

/** Resolves with the report written (report.json's content), for the summary table. */
export async function writeReport(outDir: string, record: BacktestRecord, options: WriteReportOptions = {}): Promise<BacktestReport> {
  const data = buildReportData(record, options.baseline, options.walkForward);
  const library = await chartLibrarySource();
  makeFolder(outDir);
  const files: [string, string][] = [
    ['report.json', `${JSON.stringify(data.report, null, 2)}\n`],
    ['fills.csv', fillsCsv(record)],
    ['trades.csv', tradesCsv(data.trips)],
    ['equity.csv', equityCsv(record, data.drawdown)],
    ['report.html', reportPage(record, data, library)],
  ];
  // Each file under a temporary name, then renamed, report.json last: a folder with a report.json holds the whole
  // report. Written in place, a run stopped or failing half-way (Ctrl-C, a full disk) left a report.json beside cut or
  // missing CSVs, which the dashboard and the next run took for a finished run.
  const placed: string[] = [];
  try {
    for (const [name, text] of files) await writeFile(partialOf(outDir, name), text, 'utf8');
    for (const [name] of [...files.slice(1), files[0]!]) {
      renameSync(partialOf(outDir, name), path.join(outDir, name));
      placed.push(name);
    }
  } catch (error) {
    for (const [name] of files) rmSync(partialOf(outDir, name), { force: true });
    for (const name of placed) rmSync(path.join(outDir, name), { force: true });
    throw error;
  }
  return data.report;
}

/** Where a report file is written before it is renamed into place (a run stopped meanwhile leaves it; the next removes it). */
export const partialOf = (outDir: string, name: string): string => path.join(outDir, `.${name}.partial`);
