import { VirtualClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { loadRecordedNews } from './recorded-news.js';
import type { NewsItem } from './news-port.js';

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;
const ISSUES_PRINTED = 20;

/**
 * `conclave check-feed` on recorded news for backtests (a JSON Lines file, or a folder of saved feeds): what
 * `backtest --news` would read, counted by reason, before a run. Check-feed read a JSON Lines file as one JSON Feed
 * ("not valid JSON at position 122") and refused a folder, so a news file could only be checked by a whole backtest.
 * Returns the exit code: 0 when there is a usable item, 1 otherwise.
 */
export async function checkRecordedNews(target: string, out: (line: string) => void, printItems: (items: readonly NewsItem[]) => void): Promise<number> {
  // Every item is visible on a clock past them all, and the look-back reaches back to the first.
  const news = await loadRecordedNews(target, new VirtualClock(8.64e15), silent, { lookbackMs: 8.64e15 * 2 });
  const stats = news.stats();
  out(`recorded news: ${target} (${stats.format === 'feeds' ? 'a folder of saved feeds' : /\.json$/i.test(target) ? 'JSON' : 'JSON Lines'}), as backtest --news reads it`);
  out(`items: ${stats.items}${stats.first ? `, published ${stats.first} to ${stats.last}` : ''}`);
  for (const note of stats.notes ?? []) out(`note: ${note}`);
  const rejected = Object.entries(stats.rejected).filter(([, n]) => n > 0);
  if (rejected.length > 0) out(`not used: ${rejected.map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  const issues = news.issues();
  for (const i of issues.slice(0, ISSUES_PRINTED)) out(`  ${i.file}${i.line !== undefined ? `:${i.line}` : ''} [${i.reason}] ${i.message}`);
  const total = rejected.reduce((n, [, k]) => n + k, 0);
  if (total > Math.min(issues.length, ISSUES_PRINTED)) out(`  ... and ${total - Math.min(issues.length, ISSUES_PRINTED)} more`);
  printItems(await news.fetch());
  if (stats.items === 0) {
    out('result: FAIL, no usable news item');
    return 1;
  }
  out('result: OK');
  return 0;
}
