import type { NewsItem } from './news-port.js';
import { FeedParseError } from './feed-errors.js';
import { addUnique, dropItems, feedKey, normaliseItem, type FeedDrop, type NormaliseContext } from './feed-item.js';
import type { ParsedFeed, ParseFeedOptions } from './feed-parser.js';
import type { DecodedFeed } from './feed-decode.js';
import { htmlToText } from './html-text.js';
import { completeItemsText, isCutOffJson } from './json-feed-cut.js';

/** The start of the error for a JSON document that is no JSON Feed (recorded news reads such a .json as items). */
export const NOT_A_JSON_FEED = 'not a feed: a JSON document without an "items" array';

/** JSON Feed 1.0/1.1 (jsonfeed.org). Unknown fields are ignored; a JSON document without `items` is not a feed. */
export function parseJsonFeed(text: string, options: ParseFeedOptions, { charset, warnings: decoding }: Pick<DecodedFeed, 'charset' | 'warnings'>): ParsedFeed {
  let doc: unknown;
  const warnings = [...decoding];
  const dropped: FeedDrop[] = [];
  try {
    doc = JSON.parse(text);
  } catch (error) {
    if (!isCutOffJson(text)) throw new FeedParseError('malformed', `JSON feed is not valid JSON: ${(error as Error).message}`);
    const complete = completeItemsText(text);
    if (!complete) throw new FeedParseError('truncated', 'JSON feed is truncated (cut off before its end), before its first complete item');
    doc = JSON.parse(complete.text);
    const message = `JSON feed is truncated (cut off before its end): read the ${complete.items} complete item${complete.items === 1 ? '' : 's'} before the cut; save it again for the rest`;
    // As an RSS feed cut mid-item: the item the cut went through is counted as left out.
    if (complete.partial) dropItems({ warnings, dropped }, 'cut-off', 1, message);
    else warnings.push(message);
  }
  const feed = doc as Record<string, unknown> | null;
  if (!feed || typeof feed !== 'object' || Array.isArray(feed) || !Array.isArray(feed.items)) {
    throw new FeedParseError('not-a-feed', `${NOT_A_JSON_FEED} (expected JSON Feed, https://jsonfeed.org)`);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const title = htmlToText(str(feed.title) ?? '');
  const max = options.maxItems ?? 500;
  if (feed.items.length > max) dropItems({ warnings, dropped }, 'over-limit', feed.items.length - max, `feed has more than ${max} items (${feed.items.length}); read the first ${max}`);
  const source = options.source ?? (title || options.url || 'feed');
  const ctx: NormaliseContext = {
    source,
    feed: options.feed ?? feedKey('title', source),
    fetchedAt: options.fetchedAt,
    maxSummaryChars: options.maxSummaryChars,
    baseUrl: options.url ?? str(feed.home_page_url),
    warnings,
    dropped,
  };
  const items: NewsItem[] = [];
  const seen = new Set<string>();
  feed.items.slice(0, max).forEach((raw: unknown, i: number) => {
    if (!raw || typeof raw !== 'object') {
      dropItems(ctx, 'not-an-object', 1, `item ${i + 1} is not an object; skipped`);
      return;
    }
    const it = raw as Record<string, unknown>;
    const summary = str(it.summary) ?? str(it.content_text) ?? str(it.content_html) ?? '';
    const item = normaliseItem(
      {
        id: str(it.id),
        title: htmlToText(str(it.title) ?? ''),
        summary: htmlToText(summary),
        link: typeof it.url === 'string' ? it.url : typeof it.external_url === 'string' ? it.external_url : undefined,
        dates: [str(it.date_published), str(it.date_modified)].filter((d): d is string => !!d),
      },
      i + 1,
      ctx,
    );
    addUnique(items, seen, item, i + 1, ctx);
  });
  const version = str(feed.version)?.match(/version\/([\d.]+)/)?.[1];
  return { format: 'json', ...(version ? { version } : {}), title, items, warnings, dropped, charset };
}
