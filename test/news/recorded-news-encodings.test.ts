import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;
const clock = () => new VirtualClock(Date.UTC(2024, 3, 1));
const ITEMS = [
  { publishedAt: '2024-03-01T14:30:00Z', title: 'ACME beats estimates' },
  { publishedAt: '2024-03-02T14:30:00Z', title: 'ACME raises guidance, shares jump' },
  { publishedAt: '2024-03-03T14:30:00Z', title: 'Café chain ACME: résumé of a record quarter' },
];

function file(name: string, body: string | Buffer): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'recorded-enc-')), name);
  writeFileSync(f, body);
  return f;
}

const lines = ITEMS.map((o) => JSON.stringify(o)).join('\r\n');

describe('recorded news files as tools other than a JSON Lines writer save them', () => {
  it('reads UTF-16 with a byte-order mark (PowerShell writes it): every line was "not JSON"', async () => {
    const f = file('news.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, 'utf16le')]));
    const news = await loadRecordedNews(f, clock(), silent, { lookbackMs: 60 * 86_400_000 });
    expect((await news.fetch()).map((i) => i.title)).toEqual(ITEMS.map((i) => i.title));
  });

  it('reads a gzip file as the JSON Lines it holds, and says what is wrong with a damaged one', async () => {
    const f = file('news.jsonl.gz', gzipSync(lines));
    const news = await loadRecordedNews(f, clock(), silent, { lookbackMs: 60 * 86_400_000 });
    expect((await news.fetch()).map((i) => i.title)).toEqual(ITEMS.map((i) => i.title));
    const cut = file('news.jsonl.gz', gzipSync(lines).subarray(0, 40));
    await expect(loadRecordedNews(cut, clock(), silent)).rejects.toThrow(/cannot read recorded news \(news\.jsonl\.gz is compressed \(gzip\) but damaged: unexpected end of file; download it again\)/);
  });

  it('says that UTF-16 without a byte-order mark is UTF-16, not that each line is not JSON', async () => {
    const f = file('news.jsonl', Buffer.from(lines, 'utf16le'));
    await expect(loadRecordedNews(f, clock(), silent)).rejects.toThrow(/holds NUL bytes: it looks like UTF-16 without a byte-order mark; save it as UTF-8/);
  });

  it('reads a JSON array of items, on one line or pretty-printed, element by element', async () => {
    for (const body of [JSON.stringify(ITEMS), JSON.stringify([...ITEMS, { title: 'no date' }], null, 2)]) {
      const f = file('news.json', body);
      const news = await loadRecordedNews(f, clock(), silent, { lookbackMs: 60 * 86_400_000 });
      expect((await news.fetch()).map((i) => i.title)).toEqual(ITEMS.map((i) => i.title));
      if (body.includes('no date')) expect(news.issues()).toEqual([expect.objectContaining({ line: 4, reason: 'no-date', message: expect.stringMatching(/^array element 4: no publishedAt/) })]);
    }
    // A one-line JSON Lines file is still a line.
    expect((await loadRecordedNews(file('one.jsonl', JSON.stringify(ITEMS[2])), clock(), silent)).stats().items).toBe(1);
  });

  it('reads NewsAPI’s answer saved whole, its description as the summary and its source’s name as the source', async () => {
    const article = (i: (typeof ITEMS)[number], n: number) => ({
      source: { id: null, name: `Wire ${n}` }, author: null, title: i.title, description: `<p>Story ${n} &amp; more</p>`,
      url: `https://example.com/${n}`, urlToImage: null, publishedAt: i.publishedAt, content: 'Body… [+2473 chars]',
    });
    const answer = { status: 'ok', totalResults: 3, articles: ITEMS.map(article) };
    for (const body of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
      const news = await loadRecordedNews(file('newsapi.json', body), clock(), silent, { lookbackMs: 60 * 86_400_000 });
      expect(news.stats().rejected['bad-json']).toBe(0);
      const items = await news.fetch();
      expect(items.map((i) => [i.title, i.summary, i.source])).toEqual(ITEMS.map((i, n) => [i.title, `Story ${n} & more`, `Wire ${n}`]));
    }
    // Each article on its own line, as a scraper writes them, reads the same.
    const perLine = await loadRecordedNews(file('articles.jsonl', ITEMS.map((i, n) => JSON.stringify(article(i, n))).join('\n')), clock(), silent, { lookbackMs: 60 * 86_400_000 });
    expect((await perLine.fetch()).map((i) => [i.summary, i.source])).toEqual(ITEMS.map((_, n) => [`Story ${n} & more`, `Wire ${n}`]));
    const error = { status: 'error', code: 'apiKeyInvalid', message: 'Your API key is invalid or incorrect.' };
    await expect(loadRecordedNews(file('newsapi.json', JSON.stringify(error)), clock(), silent)).rejects.toThrow(/is an API's error answer, not news: "Your API key is invalid or incorrect\."/);
  });

  it('reads a headline without the publisher’s name NewsAPI ends it with, so the publisher maps to no company', async () => {
    const items = [
      { source: { id: 'reuters', name: 'Reuters' }, title: 'ACME beats estimates - Reuters', publishedAt: '2024-03-01T14:30:00Z' },
      { source: { id: null, name: 'Reuters' }, title: 'ACME raises guidance - Reuters.com', publishedAt: '2024-03-02T14:30:00Z' },
      { source: 'Fox Business', title: 'ACME names a new CFO - Fox Business', publishedAt: '2024-03-03T14:30:00Z' },
      // Another name after the dash is the story's, and stays.
      { source: { id: null, name: 'Wire' }, title: 'ACME spins off its café unit - a deal with Reuters', publishedAt: '2024-03-04T14:30:00Z' },
    ];
    const news = await loadRecordedNews(file('newsapi.jsonl', items.map((o) => JSON.stringify(o)).join('\n')), clock(), silent, { lookbackMs: 60 * 86_400_000 });
    const titles = (await news.fetch()).map((i) => i.title);
    expect(titles).toEqual(['ACME beats estimates', 'ACME raises guidance', 'ACME names a new CFO', 'ACME spins off its café unit - a deal with Reuters']);
    const mapper = new SymbolMapper([{ symbol: 'ACME', names: ['ACME'] }, { symbol: 'TRI', names: ['Thomson Reuters', 'Reuters'] }, { symbol: 'FOX', names: ['Fox Business', 'Fox Corp'] }]);
    expect(titles.slice(0, 3).map((t) => mapper.match(t))).toEqual([['ACME'], ['ACME'], ['ACME']]);
  });

  it('names the field to rename when an item holds its time or headline under another key, as news APIs write them', async () => {
    const finnhub = { category: 'company', datetime: 1607418000, headline: 'Apple preps next Mac chips', id: 61651699, related: 'AAPL', source: 'Reuters', summary: 'Faster chips.', url: 'https://example.com/a' };
    const iex = { datetime: '2018-10-18T19:19:11-04:00', headline: 'Apple gets Street-high price target', related: 'AAPL', source: 'SeekingAlpha', summary: 'A new note.' };
    const titled = { publishedAt: '2024-03-01T14:30:00Z', headline: 'ACME beats estimates' };
    const news = await loadRecordedNews(file('api.jsonl', [finnhub, iex, titled, ...ITEMS].map((o) => JSON.stringify(o)).join('\n')), clock(), silent);
    expect(news.issues().map((i) => i.message)).toEqual([
      'no publishedAt; it has "datetime": 1607418000 (epoch seconds: multiply by 1000): name it publishedAt, in ISO 8601 with its zone (a time without one is read as UTC) or epoch milliseconds',
      'no publishedAt; it has "datetime": "2018-10-18T19:19:11-04:00": name it publishedAt, in ISO 8601 with its zone (a time without one is read as UTC) or epoch milliseconds',
      'no title (a non-empty string is required); it has "headline": "ACME beats estimates": name it title',
    ]);
    // With nothing of the kind, the reason stays as it was.
    expect((await loadRecordedNews(file('bare.jsonl', [{ title: 'x' }, ...ITEMS].map((o) => JSON.stringify(o)).join('\n')), clock(), silent)).issues()[0]!.message)
      .toBe('no publishedAt: a news item without a time cannot be placed on a calendar');
  });

  it('says that one JSON object over several lines that is no item is not news items (each line was "not JSON")', async () => {
    const rssAsJson = { rss: { version: '2.0', channel: { title: 'Scripting News', item: ITEMS.map((i) => ({ title: i.title, pubDate: i.publishedAt })) } } };
    await expect(loadRecordedNews(file('scripting.json', JSON.stringify(rssAsJson, null, 2)), clock(), silent))
      .rejects.toThrow(/is one JSON object \(keys "rss"\), not news items: write one item per line \(JSON Lines\) or an array of items/);
  });

  it('says that a CSV table of headlines is not JSON Lines, and what to write (each row was "not JSON")', async () => {
    const csv = [',title,date,stock', '0,Stocks That Hit 52-Week Highs On Friday,2020-06-05 10:30:00-04:00,A', '1,"UBS Maintains Neutral on Agilent, Raises Price Target to $88",2020-05-22 11:38:00-04:00,A'].join('\n');
    await expect(loadRecordedNews(file('ratings.csv', csv), clock(), silent))
      .rejects.toThrow('looks like CSV (its first line: ",title,date,stock"), not JSON Lines: write each row as {"publishedAt": …, "title": …} on a line of its own');
  });

  it('says that a JSON Feed is a saved feed to put in a folder', async () => {
    const feed = { version: 'https://jsonfeed.org/version/1.1', title: 'Wire', items: ITEMS.map((i, n) => ({ id: String(n), title: i.title, date_published: i.publishedAt })) };
    await expect(loadRecordedNews(file('feed.json', JSON.stringify(feed, null, 2)), clock(), silent)).rejects.toThrow(/looks like a saved JSON Feed, not JSON Lines; put feed files in a folder/);
  });
});

describe('recorded news items without an id', () => {
  it('are told apart by their time: the same headline on another day is another item, the same one twice a repeat', async () => {
    const quarterly = ['2012-03-01T21:00:00Z', '2012-06-01T21:00:00Z', '2012-09-01T21:00:00Z', '2012-09-01T21:00:00Z'].map((t) => JSON.stringify({ publishedAt: t, title: 'Oracle to report quarterly results' }));
    const news = await loadRecordedNews(file('news.jsonl', quarterly.join('\n')), new VirtualClock(Date.UTC(2013, 0, 1)), silent, { lookbackMs: 400 * 86_400_000 });
    // Three were dropped as repeats of the first ("id ... seen before"), leaving only March's.
    expect(news.stats()).toMatchObject({ items: 3, rejected: { duplicate: 1 } });
    expect((await news.fetch()).map((i) => new Date(i.publishedAt).toISOString())).toEqual(['2012-03-01T21:00:00.000Z', '2012-06-01T21:00:00.000Z', '2012-09-01T21:00:00.000Z']);
  });
});

describe('a recorded news file that is not UTF-8 (a Latin-1 export)', () => {
  it('is read as Windows-1252, with a note, so a company name with an accent still maps (it became U+FFFD unsaid)', async () => {
    const f = file('news.jsonl', Buffer.from('{"publishedAt":"2024-03-01T14:30:00Z","title":"Nestlé beats estimates"}\n', 'latin1'));
    const news = await loadRecordedNews(f, clock(), silent, { lookbackMs: 60 * 86_400_000 });
    const [item] = await news.fetch();
    expect(item!.title).toBe('Nestlé beats estimates');
    expect(new SymbolMapper([{ symbol: 'NESN', names: ['Nestlé'] }]).match(item!.title)).toEqual(['NESN']);
    expect(news.stats().notes).toEqual(['news.jsonl is not valid UTF-8: read as Windows-1252 (Latin-1), as such exports usually are; save it as UTF-8 if its accents read wrong']);
    // UTF-8 is read as it is, with no note.
    expect((await loadRecordedNews(file('news.jsonl', lines), clock(), silent)).stats().notes).toBeUndefined();
  });

  it('is UTF-8 with one stray byte: read as UTF-8 (the byte as U+FFFD), with a note, not as Windows-1252 throughout', async () => {
    const good = Buffer.from(lines, 'utf8');
    const at = good.indexOf('record') + 6;
    const f = file('news.jsonl', Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]));
    const news = await loadRecordedNews(f, clock(), silent, { lookbackMs: 60 * 86_400_000 });
    expect((await news.fetch()).map((i) => i.title)).toEqual([...ITEMS.slice(0, 2).map((i) => i.title), 'Café chain ACME: résumé of a record\uFFFD quarter']);
    expect(news.stats().notes).toEqual([`news.jsonl is UTF-8 with 1 byte that is not (the first at offset ${at}): read as U+FFFD, the rest as UTF-8`]);
  });
});
