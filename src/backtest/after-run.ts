// What a backtest's run leaves to say or to record once it has ended: the news its report names, and its warnings.
import { normalize, sep } from 'node:path';
import { counted } from '../core/plural.js';
import type { CliIo } from './backtest-command.js';
import { newsUnmappedLine } from './news-span.js';
import type { NewsCounts } from './run-backtest.js';

/**
 * The --news a run's report names: none when the scout saw no item of it (empty, unusable, or outside the span), which
 * then reads as a run without news; the warnings before the run said why.
 */
export function newsSeen(newsPath: string | undefined, run: { news?: { seen: number } }): string | undefined {
  return run.news && run.news.seen > 0 ? newsPath : undefined;
}

const WARNING = 'conclave backtest: warning: ';

/**
 * `io` whose warnings are also kept in `warnings`, for the report: the page showed none of them (times without a zone,
 * weekend stubs, rows dropped), which went to the terminal only.
 */
export function keepingWarnings(io: CliIo, warnings: string[]): CliIo {
  return Object.assign({}, io, {
    err: (line: string) => {
      if (line.startsWith(WARNING)) warnings.push(line.slice(WARNING.length));
      io.err(line);
    },
  });
}

/** The warnings as the report keeps them: paths inside the output folder named from it, so a run elsewhere reads alike. */
export function reportWarnings(warnings: readonly string[], outDir: string): string[] {
  const inside = normalize(outDir).replace(/[/\\]+$/, '') + sep;
  return warnings.map((w) => w.split(inside).join(''));
}

/** What a run (or the walk-forward's folds together) left to say: news naming none of its symbols, orders cancelled unfilled. */
export function warnAfterRun(
  io: CliIo,
  run: { news?: NewsCounts; expiredOrders?: number },
  facts: { newsPath: string | undefined; logFile: string; symbols: string[]; universe?: readonly { symbol: string; name?: string; aliases?: readonly string[] }[]; timeoutMs: number },
): void {
  const unmapped = facts.newsPath !== undefined && run.news ? newsUnmappedLine(facts.newsPath, run.news, facts.symbols, facts.universe) : undefined;
  if (unmapped) io.err(`conclave backtest: warning: ${unmapped}`);
  if (run.expiredOrders) {
    io.err(`conclave backtest: warning: ${counted(run.expiredOrders, 'order')} cancelled unfilled: the symbol had no bar within paperFillTimeoutMs (${facts.timeoutMs} ms, at least 2 bars) of the decision (a halt, a hole in the file, a file that ended); each is in ${facts.logFile} with its symbol and dates`);
  }
}
