import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { FeedSource } from '../../src/news/feed-source.js';
import { parseFeed } from '../../src/news/feed-parser.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const FETCHED = Date.UTC(2024, 0, 2);
const RSS = '<?xml version="1.0" encoding="UTF-16"?>\n<rss version="2.0"><channel><title>Café “Wire”</title><item><title>Nestlé’s “record” quarter</title></item></channel></rss>';
const JSON_FEED = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Wire', items: [{ id: '1', title: 'Nestlé’s “record” quarter' }] });
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('a feed in UTF-16 without a byte-order mark', () => {
  it('is read as UTF-16, little- or big-endian, by the NUL bytes beside its first characters, and said', () => {
    for (const [body, charset] of [
      [Buffer.from(RSS, 'utf16le'), 'utf-16le'],
      [utf16be(RSS), 'utf-16be'],
      [Buffer.from(`\r\n  ${RSS.replace(/^<\?xml[^>]*>\n/, '')}`, 'utf16le'), 'utf-16le'],
      [utf16be(JSON_FEED), 'utf-16be'],
    ] as const) {
      const feed = parseFeed(body, { fetchedAt: FETCHED });
      expect(feed.charset).toBe(charset);
      expect(feed.items.map((i) => i.title)).toEqual(['Nestlé’s “record” quarter']);
      expect(feed.warnings[0]).toBe(`the body is ${charset.toUpperCase()} without a byte-order mark (its NUL bytes say so); read as ${charset.toUpperCase()}`);
    }
  });

  it('is read as UTF-16 though its Content-Type names another charset, which is said', () => {
    const feed = parseFeed(utf16be(RSS), { fetchedAt: FETCHED, contentType: 'application/rss+xml; charset=ISO-8859-1' });
    expect(feed.title).toBe('Café “Wire”');
    expect(feed.warnings[0]).toMatch(/UTF-16BE without a byte-order mark .*, though declared windows-1252; read as UTF-16BE/);
  });
});

describe('a UTF-8 feed with a byte that is not UTF-8', () => {
  // One stray byte (0xFF) in a feed of curly quotes and accents: the whole feed was read as windows-1252 without a word.
  const body = Buffer.from(RSS.replace(/^<\?xml[^>]*>\n/, '').replace('record', 'rec'), 'utf8');
  const at = body.indexOf('rec') + 3;
  const damaged = Buffer.concat([body.subarray(0, at), Buffer.from([0xff]), body.subarray(at)]);

  it('stays UTF-8, the byte read as U+FFFD as browsers read it, with a warning naming where', () => {
    for (const contentType of ['application/rss+xml; charset=utf-8', undefined]) {
      const feed = parseFeed(damaged, { fetchedAt: FETCHED, contentType });
      expect(feed.charset).toBe('utf-8');
      expect(feed.title).toBe('Café “Wire”');
      expect(feed.items[0]!.title).toBe('Nestlé’s “rec\uFFFD” quarter');
      expect(feed.warnings[0]).toBe(`${contentType ? 'declared UTF-8, but' : 'no charset declared, and'} 1 byte is not valid UTF-8 (the first at offset ${at}): read as U+FFFD, as browsers do, the rest as UTF-8`);
    }
  });

  it('is read as windows-1252 when it holds no UTF-8 at all (Latin-1 sent as UTF-8), which is said', () => {
    const latin1 = Buffer.from('<rss><channel><title>Café</title><item><title>Nestlé beats estimates</title></item></channel></rss>', 'latin1');
    const declared = parseFeed(latin1, { fetchedAt: FETCHED, contentType: 'text/xml; charset=utf-8' });
    expect(declared.items[0]!.title).toBe('Nestlé beats estimates');
    expect(declared.warnings[0]).toBe('declared UTF-8, but its bytes are not UTF-8: read as windows-1252 (Latin-1), as such feeds nearly always are');
    const undeclared = parseFeed(latin1, { fetchedAt: FETCHED });
    expect(undeclared.charset).toBe('windows-1252');
    expect(undeclared.warnings[0]).toBe('no charset declared, and the bytes are not UTF-8: read as windows-1252 (Latin-1), as such feeds nearly always are');
  });

  it('says nothing of a feed whose bytes are what it declares', () => {
    expect(parseFeed(body, { fetchedAt: FETCHED, contentType: 'application/rss+xml; charset=utf-8' }).warnings).toEqual([]);
  });
});

describe('a feed labelled Latin-1 whose bytes are UTF-8', () => {
  it('is read as UTF-8 when it declares Latin-1 but its bytes are UTF-8 (a mislabel), which is said', () => {
    const xml = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Analysen</title><item><title>Kursziel für Nestlé angehoben</title></item></channel></rss>';
    for (const contentType of [undefined, 'text/xml; charset=ISO-8859-1']) {
      const feed = parseFeed(Buffer.from(xml, 'utf8'), { fetchedAt: FETCHED, contentType });
      expect(feed.charset).toBe('utf-8');
      expect(feed.items[0]!.title).toBe('Kursziel für Nestlé angehoben');
      expect(feed.warnings[0]).toBe('declared windows-1252 (Latin-1), but its bytes are UTF-8: read as UTF-8');
    }
    // Latin-1 bytes under the same label are read as declared, with nothing to say.
    const latin1 = parseFeed(Buffer.from(xml, 'latin1'), { fetchedAt: FETCHED });
    expect(latin1.items[0]!.title).toBe('Kursziel für Nestlé angehoben');
    expect(latin1.warnings).toEqual([]);
  });
});

describe('a feed served in UTF-16 without a byte-order mark', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopback((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(utf16be(RSS)));
  });
  afterAll(() => server.close());

  it('gives its items to the news scanner', async () => {
    const source = new FeedSource({ url: `${server.url}/feed`, clock: new VirtualClock(FETCHED), lookbackMs: 0 });
    expect((await source.fetch()).map((i) => i.title)).toEqual(['Nestlé’s “record” quarter']);
    expect(source.lastReport()?.feed?.charset).toBe('utf-16be');
  });
});
