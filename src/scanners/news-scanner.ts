import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { newsText, type NewsItem, type NewsSource, type ScoredNews } from '../news/news-port.js';
import { newsSubject } from '../news/news-subject.js';
import { scoreSentiment } from '../news/sentiment.js';
import type { SymbolMapper } from '../news/symbol-map.js';
import { Cooldown } from './cooldown.js';
import type { NewsBook } from './news-book.js';
import type { Opportunity } from '../domain/opportunity.js';
import { withChanges } from '../core/with-changes.js';
import { windowMs } from './news-window.js';

/** Remembers which items were already handled, by feed and id, across restarts (the store implements it). */
export interface SeenNews {
  hasSeenNews(id: string, feed?: string): boolean;
  markNewsSeen(id: string, time: number, feed?: string): void;
  touchNewsSeen(id: string, time: number, feed?: string): void;
  pruneNewsSeen(before: number): number;
}

export interface NewsScannerOptions {
  clock: Clock;
  logger: Logger;
  source: NewsSource;
  mapper: SymbolMapper;
  seen: SeenNews;
  book: NewsBook;
  /** Items older than this are dropped (a function: the longer of a duration and some bars, see news-window.ts). */
  lookbackMs: number | (() => number);
  minSentiment: number;
  /** An item naming more symbols than this is a roundup: no opportunity, market news only (newsMaxSymbols; default 3). */
  maxSymbols?: number;
  cooldownMs: number;
  /** At most one opportunity per symbol within this many of its bars, when its bar length is known (0 or absent: `cooldownMs`). */
  cooldownBars?: number;
  barMsOf?: (symbol: string) => number | undefined;
  priceOf: (symbol: string, signal: AbortSignal) => Promise<number>;
  publish: (opportunity: Opportunity, signal: AbortSignal) => Promise<void>;
  /** Whether a news opportunity on the symbol with this reason's start was published since (the store, across restarts). */
  publishedSince?: (symbol: string, reasonStart: string, since: number) => boolean;
}

export interface NewsScanResult {
  fetched: number;
  fresh: number;
  /** Fresh items that named at least one symbol (roundups too). */
  mapped: number;
  /** The symbols fresh items named (their subject's, and a roundup's names), once per item. */
  named: string[];
  /** Fresh items that named more than maxSymbols: kept as market news, no opportunity. */
  roundups: number;
  published: number;
}

/** One news scan: fetch, drop items already seen or too old, map to the symbols each is news of, score sentiment, publish. */
export class NewsScanner {
  private readonly cooldown: Cooldown;
  private seq = 0;
  private warnedOutside = false;

  constructor(private readonly options: NewsScannerOptions) {
    this.cooldown = new Cooldown(options.cooldownMs);
  }

  /** When a previous run of this store last published news of each symbol: its cooldown runs from there across the restart. */
  rememberPublished(times: ReadonlyMap<string, number>): void {
    for (const [symbol, at] of times) this.cooldown.tryAcquire(symbol, at, this.cooldownMsOf(symbol));
  }

  async scan(signal: AbortSignal): Promise<NewsScanResult> {
    return this.read(signal, true);
  }

  /**
   * A scan that publishes nothing: the items go into the seen set and the news book as a scan's do. A walk-forward
   * fold's run primes with the news before its start, which the previous fold's run saw (run-backtest.ts).
   */
  async prime(signal: AbortSignal): Promise<NewsScanResult> {
    return this.read(signal, false);
  }

  private async read(signal: AbortSignal, publish: boolean): Promise<NewsScanResult> {
    const { clock, source, mapper, seen, book, minSentiment, logger } = this.options;
    const items = await source.fetch(signal);
    const now = clock.now();
    const lookbackMs = windowMs(this.options.lookbackMs);
    seen.pruneNewsSeen(now - lookbackMs);
    let fresh = 0;
    let mapped = 0;
    const named: string[] = [];
    let roundups = 0;
    let published = 0;
    const ordered = [...items].sort((a, b) => a.publishedAt - b.publishedAt || a.id.localeCompare(b.id));
    // Every fresh item goes into the book before any opportunity is published: a discussion that starts while the
    // scan is still publishing reads the whole scan's news, however many discussions run at once (with one item in
    // the book at a time, consumerConcurrency 1 and 8 gave the scout different news in the same backtest).
    const toPublish: { item: NewsItem; scored: ScoredNews; score: number; hits: string[] }[] = [];
    let old = 0;
    let ahead = 0;
    let repeated = 0;
    for (const item of ordered) {
      if (signal.aborted) break;
      const isOld = now - item.publishedAt > lookbackMs;
      const isAhead = !isOld && item.publishedAt > now + 60_000;
      if (isOld) old++;
      if (isAhead) ahead++;
      if (isOld || isAhead) continue;
      // By feed: one feed's id (a hostile feed copying another's guids, two feeds numbering theirs 1, 2, 3) no longer
      // hides another feed's item of the same id.
      if (seen.hasSeenNews(item.id, item.feed)) {
        // An undated item is dated by each fetch, so it is never old: while its feed carries it, it stays seen (it came
        // back as news once the look-back had pruned it, and was traded again every look-back).
        if (item.dateFallback) seen.touchNewsSeen(item.id, now, item.feed);
        continue;
      }
      seen.markNewsSeen(item.id, now, item.feed);
      // One story, not more evidence: a feed repeating one headline under 1,000 ids filled the book, took the scout to
      // its highest confidence and published the symbol again after each cooldown.
      if (book.hasHeadline(item.title, now)) {
        repeated++;
        continue;
      }
      fresh++;
      const { score, hits } = scoreSentiment(newsText(item));
      // Only the item's subject (its headline's symbols, else its summary's): a rival the summary names in passing
      // got an opportunity, and the scout's news, with this item's sentiment. A roundup is news of none of its names.
      const subject = newsSubject(mapper, item, this.options.maxSymbols);
      const scored: ScoredNews = withChanges(item, { symbols: subject.symbols, sentiment: score });
      book.add(scored);
      if (subject.symbols.length > 0 || subject.roundup.length > 0) mapped++;
      named.push(...subject.symbols, ...subject.roundup);
      if (subject.roundup.length > 0) roundups++;
      // A discussion only for a headline's symbols: a summary naming a company under a headline that names none (a
      // quiz, a workshop notice, a newsletter) is rarely news of it, and its sentiment is the item's, not the company's.
      if (publish && Math.abs(score) >= minSentiment && subject.from === 'title') toPublish.push({ item, scored, score, hits });
    }
    if (publish && !source.byClock && old + ahead > 0 && old + ahead === ordered.length && !this.warnedOutside) {
      // Said once: a source whose every item falls outside the window (a folder of old feeds, a replay of old bars:
      // news is judged on the clock) otherwise looked like a quiet news day for ever. Not of a backtest's --news, whose
      // last item aging past the look-back told the run given --news to use --news.
      this.warnedOutside = true;
      logger.warn(
        { older: old, ahead, lookbackMs },
        'news scan: every item fetched is outside newsLookbackMs of now (older, or dated ahead of the clock); none reaches the panel. News is judged on the clock: to run recorded news against old bars, use `conclave backtest --news`',
      );
    }
    if (repeated > 0) logger.debug({ repeated }, 'news scan: items repeating a headline already held were not counted again');
    if (roundups > 0) logger.debug({ roundups }, 'news scan: items naming more than newsMaxSymbols symbols were kept as market news, with no opportunity');
    let again = 0;
    // Newest first: a symbol's cooldown lets one story of a scan through, and it must be the latest word on it. Oldest
    // first, a start (or a feed added) with a day of backlog discussed the oldest story's direction and dropped the
    // newer ones, a reversal included.
    // Undated items last: stamped with the fetch time, they only looked newest (a feed without dates gave its whole
    // backlog, and one of its stories took a symbol's cooldown from a dated story minutes old).
    const latestFirst = [...toPublish.filter((p) => !p.item.dateFallback).reverse(), ...toPublish.filter((p) => p.item.dateFallback).reverse()];
    for (const { item, scored, score, hits } of latestFirst) {
      if (signal.aborted) break;
      const headline = `news "${item.title.slice(0, 120)}" sentiment `;
      for (const symbol of scored.symbols) {
        // The book forgets at a restart: a feed whose URL changed, or that renumbered its ids, delivered its look-back
        // again, and each story already discussed was published again.
        if (this.options.publishedSince?.(symbol, headline, now - lookbackMs)) {
          again++;
          continue;
        }
        if (!this.cooldown.tryAcquire(symbol, now, this.cooldownMsOf(symbol))) continue;
        let price: number;
        try {
          price = await this.options.priceOf(symbol, signal);
        } catch (error) {
          logger.warn({ symbol, err: (error as Error).message }, 'news scan: no price for a mapped symbol; item not published');
          continue;
        }
        await this.options.publish(
          {
            id: `opp-n-${now.toString(36)}-${++this.seq}-${symbol}`,
            symbol,
            source: 'news',
            direction: score > 0 ? 'long' : 'short',
            score,
            price,
            reason: `${headline}${score.toFixed(2)} (${hits.join(', ')})`,
            createdAt: now,
            kind: 'news',
          },
          signal,
        );
        published++;
      }
    }
    if (again > 0) logger.info({ again }, 'news scan: stories already published within the look-back (a restart, another id or feed URL) were not published again');
    return { fetched: items.length, fresh, mapped, named, roundups, published };
  }

  private cooldownMsOf(symbol: string): number {
    const bars = this.options.cooldownBars ?? 0;
    let barMs: number | undefined;
    try {
      barMs = bars > 0 ? this.options.barMsOf?.(symbol) : undefined;
    } catch {
      // A symbol the market does not know (its price fails next, with a warning): the duration applies.
      barMs = undefined;
    }
    return barMs !== undefined && barMs > 0 ? bars * barMs : this.options.cooldownMs;
  }
}
