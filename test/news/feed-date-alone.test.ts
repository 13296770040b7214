import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/news/feed-parser.js';

const rss = (date: string) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<item><title>ORCL beats estimates</title><link>https://example.com/a</link><dc:date>${date}</dc:date></item>
</channel></rss>`;

const day = Date.UTC(2017, 4, 26);

describe('a feed item dated by a day alone (a dc:date such as 2017-05-26)', () => {
  it('is known at the end of that UTC day when read from a saved feed, so a backtest does not trade it at that day\'s open', () => {
    expect(parseFeed(rss('2017-05-26'), { fetchedAt: 0 }).items[0]!.publishedAt).toBe(day + 86_400_000 - 1);
  });

  it('is known when fetched, if that is sooner (a live fetch during the day)', () => {
    const fetchedAt = day + 10 * 3_600_000;
    expect(parseFeed(rss('2017-05-26'), { fetchedAt }).items[0]!.publishedAt).toBe(fetchedAt);
    expect(parseFeed(rss('2017-05-26'), { fetchedAt: day + 3 * 86_400_000 }).items[0]!.publishedAt).toBe(day + 86_400_000 - 1);
  });

  it('a month alone (2017-05) is known at the end of that month', () => {
    expect(parseFeed(rss('2017-05'), { fetchedAt: 0 }).items[0]!.publishedAt).toBe(Date.UTC(2017, 5, 1) - 1);
  });

  it('is the end of that day however the day is written, in the zone it names', () => {
    // Only the ISO forms were: "May 26, 2017" was known at its midnight, traded at the open of a day it may not have reached.
    for (const text of ['May 26, 2017', '26 May 2017', 'Fri, 26 May 2017', 'May 26 2017', '2017/05/26']) {
      expect(parseFeed(rss(text), { fetchedAt: 0 }).items[0]!.publishedAt, text).toBe(day + 86_400_000 - 1);
    }
    expect(parseFeed(rss('Fri, 26 May 2017 EST'), { fetchedAt: 0 }).items[0]!.publishedAt).toBe(day + 5 * 3_600_000 + 86_400_000 - 1);
    expect(parseFeed(rss('Fri, 26 May 2017 09:30'), { fetchedAt: 0 }).items[0]!.publishedAt).toBe(day + 9.5 * 3_600_000);
  });

  it('warns, once a feed, of clock times written without a zone (read as UTC), and of no other date', () => {
    const zoneless = parseFeed(rss('Sat, Dec 16 2023 02:02:33 PM'), { fetchedAt: 0 });
    expect(zoneless.items[0]!.publishedAt).toBe(Date.UTC(2023, 11, 16, 14, 2, 33));
    expect(zoneless.warnings).toEqual(['item dates give a clock time without a time zone: read as UTC, hours off if the publisher wrote its local time (item 1: "Sat, Dec 16 2023 02:02:33 PM")']);
    for (const text of ['Sat, 16 Dec 2023 14:02:33 -0500', '2023-12-16T14:02:33Z', '2023-12-16', 'Dec 16, 2023', '1702735353']) expect(parseFeed(rss(text), { fetchedAt: 0 }).warnings, text).toEqual([]);
  });

  it('keeps a date with a time as it is', () => {
    expect(parseFeed(rss('2017-05-26T13:05:00Z'), { fetchedAt: 0 }).items[0]!.publishedAt).toBe(day + 13 * 3_600_000 + 5 * 60_000);
  });
});
