import { describe, expect, it } from 'vitest';
import { analyzeScout, DEFAULT_SCOUT_OPTIONS, scoutWindows } from '../../src/agents/scout.js';
import type { ScoredNews } from '../../src/news/news-port.js';
import { contextOf, flatNoise, news } from './series.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { frozenCopy } from '../../src/core/freeze.js';

const HOUR = 3_600_000;
const bars = flatNoise(30);
const now = contextOf(bars).now; // the close of the last bar
const scout = (symbolNews: ScoredNews[], marketNews: ScoredNews[] = []) =>
  analyzeScout(contextOf(bars, { symbolNews, marketNews }), DEFAULT_SCOUT_OPTIONS);

const fresh = (hoursAgo: number, sentiment: number, title: string) => news({ publishedAt: now - hoursAgo * HOUR, sentiment, title });

describe('scout', () => {
  it('sees no catalyst without news', () => {
    const s = scout([]);
    expect(s.stance).toBe(0);
    expect(s.confidence).toBe(0.05);
    expect(s.rationale[0]).toContain('no news');
  });

  it('reads fresh, novel, positive news as a confident bullish catalyst', () => {
    const s = scout([
      fresh(1, 0.8, 'ACME beats earnings estimates'),
      fresh(2, 0.6, 'Analysts upgrade ACME after record quarter'),
      fresh(3, 0.7, 'ACME wins large government contract'),
    ]);
    expect(s.stance).toBeGreaterThan(0.5);
    expect(s.confidence).toBeGreaterThan(0.4);
    expect(s.rationale.join('\n')).toContain('latest: "ACME beats earnings estimates"');
  });

  it('reads negative news as bearish', () => {
    const s = scout([fresh(1, -0.9, 'ACME recalls its flagship product'), fresh(4, -0.5, 'Regulator opens probe into ACME')]);
    expect(s.stance).toBeLessThan(-0.4);
  });

  it('trusts stale news less than fresh news', () => {
    const items = (hoursAgo: number) => [fresh(hoursAgo, 0.8, 'ACME beats estimates'), fresh(hoursAgo + 1, 0.7, 'ACME raises guidance')];
    expect(scout(items(1)).confidence).toBeGreaterThan(scout(items(48)).confidence);
  });

  it('lets a newer item outweigh an older one of the opposite sign', () => {
    // Daily bars: the half-life is one bar (a day), the longer of it and 12 hours.
    expect(scout([fresh(1, 0.8, 'ACME soars on buyout talk'), fresh(60, -0.8, 'ACME slumps on weak outlook')]).stance).toBeGreaterThan(0.3);
  });

  it('counts repeated stories less (novelty)', () => {
    const repeated = [1, 2, 3, 4].map((h) => fresh(h, 0.8, 'ACME beats earnings estimates'));
    const distinct = [
      fresh(1, 0.8, 'ACME beats earnings estimates'),
      fresh(2, 0.8, 'New product line lifts ACME outlook'),
      fresh(3, 0.8, 'ACME expands into Asian markets'),
      fresh(4, 0.8, 'Record orders for ACME turbines'),
    ];
    expect(scout(repeated).metrics.novelty).toBeLessThan(scout(distinct).metrics.novelty!);
    expect(scout(repeated).confidence).toBeLessThan(scout(distinct).confidence);
  });

  it("weighs each list's own novelty when lists follow one another (the market news of one scan is weighed once)", () => {
    const first = fresh(3, 0.8, 'ACME beats earnings forecast');
    const repeat = fresh(2, 0.8, 'ACME beats earnings forecast again'); // 4 of its 5 words: novelty 0.2
    const other = fresh(2, 0.8, 'Regulator fines ACME over data breach'); // 1 of 9 words: novelty 8/9
    const x = [first, repeat];
    const y = [first, other]; // as long as x, the same first item
    const novelty = (symbolNews: ScoredNews[], marketNews: ScoredNews[] = []) => scout(symbolNews, marketNews).metrics.novelty;
    for (let round = 0; round < 2; round++) {
      expect(novelty(x)).toBeCloseTo((1 + 0.2) / 2, 3);
      expect(novelty(y)).toBeCloseTo((1 + 8 / 9) / 2, 3);
      // The same market news beside other symbols' news, and other market news beside the same symbol's.
      expect(novelty(x, y)).toBeCloseTo(0.6, 3);
      expect(novelty(y, x)).toBeCloseTo((1 + 8 / 9) / 2, 3);
      expect(novelty([...x])).toBeCloseTo(0.6, 3); // another array of the same items
    }
  });

  it('the news book shares its items with every discussion: a frozen copy, not the scanner\'s object', () => {
    const book = new NewsBook(10, 72 * HOUR);
    const item = fresh(1, 0.5, 'ACME beats earnings forecast');
    book.add(item);
    const [kept] = book.recent(now);
    expect(kept).toEqual(item);
    expect(kept).not.toBe(item);
    expect(Object.isFrozen(kept) && Object.isFrozen(kept!.symbols)).toBe(true);
    expect(Object.isFrozen(item)).toBe(false);
    const snapshot = frozenCopy({ news: book.recent(now) });
    expect(snapshot.news[0]).toBe(kept);
  });

  it('ignores items published after now and before the lookback', () => {
    // Daily bars: the look-back is 5 bars (the longer of them and 72 hours), 120 hours here.
    const s = scout([news({ publishedAt: now + HOUR, sentiment: 1, title: 'from the future' }), fresh(121, 1, 'too old')]);
    expect(s.metrics.symbolItems).toBe(0);
    expect(s.stance).toBe(0);
  });

  it('blends in the market mood, at half strength when the symbol is quiet', () => {
    const market = [fresh(1, -0.8, 'Markets slide on rate fears'), fresh(2, -0.6, 'Stocks fall worldwide')];
    const quiet = scout([], market);
    expect(quiet.stance).toBeCloseTo(0.5 * quiet.metrics.marketSentiment!, 4);
    expect(quiet.stance).toBeLessThan(0);
    const both = scout([fresh(1, 0.8, 'ACME beats estimates')], market);
    expect(both.stance).toBeLessThan(scout([fresh(1, 0.8, 'ACME beats estimates')]).stance);
  });

  it('measures velocity: a burst of recent items against the base rate', () => {
    const burst = [0.5, 1, 1.5, 2, 2.5].map((h, i) => fresh(h, 0.5, `story number ${i} about different things ${i * 7}`));
    const spread = [5, 20, 35, 50, 65].map((h, i) => fresh(h, 0.5, `story number ${i} about different things ${i * 7}`));
    expect(scout(burst).metrics.velocity).toBeGreaterThan(scout(spread).metrics.velocity!);
  });

  it('measures its windows in bars or hours, whichever is longer: bars on daily bars, hours on minute bars', () => {
    const daily = scoutWindows(contextOf(bars), DEFAULT_SCOUT_OPTIONS);
    // 5 daily bars back from the last close: from the open of the 5th last bar, 5 days.
    expect(daily).toEqual({ lookbackMs: 120 * HOUR, recentMs: 24 * HOUR, halfLifeMs: 24 * HOUR });
    const minute = bars.map((b, i) => ({ ...b, time: bars[0]!.time + i * 60_000 }));
    const ctx = { ...contextOf(bars), bars: minute, now: minute.at(-1)!.time + 60_000 };
    expect(scoutWindows(ctx, DEFAULT_SCOUT_OPTIONS)).toEqual({ lookbackMs: 72 * HOUR, recentMs: 6 * HOUR, halfLifeMs: 12 * HOUR });
    // A daemon replaying old daily bars years later: still 5 days of market time, not the years up to the clock.
    expect(scoutWindows({ ...contextOf(bars), now: bars.at(-1)!.time + 20 * 365 * 24 * HOUR }, DEFAULT_SCOUT_OPTIONS)).toEqual(daily);
    // 0 bars: hours only, on daily bars too.
    expect(scoutWindows(contextOf(bars), { ...DEFAULT_SCOUT_OPTIONS, lookbackBars: 0, recentBars: 0, halfLifeBars: 0 })).toEqual({ lookbackMs: 72 * HOUR, recentMs: 6 * HOUR, halfLifeMs: 12 * HOUR });
    // The item 100 hours old counts on daily bars, not on minute bars.
    const old = [fresh(100, 0.9, 'ACME wins a contract')];
    expect(analyzeScout(contextOf(bars, { symbolNews: old }), DEFAULT_SCOUT_OPTIONS).metrics.symbolItems).toBe(1);
    const oldOnMinutes = [news({ publishedAt: ctx.now - 100 * HOUR, sentiment: 0.9, title: 'ACME wins a contract' })];
    expect(analyzeScout({ ...ctx, symbolNews: oldOnMinutes }, DEFAULT_SCOUT_OPTIONS).metrics.symbolItems).toBe(0);
  });
});
