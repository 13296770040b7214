import { writeFile } from 'node:fs/promises';
import { makeFolder } from '../../core/make-folder.js';
import path from 'node:path';
import type { BacktestRecord } from '../backtest-record.js';
import type { BaselineReport, WalkForwardReport } from './report-types.js';
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

export async function writeReport(outDir: string, record: BacktestRecord, options: WriteReportOptions = {}): Promise<void> {
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
  for (const [name, text] of files) await writeFile(path.join(outDir, name), text, 'utf8');
}
