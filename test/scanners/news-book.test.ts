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
          for (let k = 0; k < 4; k++) expect(book.hasHeadline(`story NUMBER ${k}`)).toBe(held.has(`Story number ${k}!`));
        });
      }),
    );
  });
});
