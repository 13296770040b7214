import { VirtualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { loadRecordedNews } from '../news/recorded-news.js';

/**
 * Reads --news once before the output folder is touched, so news the run cannot use (unreadable, or not one usable
 * item: a price file given as news) exits 78 with the previous run's outputs still in place. The run read it only
 * once it had cleared them, and a bad --news left --out empty of the report it held.
 */
export async function precheckNews(newsPath: string): Promise<void> {
  const clock = new VirtualClock(0);
  await loadRecordedNews(newsPath, clock, createLogger({ level: 'silent', clock }));
}
