import type { BarIssue } from './bar-validator.js';

/** Fewer closes outside their range than this say nothing of a cause. */
const MIN_ROWS = 10;
/** The share of them below their bar's low that tells an adjusted close (a settlement price falls on either side). */
const BELOW_SHARE = 0.9;

/**
 * Why a file's closes lie outside their bars, when its rows say it: an adjusted close (past prices lowered by later
 * dividends and splits) written beside the raw open, high and low, as FinRL's Yahoo downloader does, lies below the
 * bar's low on the older rows and inside it on the recent ones. Undefined when the rejected rows do not show that.
 */
export function adjustedCloseHint(rejected: readonly BarIssue[]): string | undefined {
  const outside = rejected.filter((r) => r.code === 'close-outside-range');
  const below = outside.filter((r) => r.closeBelowLow).length;
  if (outside.length < MIN_ROWS || below < BELOW_SHARE * outside.length) return undefined;
  return (
    `the close lies below its bar's low on ${below} of these ${outside.length} rows: it is likely an adjusted close (past ` +
    'prices lowered for later dividends and splits) beside unadjusted open, high and low, as FinRL\'s datasets write ' +
    "it; use a file whose four prices are adjusted alike (yfinance's auto_adjust=True) or whose close is the raw one"
  );
}
