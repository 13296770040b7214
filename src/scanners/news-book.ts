import type { ScoredNews } from '../news/news-port.js';
import { windowMs } from './news-window.js';
import { immutable } from '../core/freeze.js';

/** The recent scored news the scout reads: newest first, bounded in count and age. */
export class NewsBook {
  private items: ScoredNews[] = [];
  /**
   * How many held items have each headline, and the newest one's time (see hasHeadline): kept with the items, so a
   * check is one lookup. Items are forgotten oldest first, so the newest of a headline goes last.
   */
  private readonly headlines = new Map<string, { count: number; newest: number }>();
  /** The widest window a reader has asked for (recent's atLeastMs). */
  private widest = 0;

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
    const held = this.headlines.get(key);
    this.headlines.set(key, { count: (held?.count ?? 0) + 1, newest: Math.max(held?.newest ?? -Infinity, item.publishedAt) });
    if (this.items.length > this.maxItems) this.forget(this.items.splice(this.maxItems));
  }

  /**
   * Items published in (now - window, now], the window being maxAge or `atLeastMs` if longer (the span of the symbol's
   * last newsLookbackBars bars: 5 daily bars over a weekend are 7 days, not 5 × 24 h, and the scout read 2 of 4 items
   * of its window). Nothing after `now` is returned, so replay stays point-in-time.
   */
  recent(now: number, symbol?: string, atLeastMs = 0): ScoredNews[] {
    this.widest = Math.max(this.widest, atLeastMs);
    this.prune(now);
    const window = Math.max(windowMs(this.maxAgeMs), atLeastMs);
    return this.items.filter((i) => i.publishedAt <= now && now - i.publishedAt < window && (symbol === undefined || i.symbols.includes(symbol)));
  }

  /**
   * Whether an item of the same headline (case, spacing and punctuation aside) was published within the window before
   * `now` (or is held ahead of it): the same story again under another id, from this feed or another. Headlines under
   * 8 characters are not compared. (Held was enough before: with no discussion in between to prune the first, a
   * headline repeated a quarter later was dropped as a repeat.)
   */
  hasHeadline(title: string, now: number): boolean {
    this.prune(now);
    const key = headline(title);
    const held = key.length >= 8 ? this.headlines.get(key) : undefined;
    return held !== undefined && now - held.newest < windowMs(this.maxAgeMs);
  }

  /**
   * Forgets the items older than twice the widest window read: a window of bars is longer than bars × bar length over a
   * weekend or holidays, and a narrow read (a 24/7 symbol's, the scanner's) must not drop what a wider one reads next.
   * Items dated after `now` are kept (replay's future).
   */
  private prune(now: number): void {
    const maxAge = 2 * Math.max(windowMs(this.maxAgeMs), this.widest);
    const kept = (i: ScoredNews) => now - i.publishedAt < maxAge || i.publishedAt > now;
    if (!this.items.every(kept)) {
      this.forget(this.items.filter((i) => !kept(i)));
      this.items = this.items.filter(kept);
    }
  }

  private forget(items: readonly ScoredNews[]): void {
    for (const i of items) {
      const key = headline(i.title);
      const held = this.headlines.get(key);
      if (held && held.count > 1) held.count--;
      else this.headlines.delete(key);
    }
  }

  get size(): number {
    return this.items.length;
  }
}

const headline = (title: string): string => title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
