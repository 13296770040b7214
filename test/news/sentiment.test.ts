import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreSentiment } from '../../src/news/sentiment.js';

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
    expect(scoreSentiment('Will Oracle rally?')).toEqual({ score: 0, hits: ['rally?'] });
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
