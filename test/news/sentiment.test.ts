import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newsText } from '../../src/news/news-port.js';
import { scoreSentiment } from '../../src/news/sentiment.js';
import { sharedFeedItems } from '../helpers/shared-feeds.js';

describe('scoreSentiment', () => {
  it('scores finance verbs as traders read them', () => {
    expect(scoreSentiment('Acme beats estimates, raises guidance').score).toBeGreaterThan(0.5);
    expect(scoreSentiment('Acme misses estimates and cuts guidance').score).toBeLessThan(-0.5);
    expect(scoreSentiment('Analyst downgrade sends shares lower').score).toBeLessThan(0);
    expect(scoreSentiment('Analyst upgrade for Acme').score).toBeGreaterThan(0);
    expect(scoreSentiment('Acme files for bankruptcy').score).toBeLessThan(-0.6);
    expect(scoreSentiment('Acme posts record profit').score).toBeGreaterThan(0.6);
    expect(scoreSentiment('Trading halted after SEC probe').score).toBeLessThan(-0.6);
    expect(scoreSentiment('Stock soars on buyback').score).toBeGreaterThan(0.6);
  });

  it('matches multi-word phrases before the words inside them', () => {
    const r = scoreSentiment('Company announces guidance cut');
    expect(r.hits).toEqual(['guidance cut']);
    expect(scoreSentiment('Company raises guidance').hits).toEqual(['raises guidance']);
    expect(scoreSentiment('Chapter 11 filing expected').hits).toEqual(['chapter 11']);
  });

  it('flips polarity after a negation', () => {
    const r = scoreSentiment('Acme fails to beat estimates');
    expect(r.score).toBeLessThan(0);
    expect(r.hits).toEqual(['not beat estimates']);
    expect(scoreSentiment('No recall planned, company says').score).toBeGreaterThan(0);
    expect(scoreSentiment('Acme did not miss').score).toBeGreaterThan(0);
  });

  it('scores nothing in a question: it asks, it does not report', () => {
    expect(scoreSentiment('Will Oracle shares rally?')).toEqual({ score: 0, hits: ['rally?'] });
    expect(scoreSentiment('Is Oracle headed for bankruptcy?. Analysts weigh in').score).toBe(0);
    expect(scoreSentiment('Target plunges? Not so fast').score).toBe(0);
    // The sentence after a question still counts.
    expect(scoreSentiment('Can Apple beat estimates?. Apple beat estimates on Tuesday.').hits).toEqual(['beat estimates?', 'beat estimates']);
  });

  it('keeps a negation within its clause, and reads escaping a thing as its opposite', () => {
    expect(scoreSentiment('Visa shares not falling despite lawsuit').score).toBeLessThan(0);
    expect(scoreSentiment('Not delayed, shares plunge').score).toBeLessThan(0);
    expect(scoreSentiment('Oracle shares: not a crash, analysts say').score).toBeGreaterThan(0);
    expect(scoreSentiment('Apple avoids bankruptcy').score).toBeGreaterThan(0);
    expect(scoreSentiment('Ford rules out layoffs').score).toBeGreaterThan(0);
    expect(scoreSentiment('Apple cleared of fraud').score).toBeGreaterThan(0);
  });

  it('scores a price move in the words headlines use, after the price it moves', () => {
    expect(scoreSentiment('Oracle shares jump on cloud deal')).toEqual({ score: expect.closeTo(0.52, 2), hits: ['jump'] });
    expect(scoreSentiment('Oracle shares fall 5% in early trading').hits).toEqual(['fall']);
    expect(scoreSentiment('Oracle shares fall 5% in early trading').score).toBeLessThan(-0.25);
    expect(scoreSentiment('Stocks rise; Visa stock climbing').hits).toEqual(['rise', 'climbing']);
    expect(scoreSentiment('Shares of Visa drop').score).toBeLessThan(0);
    expect(scoreSentiment('Retail sales slip, revenue sinking').score).toBeLessThan(-0.5);
    expect(scoreSentiment('Nvidia stock surging, AMD shares plunging').hits).toEqual(['surging', 'plunging']);
  });

  it('keeps the negation and question rules for price moves', () => {
    expect(scoreSentiment('Oracle shares did not fall').hits).toEqual(['not fall']);
    expect(scoreSentiment('Oracle shares did not fall').score).toBeGreaterThan(0);
    expect(scoreSentiment('Visa shares fail to rise').score).toBeLessThan(0);
    expect(scoreSentiment('Will Oracle shares fall?')).toEqual({ score: 0, hits: ['fall?'] });
  });

  it('does not read a season, another verb or a noun as a price move', () => {
    expect(scoreSentiment('Register now for the Fall 2016 AdWords API Workshops!')).toEqual({ score: 0, hits: [] });
    expect(scoreSentiment('The runner slides into second; the deck has 40 slides').hits).toEqual([]);
    expect(scoreSentiment('Jump ahead to rising sea levels as oceans rise').hits).toEqual([]);
    // Too far from its subject, or in another clause: "shares" is not what falls.
    expect(scoreSentiment('Shares, the founder said, fall to the heirs').hits).toEqual([]);
    // On the real feeds these words occur 25 times in 19 items ("fall back", "fallen leaves", "drop us a line", "who
    // slides into second", "jump into", "rising health care costs"), never a price move: none scores.
    const moves = /\b(fall|falling|rise|rising|drop|dropping|jump|jumping|climb(ed|ing)?|gain(ed|ing)?|slid(e|es|ing)?|slip(s|ped|ping)?|sink|sinking|surging|plunging|tumbling|slumping|rallying|rebounded)\b/i;
    let seen = 0;
    for (const item of sharedFeedItems()) {
      const text = newsText(item);
      if (!moves.test(text)) continue;
      seen++;
      expect(scoreSentiment(text).hits.filter((h) => moves.test(h)), item.title).toEqual([]);
    }
    expect(seen).toBe(19);
  });

  it('is case-insensitive and respects word boundaries', () => {
    expect(scoreSentiment('ACME BEATS').hits).toEqual(['beats']);
    expect(scoreSentiment('beatsaber and missionary work in the probeland').hits).toEqual([]);
    expect(scoreSentiment('Downgraded!').hits).toEqual(['downgraded']);
  });

  it('is neutral on text without lexicon terms', () => {
    expect(scoreSentiment('The company held its annual meeting on Tuesday')).toEqual({ score: 0, hits: [] });
    expect(scoreSentiment('')).toEqual({ score: 0, hits: [] });
  });

  it('always stays within [-1, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const { score } = scoreSentiment(s);
        return Number.isFinite(score) && score >= -1 && score <= 1;
      }),
    );
    const many = 'plunges bankruptcy fraud crash '.repeat(100);
    expect(scoreSentiment(many).score).toBeGreaterThanOrEqual(-1);
  });
});
