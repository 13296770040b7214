import type { NewsSeenRepository } from '../../src/store/news-seen-repository.js';

/** Which news items were seen, in memory (same contract: news-seen-repository.test.ts). */
export class MemoryNewsSeenRepository implements NewsSeenRepository {
  private readonly seen = new Map<string, number>();

  hasSeenNews(id: string): boolean {
    return this.seen.has(id);
  }

  markNewsSeen(id: string, time: number): void {
    if (!this.seen.has(id)) this.seen.set(id, time);
  }

  touchNewsSeen(id: string, time: number): void {
    if (this.seen.has(id)) this.seen.set(id, time);
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
