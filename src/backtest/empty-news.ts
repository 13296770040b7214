import type { NewsItem, NewsSource } from '../news/news-port.js';

/** A backtest given no recorded news: the scout sees none and says so. Never the simulated news of made-up companies. */
export class EmptyNews implements NewsSource {
  readonly name = 'none';
  async fetch(): Promise<NewsItem[]> {
    return [];
  }
}
