import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NewsBook } from '../../src/scanners/news-book.js';
import type { ScoredNews } from '../../src/news/news-port.js';

const item = (id: number, publishedAt: number): ScoredNews => ({ id: `n${id}`, title: `story ${id}`, summary: '', publishedAt, source: 'test', symbols: [], sentiment: 0 });

describe('news book', () => {
  it('holds the newest items first, the earlier-added first among equal times, at most maxItems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }), (max, times) => {
        const book = new NewsBook(max, Number.MAX_SAFE_INTEGER);
        const expected: ScoredNews[] = [];
        times.forEach((t, i) => {
          book.add(item(i, t * 1000));
          expected.push(item(i, t * 1000));
          // What it must equal: the whole list sorted again (stable) and cut after each item.
          expected.sort((a, b) => b.publishedAt - a.publishedAt);
          if (expected.length > max) expected.length = max;
          expect(book.recent(1e9).map((n) => n.id)).toEqual(expected.map((n) => n.id));
        });
      }),
    );
  });

  it('knows a headline while an item of it is held, and forgets it once none is (pushed out or too old)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 })), { maxLength: 40 }), (max, adds) => {
        const book = new NewsBook(max, 5_000);
        adds.forEach(([story, t], i) => {
          book.add({ id: `n${i}`, title: `Story number ${story}!`, summary: '', publishedAt: t * 1000, source: 'test', symbols: [], sentiment: 0 });
          const held = new Set(book.recent(9_000).map((n) => n.title));
          for (let k = 0; k < 4; k++) expect(book.hasHeadline(`story NUMBER ${k}`, 9_000)).toBe(held.has(`Story number ${k}!`));
        });
      }),
    );
  });

  it('forgets a headline past the window when asked of it, with no read in between (the same headline a quarter later)', () => {
    const DAY = 86_400_000;
    const book = new NewsBook(500, 5 * DAY);
    book.add({ ...item(1, 0), title: 'Oracle to report quarterly results' });
    expect(book.hasHeadline('Oracle to report quarterly results', 2 * DAY)).toBe(true);
    expect(book.hasHeadline('Oracle to report quarterly results', 91 * DAY)).toBe(false);
  });

  it('reaches back over a reader\'s wider window (5 daily bars over a weekend), and a narrower read since forgets none of it', () => {
    const DAY = 86_400_000;
    const book = new NewsBook(500, 5 * DAY);
    // Thursday, Friday and the next Tuesday; read on Thursday a week later, after five trading days.
    for (const [id, day] of [[1, 0], [2, 1], [3, 5]] as const) book.add(item(id, day * DAY + 15 * 3_600_000));
    const now = 6.5 * DAY;
    expect(book.recent(now).map((n) => n.id)).toEqual(['n3', 'n2']);
    expect(book.recent(now, undefined, 7 * DAY).map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
    // A 24/7 symbol's read of 5 days does not drop what the stock's 7 days hold.
    expect(book.recent(now + 3_600_000).map((n) => n.id)).toEqual(['n3', 'n2']);
    expect(book.recent(now + 3_600_000, undefined, 7 * DAY).map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
  });
});
