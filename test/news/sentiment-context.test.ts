import { describe, expect, it } from 'vitest';
import { newsText } from '../../src/news/news-port.js';
import { scoreSentiment } from '../../src/news/sentiment.js';
import { sharedFeedItems } from '../helpers/shared-feeds.js';

describe('scoreSentiment reads a word by its context', () => {
  it('reads dropping or abandoning a matter as its end, not as a price that dropped', () => {
    expect(scoreSentiment('Police dropped an investigation into the chief executive').hits).toEqual(['not investigation']);
    expect(scoreSentiment('Police dropped an investigation into the chief executive').score).toBeGreaterThan(0);
    expect(scoreSentiment('Fraud investigation dropped after review').hits).toEqual(['not fraud', 'not investigation']);
    expect(scoreSentiment('Regulator’s probe was dropped, lawyers say').hits).toEqual(['not probe']);
    expect(scoreSentiment('Judge dismisses class action against Visa').score).toBeGreaterThan(0);
    expect(scoreSentiment('Oracle abandons acquisition of rival').score).toBeLessThan(0);
    expect(scoreSentiment('Acme profit dropped 20% in the quarter').score).toBeLessThan(0);
    // A matter not dropped goes on; a verb with an object that is no term is no price move.
    expect(scoreSentiment('SEC did not drop the lawsuit').score).toBeLessThan(0);
    expect(scoreSentiment('The host then dropped the subject for the rest of the show')).toEqual({ score: 0, hits: [] });
    // The market’s people end matters too (read as a lawsuit and a bankruptcy before).
    expect(scoreSentiment('Creditors drop lawsuit against Oracle').hits).toEqual(['not lawsuit']);
    expect(scoreSentiment('Creditors drop lawsuit against Oracle').score).toBeGreaterThan(0);
    expect(scoreSentiment('Lenders withdraw bankruptcy petition against Acme').score).toBeGreaterThan(0);
  });

  it('still reads a price that drops as a drop', () => {
    expect(scoreSentiment('Oracle drops 5% after earnings').hits).toEqual(['drops']);
    expect(scoreSentiment('Visa shares dropped on probe news').score).toBeLessThan(-0.6);
    expect(scoreSentiment('Visa shares dropped on probe news').hits).toEqual(['dropped', 'probe']);
    expect(scoreSentiment('Oracle dropped the most since 2008').hits).toEqual(['dropped']);
    expect(scoreSentiment('Oracle shares drop a third').hits).toEqual(['drop']);
    expect(scoreSentiment('Oracle dropped sharply').score).toBeLessThan(0);
    // Shares drop nothing: "the day" is when, not what was dropped.
    expect(scoreSentiment('Oracle shares drop the day after earnings').hits).toEqual(['drop']);
  });

  it('reads a rally as a price move only where a price or market is', () => {
    expect(scoreSentiment('Opposition leader attacked hours after opposition rally').hits).toEqual([]);
    expect(scoreSentiment('Millions marched and held rallies in 50 states').score).toBe(0);
    expect(scoreSentiment('The party rallied around its president').score).toBe(0);
    expect(scoreSentiment('Stocks rally as inflation cools').hits).toEqual(['rally', 'inflation']);
    expect(scoreSentiment('Tech shares extend rally').score).toBeGreaterThan(0);
    expect(scoreSentiment('A relief rally lifts Wall Street').score).toBeGreaterThan(0);
    expect(scoreSentiment('Oracle rallies 8% on cloud deal').score).toBeGreaterThan(0);
    // A verb after its subject is the subject’s price; a noun, support or a gathering is not.
    expect(scoreSentiment('Oracle rallied after winning the contract').hits).toEqual(['rallied']);
    expect(scoreSentiment('Senator rallies the base at Trump rallies in Ohio').hits).toEqual([]);
  });

  it('reads a crash outside a market as an accident: bad news, not a market crash', () => {
    const car = scoreSentiment('Former NBA player killed in car crash aged 38');
    expect(car.hits).toEqual(['crash (not a price)']);
    expect(car.score).toBeLessThan(0);
    expect(car.score).toBeGreaterThan(scoreSentiment('Stock market crash wipes out savers').score);
    expect(scoreSentiment('Stock market crash wipes out savers').hits).toEqual(['crash']);
    expect(scoreSentiment('Crypto crash deepens').hits).toEqual(['crash']);
    expect(scoreSentiment('Plane crash kills 40; airline grounds fleet').score).toBeGreaterThan(-0.6);
  });

  it('reads a sell off and a default as such only of a market or a debt', () => {
    expect(scoreSentiment('DOJ told the company to sell off CNN').score).toBe(0);
    expect(scoreSentiment('Bonds sell off as yields jump').score).toBeLessThan(0);
    expect(scoreSentiment('Clang warns about the default label in a switch').hits).toEqual(['warns']);
    expect(scoreSentiment('Apps open links in the default browser').score).toBe(0);
    expect(scoreSentiment('Developer faces default on its loans').score).toBeLessThan(-0.6);
    expect(scoreSentiment('Sovereign default looms').score).toBeLessThan(-0.6);
    expect(scoreSentiment('Acme defaults').score).toBeLessThan(-0.6);
  });

  it('finds no rally, crash, sell off or default of a price or a debt on the shared feeds', () => {
    // General news: political rallies, a fatal car crash, a forced sale of a network, software defaults. Each of
    // these words used to score as a market move; none of these items is about a price.
    const words = /\b(rall(y|ies|ied)|crash(es)?|sell off|default)\b/i;
    let seen = 0;
    for (const item of sharedFeedItems()) {
      const text = newsText(item);
      if (!words.test(text)) continue;
      seen++;
      expect(scoreSentiment(text).hits.filter((h) => words.test(h) && !h.includes('(not a price)')), item.title).toEqual([]);
    }
    expect(seen).toBeGreaterThan(5);
  });
});
