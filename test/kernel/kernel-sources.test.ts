import { describe, expect, it } from 'vitest';
import { mergeSourceStats } from '../../src/kernel/kernel-sources.js';

describe('mergeSourceStats', () => {
  it("joins the exchange's and the feeds' sources instead of letting the last one win", () => {
    const market = { sources: { 'ccxt:binance': { state: 'open' } }, badBars: { rejected: 1, quarantined: 0 } };
    const news = { sources: { 'https://a.example/rss': { state: 'closed' } } };
    expect(mergeSourceStats(market, undefined, news)).toEqual({
      badBars: { rejected: 1, quarantined: 0 },
      sources: { 'ccxt:binance': { state: 'open' }, 'https://a.example/rss': { state: 'closed' } },
    });
    expect(mergeSourceStats(undefined, { replayExhausted: [] })).toEqual({ replayExhausted: [] });
  });
});
