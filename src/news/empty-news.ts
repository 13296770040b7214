import type { NewsItem, NewsSource } from './news-port.js';

/**
 * No news: a backtest given no recorded news, or a daemon on real prices whose news source is the simulation's (its
 * headlines would be made up about real symbols). The scout sees none and says so.
 */
export class EmptyNews implements NewsSource {
  readonly name = 'none';
  async fetch(): Promise<NewsItem[]> {
    return [];
  }
}
