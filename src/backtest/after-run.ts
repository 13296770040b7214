// What a backtest's run leaves to say or to record once it has ended: the news its report names, and its warnings.
import { counted } from '../core/plural.js';
import type { CliIo } from './backtest-command.js';
import { newsUnmappedLine } from './news-span.js';

/**
 * The --news a run's report names: none when the scout saw no item of it (empty, unusable, or outside the span), which
 * then reads as a run without news; the warnings before the run said why.
 */
export function newsSeen(newsPath: string | undefined, run: { news?: { seen: number } }): string | undefined {
  return run.news && run.news.seen > 0 ? newsPath : undefined;
}

/** What a run (or the walk-forward's folds together) left to say: news naming none of its symbols, orders cancelled unfilled. */
export function warnAfterRun(
  io: CliIo,
  run: { news?: { seen: number; mapped: number }; expiredOrders?: number },
  facts: { newsPath: string | undefined; logFile: string; symbols: string[]; timeoutMs: number },
): void {
  const unmapped = facts.newsPath !== undefined && run.news ? newsUnmappedLine(facts.newsPath, run.news, facts.symbols) : undefined;
  if (unmapped) io.err(`conclave backtest: warning: ${unmapped}`);
  if (run.expiredOrders) {
    io.err(`conclave backtest: warning: ${counted(run.expiredOrders, 'order')} cancelled unfilled: the symbol had no bar within paperFillTimeoutMs (${facts.timeoutMs} ms, at least 2 bars) of the decision (a halt, a hole in the file, a file that ended); each is in ${facts.logFile} with its symbol and dates`);
  }
}
