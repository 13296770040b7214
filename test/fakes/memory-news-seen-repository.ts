import type { NewsSeenRepository } from '../../src/store/news-seen-repository.js';

/** Which news items were seen, in memory (same contract: news-seen-repository.test.ts). */
export class MemoryNewsSeenRepository implements NewsSeenRepository {
  /** By feed and id ('' is the feed of a source of one feed). A memory store has no ids from before feeds were told apart. */
  private readonly seen = new Map<string, number>();
  private readonly key = (feed: string, id: string) => `${feed}\n${id}`;

  hasSeenNews(id: string, feed = ''): boolean {
    return this.seen.has(this.key(feed, id));
  }

  markNewsSeen(id: string, time: number, feed = ''): void {
    if (!this.seen.has(this.key(feed, id))) this.seen.set(this.key(feed, id), time);
  }

  touchNewsSeen(id: string, time: number, feed = ''): void {
    this.seen.set(this.key(feed, id), time);
  }

  pruneNewsSeen(before: number): number {
    let n = 0;
    for (const [id, time] of this.seen) {
      if (time >= before) continue;
      this.seen.delete(id);
      n++;
    }
    return n;
  }
}
