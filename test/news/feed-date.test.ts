import { describe, expect, it } from 'vitest';
import { readFeedDate } from '../../src/news/feed-date.js';

const utc = (...a: [number, number, number, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0);

describe('readFeedDate', () => {
  it.each([
    ['Mon, 16 Oct 2017 15:10:00 +0000', utc(2017, 10, 16, 15, 10)],
    ['Wed, 17 Jan 2018 15:50:00 EST', utc(2018, 1, 17, 20, 50)],
    ['Tue, 20 Jul 2021 19:00:03 EDT', utc(2021, 7, 20, 23, 0, 3)],
    ['Tue, 15 Nov 2022 20:15:04 Z', utc(2022, 11, 15, 20, 15, 4)],
    ['Sat, Dec 16 2023 02:02:33 PM', utc(2023, 12, 16, 14, 2, 33)],
    ['03 Apr 02 1500 GMT', utc(2002, 4, 3, 15)],
    ['Seg, 24 Set 2018 19:42:40 -0300', utc(2018, 9, 24, 22, 42, 40)],
    ['Mar, 24 Sep 2018 19:42 -03:00', utc(2018, 9, 24, 22, 42)],
    ['Do, 12 Mär 2020 10:00:00 +0100', utc(2020, 3, 12, 9)],
    ['12 déc. 2019 08:00 CET', utc(2019, 12, 12, 7)],
    ['Fri, 19 May 2017 21:05:02 +0530', utc(2017, 5, 19, 15, 35, 2)],
    ['Thu, 1 Jan 98 00:00:00 GMT', utc(1998, 1, 1)],
    ['2018-09-19T05:11:22.000Z', Date.UTC(2018, 8, 19, 5, 11, 22)],
    ['2017-06-21T10:33:10-07:00', utc(2017, 6, 21, 17, 33, 10)],
    ['2023-01-25T19:03:02+01:00', utc(2023, 1, 25, 18, 3, 2)],
    ['2016-01-26', utc(2016, 1, 26)],
    ['1518478934', 1518478934000],
    ['1518478934123', 1518478934123],
    ['  Tue, 17 Oct 2017 22:17:00 +0000  ', utc(2017, 10, 17, 22, 17)],
    // US zones named without standard or daylight ("ET"): they were ignored and the time read as UTC, hours early.
    ['Jan 5, 2026 10:00 AM ET', utc(2026, 1, 5, 15)],
    ['Jul 6, 2026 4:00 PM ET', utc(2026, 7, 6, 20)],
    ['Mar 8, 2026 1:59 AM ET', utc(2026, 3, 8, 6, 59)],
    ['Mar 8, 2026 3:00 AM ET', utc(2026, 3, 8, 7)],
    ['Apr 3, 2006 9:30 AM ET', utc(2006, 4, 3, 13, 30)],
    ['Mar 20, 2006 9:30 AM ET', utc(2006, 3, 20, 14, 30)],
    ['2026-07-06 09:30 PT', utc(2026, 7, 6, 16, 30)],
    ['2026-01-05 10:00:00 UTC', utc(2026, 1, 5, 10)],
    ['2026/01/05 10:00:00', utc(2026, 1, 5, 10)],
    ['2026.1.5', utc(2026, 1, 5)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', utc(1994, 11, 6, 8, 49, 37)],
    ['Mon, 05 Jan 2026 10:00 MEZ', utc(2026, 1, 5, 9)],
  ])('%s', (text, expected) => {
    expect(readFeedDate(text)?.at).toBe(expected);
  });

  // A zone named but not known is no reason to read the time as UTC: the date is unreadable (the item says so).
  it.each(['', 'yesterday', 'not a date', '31 Apr 2020', '0001-01-01T00:00:00Z', '12345', 'Mon, 45 Foo 2020', 'Tue, 10 Jun 2003 04:00:00 EST5EDT', 'Mon, 05 Jan 2026 10:00:00 AZOST', '2026-01-05 10:00 XYZ'])('unreadable: %j', (text) => {
    expect(readFeedDate(text)).toBeUndefined();
  });
});
