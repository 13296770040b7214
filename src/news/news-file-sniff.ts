import { closeSync, openSync, readSync } from 'node:fs';

const SNIFF_BYTES = 8192;

/**
 * What a file given as OHLCV prices holds when it is news instead: a saved feed (RSS, RDF, Atom, JSON Feed) or
 * recorded news as JSON Lines (objects with publishedAt and title). Read from its first 8 KiB; undefined when it
 * looks like neither (or cannot be read: the loader says why).
 */
export function sniffNewsFile(file: string): 'feed' | 'recorded news' | undefined {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      text = buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (text.startsWith('<')) return /<(rss|feed|rdf:RDF)[\s>]/.test(text) ? 'feed' : undefined;
  if (text.startsWith('{') && /"items"\s*:/.test(text) && /jsonfeed\.org/.test(text)) return 'feed';
  const first = text.split('\n', 1)[0] ?? '';
  if (/^[[{]/.test(first) && /"publishedAt"\s*:/.test(first) && /"title"\s*:/.test(first)) return 'recorded news';
  return undefined;
}
