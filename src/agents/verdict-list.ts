import type { VerdictListing } from '../store/audit-repository.js';

/** How many verdicts `conclave explain` lists without an id. */
export const LISTED_VERDICTS = 20;

/**
 * `conclave explain` without an id: the latest verdicts on stdout and, on stderr, what the list leaves out. An empty
 * store printed nothing at all (exit 0), and a backtest's 1,211 verdicts showed as 20 with nothing saying so.
 */
export function verdictList(latest: readonly VerdictListing[], total: number): { lines: string[]; note?: string } {
  const lines = latest.map((v) => `${v.id}  ${new Date(v.decidedAt).toISOString()}  ${v.symbol}  ${v.action}  conviction ${v.conviction.toFixed(2)}`);
  if (total === 0) return { lines, note: 'no verdict in this store yet: no opportunity has reached the panel (a backtest\'s summary says why)' };
  if (total <= latest.length) return { lines };
  return { lines, note: `the latest ${latest.length} of ${total} verdicts; name one to explain it (a backtest's fills.csv gives the verdictId of each entry and signal exit)` };
}
