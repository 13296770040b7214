import type { StoreDatabase } from './store-database.js';

/**
 * Which news items were already handled, across restarts: by feed (NewsItem.feed; '' for a source of one feed) and id,
 * as ids are unique only within a feed. The ids seen before feeds were told apart (table news_seen) are of no known
 * feed: each counts for every feed, so an upgraded store delivers none of them again; they go with the look-back.
 */
export interface NewsSeenRepository {
  hasSeenNews(id: string, feed?: string): boolean;
  markNewsSeen(id: string, time: number, feed?: string): void;
  /** Sets the item's seen time to `time` (an undated item still carried by its feed stays seen while it is). */
  touchNewsSeen(id: string, time: number, feed?: string): void;
  /** Forgets ids seen before `before`: items that old are ignored anyway, so the table stays bounded. The number forgotten. */
  pruneNewsSeen(before: number): number;
}

export class SqliteNewsSeenRepository implements NewsSeenRepository {
  constructor(private readonly database: StoreDatabase) {}

  hasSeenNews(id: string, feed = ''): boolean {
    const statement = this.database.statement(
      `SELECT 1 FROM news_seen_by_feed WHERE feed = ? AND id = ? UNION ALL SELECT 1 FROM news_seen WHERE id = ? LIMIT 1`,
    );
    return statement.get(feed, id, id) !== undefined;
  }

  markNewsSeen(id: string, time: number, feed = ''): void {
    this.database.statement(`INSERT OR IGNORE INTO news_seen_by_feed (feed, id, seen_at) VALUES (?, ?, ?)`).run(feed, id, time);
  }

  touchNewsSeen(id: string, time: number, feed = ''): void {
    // The feed's own row, written too when the item was seen by an id of no known feed, which is left to age out:
    // kept alive by the touches, it would go on hiding other feeds' items of that id.
    this.database
      .statement(`INSERT INTO news_seen_by_feed (feed, id, seen_at) VALUES (?, ?, ?) ON CONFLICT (feed, id) DO UPDATE SET seen_at = excluded.seen_at`)
      .run(feed, id, time);
  }

  pruneNewsSeen(before: number): number {
    const byFeed = this.database.statement(`DELETE FROM news_seen_by_feed WHERE seen_at < ?`).run(before).changes;
    return byFeed + this.database.statement(`DELETE FROM news_seen WHERE seen_at < ?`).run(before).changes;
  }
}
