import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { DOUBLE_ENCODED_WARNING, undoubled } from '../../src/news/double-encoding.js';
import { parseFeed } from '../../src/news/feed-parser.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';

/** Windows-1252's characters for the bytes 0x80-0x9F, as its code page has them (Node's decoder gives C1 controls). */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
/** Text encoded twice, as a scraper does it: its UTF-8 bytes read as Windows-1252 (or, `latin1`, as Latin-1). */
const twice = (text: string, latin1 = false) =>
  [...Buffer.from(text, 'utf8')].map((b) => (b >= 0x80 && b <= 0x9f && !latin1 ? CP1252[b - 0x80]! : String.fromCharCode(b))).join('');
const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describe('text encoded twice', () => {
  it('is read as it was meant, and only when the whole of it was encoded twice', () => {
    for (const meant of ['Kältewelle in Europa: Flüchtlinge', 'Apple’s sales rise – “record”', 'Nestlé, Société Générale… €5bn', 'Infineon-Chef: „Ohne uns fährt kein Fahrzeug autonom“']) {
      expect(twice(meant)).not.toBe(meant);
      expect(undoubled(twice(meant))).toBe(meant);
      expect(undoubled(twice(meant, true))).toBe(meant);
    }
    // A no-break space whose second byte became a plain space when the text was tidied (Spiegel's feed).
    expect(undoubled('KÃ¼ndigen oder nicht: Was mache ich mit meinerÂ alten Lebensversicherung')).toBe('Kündigen oder nicht: Was mache ich mit meiner\u00A0alten Lebensversicherung');
    // Text read right is left as it is: plain, accented, or holding what only looks like double encoding.
    for (const fine of ['Oracle beats estimates', 'Nestlé beats', 'Apple’s sales rise', 'Ã© in a text with 中文', 'Â£5 and é']) expect(undoubled(fine)).toBeUndefined();
  });

  it('is read back in a feed, with a warning, and in recorded news, with a note naming the file', async () => {
    const rss = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>${twice('Nestlé’s profit rises')}</title><description>${twice('Société Générale says…')}</description><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>
      <item><title>Oracle beats</title><pubDate>Mon, 05 Jan 2026 11:00:00 GMT</pubDate></item></channel></rss>`;
    const feed = parseFeed(Buffer.from(rss), { fetchedAt: 0 });
    expect(feed.items.map((i) => [i.title, i.summary])).toEqual([['Nestlé’s profit rises', 'Société Générale says…'], ['Oracle beats', '']]);
    expect(feed.warnings).toEqual([DOUBLE_ENCODED_WARNING]);

    const dir = mkdtempSync(path.join(tmpdir(), 'double-encoded-'));
    writeFileSync(path.join(dir, 'wire.jsonl'), [JSON.stringify({ publishedAt: '2026-01-05T10:00:00Z', title: twice('Nestlé’s profit rises') }), JSON.stringify({ publishedAt: '2026-01-05T11:00:00Z', title: 'Oracle beats' })].join('\n'));
    const recorded = await loadRecordedNews(path.join(dir, 'wire.jsonl'), new VirtualClock(Date.UTC(2026, 0, 6)), silent);
    expect((await recorded.fetch()).map((i) => i.title)).toEqual(['Nestlé’s profit rises', 'Oracle beats']);
    expect(recorded.stats().notes).toEqual([`wire.jsonl, 1 item: ${DOUBLE_ENCODED_WARNING}`]);

    // In a folder of saved feeds, what the parser says of a file as a whole reaches the notes (it was dropped).
    const folder = mkdtempSync(path.join(tmpdir(), 'double-encoded-'));
    writeFileSync(path.join(folder, 'wire.rss'), rss);
    const fromFolder = await loadRecordedNews(folder, new VirtualClock(Date.UTC(2026, 0, 6)), silent);
    expect((await fromFolder.fetch()).map((i) => i.title)).toEqual(['Nestlé’s profit rises', 'Oracle beats']);
    expect(fromFolder.stats().notes).toEqual([`wire.rss: ${DOUBLE_ENCODED_WARNING}`]);
  });
});
