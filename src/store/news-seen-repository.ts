import type { StoreDatabase } from './store-database.js';

/** Which news items were already handled, across restarts. */
export interface NewsSeenRepository {
  hasSeenNews(id: string): boolean;
  markNewsSeen(id: string, time: number): void;
  /** Moves an id's seen time to `time` (an undated item still carried by its feed stays seen while it is). */
  touchNewsSeen(id: string, time: number): void;
  /** Forgets ids seen before `before`: items that old are ignored anyway, so the table stays bounded. The number forgotten. */
  pruneNewsSeen(before: number): number;
}

export class SqliteNewsSeenRepository implements NewsSeenRepository {
  constructor(private readonly database: StoreDatabase) {}

  hasSeenNews(id: string): boolean {
    return this.database.statement(`SELECT 1 FROM news_seen WHERE id = ?`).get(id) !== undefined;
  }

  markNewsSeen(id: string, time: number): void {
    this.database.statement(`INSERT OR IGNORE INTO news_seen (id, seen_at) VALUES (?, ?)`).run(id, time);
  }

  touchNewsSeen(id: string, time: number): void {
    this.database.statement(`UPDATE news_seen SET seen_at = ? WHERE id = ?`).run(time, id);
  }

  pruneNewsSeen(before: number): number {
    return this.database.statement(`DELETE FROM news_seen WHERE seen_at < ?`).run(before).changes;
  }
}
