import { describe, expect, it } from 'vitest';
import { implementations } from './repository-implementations.js';

describe.each(implementations)('the news-seen repository (%s)', (_name, make) => {
  it('remembers items seen and forgets those seen before a time', () => {
    const { newsSeen } = make();
    expect(newsSeen.hasSeenNews('n-1')).toBe(false);
    newsSeen.markNewsSeen('n-1', 10);
    newsSeen.markNewsSeen('n-2', 20);
    newsSeen.markNewsSeen('n-1', 30); // already seen: keeps its first time
    expect(newsSeen.hasSeenNews('n-1')).toBe(true);
    expect(newsSeen.pruneNewsSeen(20)).toBe(1);
    expect(newsSeen.hasSeenNews('n-1')).toBe(false);
    expect(newsSeen.hasSeenNews('n-2')).toBe(true);
  });

  it('remembers an id by feed: the same id of another feed, or of a source of one feed, is not seen', () => {
    const { newsSeen } = make();
    newsSeen.markNewsSeen('1', 10, 'feed-a');
    expect(newsSeen.hasSeenNews('1', 'feed-a')).toBe(true);
    expect(newsSeen.hasSeenNews('1', 'feed-b')).toBe(false);
    expect(newsSeen.hasSeenNews('1')).toBe(false);
    newsSeen.markNewsSeen('1', 20);
    expect(newsSeen.hasSeenNews('1')).toBe(true);
    // A touch keeps the feed's item seen past the others' time.
    newsSeen.touchNewsSeen('1', 30, 'feed-a');
    expect(newsSeen.pruneNewsSeen(25)).toBe(1);
    expect(newsSeen.hasSeenNews('1', 'feed-a')).toBe(true);
    expect(newsSeen.hasSeenNews('1')).toBe(false);
  });
});

describe.each(implementations)('the forward-return repository (%s)', (_name, make) => {
  it('records each horizon’s return once, and gives them back shortest horizon first', () => {
    const { forwardReturns } = make();
    expect(forwardReturns.forwardReturnsOf('o-1')).toEqual([]);
    forwardReturns.recordForwardReturn('o-1', 5, 0.02, 100);
    forwardReturns.recordForwardReturn('o-1', 1, -0.01, 50);
    forwardReturns.recordForwardReturn('o-1', 5, 0.5, 200); // known already: kept as first written
    forwardReturns.recordForwardReturn('o-2', 1, 0.03, 50);
    expect(forwardReturns.forwardReturnsOf('o-1')).toEqual([
      { horizonBars: 1, forwardReturn: -0.01, knownAt: 50 },
      { horizonBars: 5, forwardReturn: 0.02, knownAt: 100 },
    ]);
  });
});
