import type { ScoredNews } from '../news/news-port.js';
import { windowMs } from './news-window.js';
import { immutable } from '../core/freeze.js';

/** The recent scored news the scout reads: newest first, bounded in count and age. */
export class NewsBook {
  private items: ScoredNews[] = [];
  /** How many held items have each headline (see hasHeadline): kept with the items, so a check is one lookup. */
  private readonly headlines = new Map<string, number>();

  constructor(
    private readonly maxItems: number,
    private readonly maxAgeMs: number | (() => number),
  ) {}

  /** Kept as a frozen copy marked immutable: each discussion's snapshot of the news shares it instead of copying it. */
  add(item: ScoredNews): void {
    // Newest first, after the items of the same time (as a stable sort of the whole list would put it, once per item).
    let lo = 0;
    for (let hi = this.items.length; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.publishedAt >= item.publishedAt) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, immutable(Object.assign({}, item, { symbols: [...item.symbols] })));
    const key = headline(item.title);
    this.headlines.set(key, (this.headlines.get(key) ?? 0) + 1);
    if (this.items.length > this.maxItems) this.forget(this.items.splice(this.maxItems));
  }

  /** Items published in (now - maxAge, now]: nothing after `now` is returned, so replay stays point-in-time. */
  recent(now: number, symbol?: string): ScoredNews[] {
    const maxAge = windowMs(this.maxAgeMs);
    const kept = (i: ScoredNews) => now - i.publishedAt < maxAge || i.publishedAt > now;
    if (!this.items.every(kept)) {
      this.forget(this.items.filter((i) => !kept(i)));
      this.items = this.items.filter(kept);
    }
    return this.items.filter((i) => i.publishedAt <= now && (symbol === undefined || i.symbols.includes(symbol)));
  }

  /**
   * Whether an item of the same headline (case, spacing and punctuation aside) is held: the same story again under
   * another id, from this feed or another. Headlines under 8 characters are not compared.
   */
  hasHeadline(title: string): boolean {
    const key = headline(title);
    return key.length >= 8 && this.headlines.has(key);
  }

  private forget(items: readonly ScoredNews[]): void {
    for (const i of items) {
      const key = headline(i.title);
      const n = (this.headlines.get(key) ?? 1) - 1;
      if (n > 0) this.headlines.set(key, n);
      else this.headlines.delete(key);
    }
  }

  get size(): number {
    return this.items.length;
  }
}

const headline = (title: string): string => title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
