/** A normalised news item. */
export interface NewsItem {
  /** Stable id (the feed's guid/id, else a hash of link and title). */
  id: string;
  title: string;
  /** Plain text, HTML stripped. */
  summary: string;
  link?: string;
  /** Epoch ms. When the item had no readable date this is the fetch time and `dateFallback` is true. */
  publishedAt: number;
  dateFallback?: boolean;
  /** Where it came from (feed title or URL, or "sim"). */
  source: string;
  /**
   * Which feed it came from, as an opaque key (feedKey: of a fetched feed's URL, of a saved feed's title): `id` is
   * unique only within one feed, so items already seen are remembered by both. Absent for a source of one feed (sim).
   */
  feed?: string;
}

/** The text an item is mapped and scored on: the scanner's, and check-feed's, so what check-feed shows is what trades. */
export const newsText = (item: Pick<NewsItem, 'title' | 'summary'>): string => `${item.title}. ${item.summary}`;

/** The news port. Adapters: simulated (default), RSS/Atom/JSON feeds over HTTP, a directory of saved feeds. */
export interface NewsSource {
  readonly name: string;
  /**
   * Items are served as the clock reaches their published time (a backtest's recorded news): one older than the
   * scanner's look-back is news gone stale, not a source of old items to be warned of.
   */
  readonly byClock?: boolean;
  /** Items currently available. Deduplication across calls is the scanner's job. */
  fetch(signal?: AbortSignal): Promise<NewsItem[]>;
}

/** A news item after symbol mapping and sentiment scoring. */
export interface ScoredNews extends NewsItem {
  symbols: string[];
  /** Sentiment in [-1, 1]. */
  sentiment: number;
}
