import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeed } from '../../src/news/feed-parser.js';
import { FeedParseError } from '../../src/news/feed-errors.js';

const DIR = path.resolve(process.cwd(), '../shared/data/feeds');
const FETCHED = Date.UTC(2026, 0, 1);
const load = (name: string, contentType?: string) => parseFeed(readFileSync(path.join(DIR, name)), { fetchedAt: FETCHED, contentType });

describe('every shared feed', () => {
  it.each(readdirSync(DIR))('%s yields items or a clear FeedParseError', (name) => {
    let result;
    try {
      result = load(name);
    } catch (error) {
      expect(error).toBeInstanceOf(FeedParseError);
      expect((error as Error).message.length).toBeGreaterThan(20);
      return;
    }
    for (const item of result.items) {
      expect(item.id).toBeTruthy();
      expect(item.title || item.summary || item.link).toBeTruthy();
      expect(Number.isFinite(item.publishedAt)).toBe(true);
      expect(item.summary).not.toMatch(/<\/?(p|div|br|img|a|span|strong|em|b|i|ul|li)(\s[^>]*)?\/?>/i);
      expect(item.title).not.toMatch(/&(amp|lt|gt|quot);/);
      expect(item.summary).not.toMatch(/\s{2,}/);
    }
    if (result.items.length === 0) expect(result.warnings.length).toBeGreaterThan(0);
  });
});

describe('formats', () => {
  it('reads RSS 2.0, 0.91, RDF, Atom (even saved as .rss)', () => {
    expect(load('rss-parser__guardian.rss')).toMatchObject({ format: 'rss', version: '2.0', title: 'The Guardian' });
    expect(load('rss-parser__guardian.rss').items).toHaveLength(55);
    expect(load('rss-parser__rss091.rss')).toMatchObject({ format: 'rss', version: '0.91' });
    expect(load('rss-parser__rss-1.rss').items).toHaveLength(69);
    expect(load('rss-parser__rss-1.rss').format).toBe('rdf');
    expect(load('rss-parser__craigslist.rss').items[0]!.publishedAt).toBe(Date.UTC(2017, 5, 21, 17, 33, 10));
    const reddit = load('rss-parser__reddit-home.rss');
    expect(reddit.format).toBe('atom');
    expect(reddit.items).toHaveLength(24);
    expect(load('node-feedparser__tpm.atom').items).toHaveLength(20);
  });

  it('reads JSON Feed', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Wire',
      items: [
        { id: '1', title: 'Acme beats', content_html: '<p>Acme <b>beats</b> estimates</p>', url: 'https://x.test/1', date_published: '2026-01-01T10:00:00Z' },
        { id: '2', content_text: 'No title here', date_published: 'garbage' },
        42,
      ],
    });
    const r = parseFeed(Buffer.from(json), { fetchedAt: FETCHED });
    expect(r).toMatchObject({ format: 'json', version: '1.1', title: 'Wire' });
    expect(r.items[0]).toMatchObject({ id: '1', title: 'Acme beats', summary: 'Acme beats estimates', publishedAt: Date.UTC(2026, 0, 1, 10), source: 'Wire' });
    expect(r.items[1]).toMatchObject({ id: '2', title: 'No title here', dateFallback: true, publishedAt: FETCHED });
    expect(r.warnings.join(' ')).toMatch(/item 3 is not an object/);
  });

  it('reads the complete items of a JSON Feed cut off before its end, as an RSS feed cut between items', () => {
    const items = [1, 2, 3].map((n) => ({ id: String(n), title: `Acme news ${n} {"x": [1]}`, date_published: `2026-01-0${n}T10:00:00Z`, tags: ['a', 'b'] }));
    const whole = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Wire', items }, null, 2);
    // Cut inside the third item's title, with a newline after it: it failed as "Bad control character", all items lost.
    const cut = `${whole.slice(0, whole.indexOf('Acme news 3') + 6)}\n`;
    const r = parseFeed(Buffer.from(cut), { fetchedAt: FETCHED });
    expect(r.items.map((i) => i.title)).toEqual(['Acme news 1 {"x": [1]}', 'Acme news 2 {"x": [1]}']);
    expect(r.title).toBe('Wire');
    expect(r.warnings.join(' ')).toMatch(/JSON feed is truncated \(cut off before its end\): read the 2 complete items before the cut/);
    expect(() => parseFeed(Buffer.from(whole.slice(0, whole.indexOf('"id"'))), { fetchedAt: FETCHED })).toThrow(/^JSON feed is truncated \(cut off before its end\), before its first complete item$/);
    // Broken, not cut: still refused as such.
    expect(() => parseFeed(Buffer.from(whole.replace('"Wire"', '"Wire" x')), { fetchedAt: FETCHED })).toThrow(/^JSON feed is not valid JSON/);
  });
});

describe('charsets', () => {
  it('decodes ISO-8859-1, windows-1251 and GB2312 declared in the prolog', () => {
    expect(load('rss-parser__encoding.rss').title).toBe('Jornal de Notícias - Últimas Notícias');
    expect(load('node-feedparser__iconv.xml').title).toMatch(/^Новости Оренбурга/);
    expect(load('rss-parser__encoding-gb2312.xml').title).toBe('互联网');
  });

  it('decodes undeclared Latin-1 that is not valid UTF-8', () => {
    const uol = load('rss-parser__uolNoticias.rss');
    expect(uol.charset).toBe('windows-1252');
    expect(uol.items[0]!.title).toContain('simulações');
  });

  it('takes the charset from the HTTP header', () => {
    const body = iconv.encode('<rss version="2.0"><channel><title>Привет</title><item><title>Рубль</title></item></channel></rss>', 'windows-1251');
    expect(parseFeed(body, { fetchedAt: FETCHED, contentType: 'application/rss+xml; charset=windows-1251' }).title).toBe('Привет');
  });

  it('decompresses a gzip body that arrived undecoded', () => {
    expect(load('node-feedparser__invalid-characters-gzipped.xml').items).toHaveLength(25);
    const gz = gzipSync(readFileSync(path.join(DIR, 'rss-parser__heise.atom')));
    expect(parseFeed(gz, { fetchedAt: FETCHED }).items).toHaveLength(15);
  });
});

describe('malformed input', () => {
  it('tolerates leading whitespace, unescaped &, missing closing root and nested items', () => {
    expect(load('rss-parser__itunes-keywords-array.rss').items).toHaveLength(1);
    const phys = load('rss-parser__XML_File_Daily_SCI-Tech_News.xml');
    expect(phys.items).toHaveLength(30);
    const unclosed = load('feedjira__InvalidDateFormat.xml');
    expect(unclosed.items).toHaveLength(2);
    expect(unclosed.warnings[0]).toMatch(/not well-formed XML \(line 1: Unclosed tag 'rss'/);
    const nested = load('node-feedparser__illegally-nested.xml');
    expect(nested.items).toHaveLength(10);
    expect(nested.items[0]!.publishedAt).toBe(Date.UTC(2018, 0, 17, 20, 50));
  });

  it('reads default namespaces and odd prefixes', () => {
    expect(load('node-feedparser__iconv.xml').items).toHaveLength(10);
    expect(load('feed-rs__rss_2.0_ilgiornale.xml').items[0]!.publishedAt).toBe(Date.UTC(2022, 10, 15, 20, 15, 4));
  });

  it('reports a truncated feed precisely', () => {
    expect(() => load('feedparser__rss_incomplete_cdata.xml')).toThrow(/feed is truncated .*: CDATA is not closed/);
    const text = readFileSync(path.join(DIR, 'rss-parser__guardian.rss'), 'utf8');
    const cutAt = text.indexOf('</description>', text.length / 2) - 10;
    expect(() => parseFeed(Buffer.from(text.slice(0, cutAt)), { fetchedAt: FETCHED })).toThrow(/feed is truncated \(cut off before its end\) \(line \d+\): Unexpected end of description/);
    // Cut between items: the complete items are still read, with a warning.
    const between = text.indexOf('<item>', text.length / 2);
    const partial = parseFeed(Buffer.from(text.slice(0, between)), { fetchedAt: FETCHED });
    expect(partial.items.length).toBeGreaterThan(5);
    expect(partial.items.length).toBeLessThan(55);
    expect(partial.warnings.join(' ')).toMatch(/not well-formed/);
  });

  it('says when a body is not a feed', () => {
    expect(() => load('rss-parser__unrecognized.rss')).toThrow(/not a feed.*HTML page/);
    expect(() => parseFeed(Buffer.from(''), { fetchedAt: FETCHED })).toThrow(/empty/);
    expect(() => parseFeed(Buffer.from('Internal Server Error'), { fetchedAt: FETCHED, url: 'http://x.test/feed' })).toThrow(/not a feed: the body starts with "Internal Server Error"/);
    // A local file's text is not quoted: an env file in a folder of feeds put its token in the log.
    expect(() => parseFeed(Buffer.from('CONCLAVE_HTTP_TOKEN=s3cret\n'), { fetchedAt: FETCHED })).toThrow(/^not a feed: the file holds text that is neither XML nor JSON$/);
    expect(() => parseFeed(Buffer.from('{"error":"nope"}'), { fetchedAt: FETCHED })).toThrow(/without an "items" array/);
    expect(() => parseFeed(Buffer.from('<html><body>hi</body></html>'), { fetchedAt: FETCHED })).toThrow(/<html>/);
  });

  it('refuses a gzip bomb beyond maxBytes', () => {
    const bomb = gzipSync(Buffer.alloc(2_000_000, 32));
    expect(() => parseFeed(bomb, { fetchedAt: FETCHED, maxBytes: 100_000 })).toThrow(/limit/);
  });
});

describe('normalisation', () => {
  it('strips HTML from summaries and titles and falls back on missing dates', () => {
    const alerts = load('feedjira__google_alerts_atom.xml');
    expect(alerts.items.every((i) => !i.title.includes('<b>'))).toBe(true);
    const herald = load('rss-parser__heraldsun.rss');
    expect(herald.items.every((i) => i.dateFallback && i.publishedAt === FETCHED)).toBe(true);
    const medium = load('rss-parser__content-encoded.rss');
    expect(medium.items[0]!.summary.length).toBeGreaterThan(50);
  });

  it('gives items without a guid a stable hashed id', () => {
    const a = load('feed-rs__rss_0.91_encoding_1.xml').items[0]!;
    const b = load('feed-rs__rss_0.91_encoding_1.xml').items[0]!;
    expect(a.id).toMatch(/^sha1:/);
    expect(a.id).toBe(b.id);
  });

  it('bounds items per feed', () => {
    const r = parseFeed(readFileSync(path.join(DIR, 'rss-parser__guardian.rss')), { fetchedAt: FETCHED, maxItems: 10 });
    expect(r.items).toHaveLength(10);
    expect(r.warnings.join(' ')).toMatch(/more than 10 items/);
  });

  it('keeps nothing of a feed’s body alive through the items cut from it', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: 20 }, (_, i) => {
      const body = `<rss><channel><item><guid>g${i}</guid><title>t${i}</title><description>${'x'.repeat(4_000_000 + i)}</description></item></channel></rss>`;
      return parseFeed(Buffer.from(body), { fetchedAt: FETCHED, maxBytes: 10_000_000 }).items;
    });
    gc();
    // 20 summaries of 2,000 characters; the bodies they were cut from are 80 MB.
    expect(kept.flat().map((item) => item.summary.length)).toEqual(Array(20).fill(2000));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20e6);
  });

  it('reads the first items of a feed of 150,000, in RSS and Atom (spread as arguments, they overflowed the stack)', () => {
    const many = (tag: string) => Array.from({ length: 150_000 }, (_, i) => `<${tag}><title>s${i}</title></${tag}>`).join('');
    const rss = `<rss><channel>${many('item')}</channel></rss>`;
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom">${many('entry')}</feed>`;
    for (const body of [rss, atom]) {
      const r = parseFeed(Buffer.from(body), { fetchedAt: FETCHED, maxItems: 500 });
      expect(r.items).toHaveLength(500);
    }
  });
});

describe('hostile input', () => {
  const parse = (body: string | Buffer) => parseFeed(typeof body === 'string' ? Buffer.from(body) : body, { fetchedAt: FETCHED, url: 'http://x.test/feed' });

  it('refuses deep nesting, external entities and prototype keys with a FeedParseError', () => {
    const deep = '<rss><channel><item><title>' + '<a>'.repeat(100_000) + 'x' + '</a>'.repeat(100_000) + '</title></item></channel></rss>';
    expect(() => parse(deep)).toThrow(FeedParseError);
    expect(() => parse('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>')).toThrow(FeedParseError);
    expect(() => parse('<rss><channel><item><__proto__><p>1</p></__proto__><title>x</title></item></channel></rss>')).toThrow(FeedParseError);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('does not expand internal entities (no billion laughs)', () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>';
    expect(parse(lol).items[0]!.title.length).toBeLessThan(10);
  });

  it('reads UTF-16 with a BOM and names control bytes in errors', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss><channel><item><title>hé</title></item></channel></rss>', 'utf16le')]);
    expect(parse(utf16).items[0]!.title).toBe('hé');
    expect(() => parse(Buffer.from([0, 0, 1, 60, 114]))).toThrow(/not a feed: the body starts with "\?<r"/);
  });

  it('throws nothing but FeedParseError on random input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)), fc.string({ maxLength: 400 }).map((s) => Buffer.from(`<rss><channel><item>${s}</item></channel></rss>`))), (body) => {
        try {
          parse(body);
        } catch (error) {
          if (!(error instanceof FeedParseError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('an aggregator’s item that names its publisher', () => {
  it('reads the headline without the publisher’s name Google News ends it with, keeping the item’s id', () => {
    const item = (title: string, source: string) =>
      `<item><title>${title}</title><link>https://news.example/${title.length}</link><guid isPermaLink="false">CBMi${title.length}</guid><pubDate>Mon, 02 Mar 2026 14:30:00 GMT</pubDate>${source}</item>`;
    const rss = (...items: string[]) => Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Top stories - Google News</title>${items.join('')}</channel></rss>`);
    const named = parseFeed(rss(
      item('ACME beats estimates - Reuters', '<source url="https://www.reuters.com">Reuters</source>'),
      item('ACME names a new CFO - Fox Business', '<source url="https://www.foxbusiness.com">Fox Business</source>'),
      item('ACME spins off a unit - a deal with Reuters', '<source url="https://example.com">Wire</source>'),
    ), { fetchedAt: FETCHED });
    expect(named.items.map((i) => i.title)).toEqual(['ACME beats estimates', 'ACME names a new CFO', 'ACME spins off a unit - a deal with Reuters']);
    // Without a <source> the title is the story's own, as before, and the id is the same either way.
    const bare = parseFeed(rss(item('ACME beats estimates - Reuters', '')), { fetchedAt: FETCHED });
    expect(bare.items[0]!.title).toBe('ACME beats estimates - Reuters');
    expect(bare.items[0]!.id).toBe(named.items[0]!.id);
  });
});
