import type { Logger } from '../core/logger.js';
import type { BarIssue } from './bar-validator.js';

/**
 * A file's rejected and quarantined rows, one warning each with file and row, at most `max` of them and then a count
 * (check-data lists them all). The daemon's replay and the backtest both log their files' bad rows this way.
 */
export function logBarIssues(logger: Logger, symbol: string, file: string, issues: readonly BarIssue[], max: number): void {
  for (const issue of issues.slice(0, max)) {
    logger.warn({ symbol, file: issue.file, row: issue.row, code: issue.code, severity: issue.severity }, `bar ${issue.severity}: ${issue.message}`);
  }
  if (issues.length > max) logger.warn({ symbol, file, more: issues.length - max }, 'more bad bars not logged; run conclave check-data for the full list');
}
