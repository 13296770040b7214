import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { NewsItem } from './news-port.js';
import { decodeFeedBody, type DecodedFeed } from './feed-decode.js';
import { FeedParseError } from './feed-errors.js';
import { addUnique, dropItems, feedKey, normaliseItem, type FeedDrop, type NormaliseContext, type RawFeedItem } from './feed-item.js';
import { parseJsonFeed } from './feed-json.js';
import { decodeEntities, xmlToText } from './html-text.js';
import { asArray, attr, children, local, rawText, TEXT, type Node } from './xml-tree.js';

/**
 * Parses RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom and JSON Feed, sniffing the format from the content (never the
 * file extension or Content-Type, which are often wrong). Real feeds are often not well-formed: the parser is
 * lenient (unescaped &, missing closing root tag, illegally nested items, default namespaces, any namespace prefix)
 * and records what it forgave in `warnings`. What it cannot read throws a FeedParseError whose message says why.
 */
export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  version?: string;
  title: string;
  items: NewsItem[];
  /** Items skipped, dates that fell back, XML that was not well-formed. */
  warnings: string[];
  /** The items skipped, counted by reason (each also in `warnings`). */
  dropped: FeedDrop[];
  charset: string;
}

export interface ParseFeedOptions {
  /** Epoch ms; the published time of items without a readable date. */
  fetchedAt: number;
  /** The HTTP Content-Type, for its charset. */
  contentType?: string | null;
  /** Overrides the item source (defaults to the feed title, else `url`, else "feed"). */
  source?: string;
  /** Where the feed came from; relative links resolve against it. */
  url?: string;
  /** NewsItem.feed of its items (FeedSource gives the key of its URL); by default the key of the feed's title (`source`). */
  feed?: string;
  /** False: a body that is no feed is not quoted in the error (a redirect led to another host, which may be internal). */
  quoteText?: boolean;
  /** At most this many items are read per feed (a bound on memory). Default 500. */
  maxItems?: number;
  /** Default 2000. */
  maxSummaryChars?: number;
  /** Limit for a compressed body once decompressed. Default 10 MiB. */
  maxBytes?: number;
}

/**
 * The only attributes read (attr() in xml-tree.ts). Every other one is dropped by the parser: a 5 MB feed of elements each
 * carrying dozens of attributes spent most of its parse building, copying and then searching maps of them.
 */
const ATTRIBUTES = new Set(['href', 'rel', 'isPermaLink', 'rdf:about', 'version']);

const parser = new XMLParser({
  ignoreAttributes: (name: string) => !ATTRIBUTES.has(name),
  attributeNamePrefix: '@_',
  textNodeName: TEXT,
  // Entities are decoded by us, once, so a DOCTYPE cannot expand entities and escaped HTML survives to be stripped.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Bodies are kept raw: they hold HTML (escaped, in CDATA or, illegally, as bare markup) that we strip ourselves.
  stopNodes: ['*.description', '*.summary', '*.content', '*.content:encoded', '*.encoded', '*.subtitle'],
  isArray: (name) => ['item', 'entry'].includes(local(name)),
});

const firstText = (node: unknown, ...names: string[]) => {
  for (const c of children(node, ...names)) {
    const t = xmlToText(rawText(c));
    if (t) return t;
  }
  return undefined;
};

const dates = (node: unknown, ...names: string[]) =>
  children(node, ...names).map((c) => decodeEntities(rawText(c)).trim()).filter(Boolean);

function atomLink(node: unknown): string | undefined {
  const links = children(node, 'link');
  const pick = links.find((l) => !attr(l, 'rel') || attr(l, 'rel') === 'alternate') ?? links[0];
  if (pick === undefined) return undefined;
  return attr(pick, 'href') ?? (xmlToText(rawText(pick)) || undefined);
}

/** Items, including ones illegally nested inside other items; bounded by `max`. */
function collectItems(list: unknown[], max: number, out: unknown[] = [], depth = 0): unknown[] {
  for (const it of list) {
    if (out.length >= max) break;
    // Nested junk like feedburner's empty <item /> is dropped silently; nested real items are kept.
    if (depth === 0 || (it && typeof it === 'object' && Object.keys(it).some((k) => !k.startsWith('@_')))) out.push(it);
    if (depth < 8) collectItems(children(it, 'item', 'entry'), max, out, depth + 1);
  }
  return out;
}

function rssItem(it: unknown): RawFeedItem {
  const guid = children(it, 'guid')[0];
  const guidText = guid === undefined ? undefined : decodeEntities(rawText(guid)).trim();
  const permalink = guid !== undefined && attr(guid, 'isPermaLink') !== 'false' && /^https?:/i.test(guidText ?? '');
  return {
    id: guidText || attr(it, 'rdf:about'),
    title: firstText(it, 'title'),
    summary: firstText(it, 'description', 'encoded', 'summary', 'content'),
    link: firstText(it, 'link') ?? atomLink(it) ?? (permalink ? guidText : undefined) ?? attr(it, 'rdf:about'),
    dates: dates(it, 'pubDate', 'date', 'published', 'updated', 'issued', 'modified', 'created'),
    publisher: firstText(it, 'source'),
  };
}

function atomEntry(it: unknown): RawFeedItem {
  return {
    id: firstText(it, 'id'),
    title: firstText(it, 'title'),
    summary: firstText(it, 'summary', 'content', 'description'),
    link: atomLink(it),
    dates: dates(it, 'published', 'issued', 'created', 'updated', 'modified', 'pubDate', 'date'),
  };
}

/** Leading junk before the root: whitespace, comments and a misplaced XML declaration are all tolerated. */
function trimProlog(text: string): string {
  let s = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) return s;
      s = s.slice(end + 3).trimStart();
    } else return s;
  }
}

function parseXml(text: string, options: ParseFeedOptions, { charset, warnings: decoding }: Pick<DecodedFeed, 'charset' | 'warnings'>): ParsedFeed {
  const warnings = [...decoding];
  // Strict validation costs as much as parsing: it runs only when the document does not end with a closing root tag
  // (cut off, or broken), or when the lenient parse fails, to say where the damage is.
  const validate = () => {
    const v = XMLValidator.validate(text);
    return v === true ? undefined : { line: v.err.line, msg: v.err.msg.replace(/\s+/g, ' ') };
  };
  let invalid: { line: number; msg: string } | undefined;
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (error) {
    const why = (error as Error).message;
    const truncated = /not closed|unclosed|unexpected end/i.test(why);
    invalid ??= validate();
    const where = invalid ? ` (line ${invalid.line})` : '';
    throw new FeedParseError(
      truncated ? 'truncated' : 'malformed',
      `feed is ${truncated ? 'truncated (cut off before its end)' : 'not well-formed XML'}${where}: ${why}`,
    );
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('!'));
  const rootKey = roots.find((k) => ['rss', 'rdf', 'feed', 'channel'].includes(local(k)));
  if (!rootKey) {
    const html = roots.some((k) => ['html', 'head', 'body'].includes(local(k)));
    throw new FeedParseError(
      'not-a-feed',
      `not a feed: the root element is <${roots.join('>, <') || 'none'}>, not <rss>, <rdf:RDF> or <feed>` +
        (html ? '; this is an HTML page (an error page or a redirect?): check the URL' : ''),
    );
  }
  const closing = new RegExp(`</${rootKey.replace(/[.-]/g, '\\$&')}\\s*>\\s*(?:<!--[\\s\\S]*?-->\\s*)*$`);
  if (!closing.test(text)) invalid = validate();
  const malformed = invalid ? `line ${invalid.line}: ${invalid.msg}` : undefined;
  if (malformed) warnings.push(`not well-formed XML (${malformed}); parsed leniently`);
  const root = asArray(doc[rootKey])[0] as Node;
  const kind = local(rootKey);
  const max = options.maxItems ?? 500;
  const isAtom = kind === 'feed';
  const channel = kind === 'channel' ? root : (children(root, 'channel')[0] as Node | undefined);
  const list = isAtom ? children(root, 'entry') : [...children(channel, 'item'), ...children(root, 'item')];
  let items = collectItems(list, max);
  const dropped: FeedDrop[] = [];
  if (list.length > max) dropItems({ warnings, dropped }, 'over-limit', list.length - max, `feed has more than ${max} items (${list.length}); read the first ${max}`);
  // A document cut off mid-item leaves a last item with whatever had arrived: do not pass a half story on.
  const tag = isAtom ? 'entry' : 'item';
  if (malformed && items.length > 0 && text.lastIndexOf(`<${tag}`) > text.lastIndexOf(`</${tag}>`)) {
    items = items.slice(0, -1);
    dropItems({ warnings, dropped }, 'cut-off', 1, `the last ${tag} is cut off (truncated body?); skipped`);
  }
  const title = firstText(isAtom ? root : channel, 'title') ?? '';
  const siteLink = isAtom ? atomLink(root) : firstText(channel, 'link');
  const version = kind === 'rss' ? attr(root, 'version') : kind === 'rdf' ? '1.0' : isAtom ? '1.0' : undefined;
  const source = options.source ?? (title || options.url || 'feed');
  const ctx: NormaliseContext = {
    source,
    feed: options.feed ?? feedKey('title', source),
    fetchedAt: options.fetchedAt,
    maxSummaryChars: options.maxSummaryChars,
    baseUrl: options.url ?? siteLink,
    warnings,
    dropped,
  };
  const seen = new Set<string>();
  const out: NewsItem[] = [];
  items.forEach((it, i) => addUnique(out, seen, normaliseItem(isAtom ? atomEntry(it) : rssItem(it), i + 1, ctx), i + 1, ctx));
  return { format: kind === 'rdf' ? 'rdf' : isAtom ? 'atom' : 'rss', ...(version ? { version } : {}), title, items: out, warnings, dropped, charset };
}

/** Parses a feed; throws only FeedParseError, whatever the input (hostile inputs included). */
export function parseFeed(body: Uint8Array | string, options: ParseFeedOptions): ParsedFeed {
  try {
    return parseUnchecked(body, options);
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    throw new FeedParseError('malformed', `feed cannot be parsed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** Control characters and U+FFFD shown as "?" so an error message stays one readable line. */
const printable = (s: string) =>
  [...s].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || c === '\ufffd' ? '?' : c)).join('').replace(/\?+/g, '?');

function parseUnchecked(body: Uint8Array | string, options: ParseFeedOptions): ParsedFeed {
  const decoded = typeof body === 'string' ? { text: body, charset: 'utf-16', warnings: [] } : decodeFeedBody(body, options.contentType, options.maxBytes);
  const text = trimProlog(decoded.text);
  if (!text) throw new FeedParseError('empty-body', 'the body is empty: the server sent no feed');
  if (text.startsWith('{') || text.startsWith('[')) return parseJsonFeed(text, options, decoded);
  if (!text.startsWith('<')) {
    // A server's text says why it sent no feed ("rate limit exceeded"); a local file's is not quoted: a folder of feeds
    // that also holds the service's env file put its token in the log.
    if (options.url === undefined) throw new FeedParseError('not-a-feed', 'not a feed: the file holds text that is neither XML nor JSON');
    if (options.quoteText === false) throw new FeedParseError('not-a-feed', 'not a feed: the body a redirect to another host led to is neither XML nor JSON (not quoted: that host may be internal)');
    throw new FeedParseError('not-a-feed', `not a feed: the body starts with "${printable(text.slice(0, 40).replace(/\s+/g, ' '))}", not XML or JSON`);
  }
  return parseXml(text, options, decoded);
}
