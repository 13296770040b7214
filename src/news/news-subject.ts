import { newsText, type NewsItem } from './news-port.js';
import { symbolsOf, type SymbolHit, type SymbolMapper } from './symbol-map.js';

/**
 * Which symbols an item is news of. A headline names its subject; the summary also names rivals, customers and
 * peers in passing ("Oracle shares jump on cloud deal. ... rivals Microsoft and Amazon ..."), and the item's sentiment
 * is not theirs. So when the headline names a symbol, only the headline's symbols are the subject; the summary's
 * count only when the headline names none. The scanner and check-feed both read it: what check-feed shows is what trades.
 *
 * An item whose subject is more than `maxSymbols` symbols is a roundup (a market wrap, an index move, a sector list,
 * a research report naming "key players"): its sentiment is the market's or the sector's, not each name's, and it
 * made one opportunity per name, all with one score. It is news of no symbol: the scanner keeps it as market news.
 */
export interface NewsSubject {
  /** The symbols the item is news of, in order of first appearance. */
  symbols: string[];
  /** Where they were found: the headline, the summary (the headline names none), or nowhere. */
  from: 'title' | 'summary' | 'none';
  /** Symbols named only in the summary while the headline names others: passing mentions, not the subject. */
  mentions: string[];
  /** The symbols a roundup named (then `symbols` is empty); empty for any other item. */
  roundup: string[];
  /** Every match in newsText(item), headline and summary, in text order: the words check-feed quotes. */
  hits: SymbolHit[];
}

/**
 * The default of newsMaxSymbols: news names its actors (one; two in a deal, a suit or a rivalry; three at most, as
 * "Apple, Google and Amazon face EU probe"), a list of four or more is a roundup, whatever the market. The
 * configuration (config/default.json) is where the daemon takes it from; this folder cannot import it (config imports
 * agents, which import news), so a test holds the two equal.
 */
export const NEWS_MAX_SYMBOLS_DEFAULT = 3;

export function newsSubject(mapper: SymbolMapper, item: Pick<NewsItem, 'title' | 'summary'>, maxSymbols = NEWS_MAX_SYMBOLS_DEFAULT): NewsSubject {
  // Mapped on the text the sentiment reads, then split where the headline ends: the same matches as before, only
  // attributed (a name never spans the ". " that joins the two).
  const hits = mapper.hits(newsText(item));
  const inTitle = symbolsOf(hits.filter((h) => h.end <= item.title.length));
  const inSummary = symbolsOf(hits.filter((h) => h.start >= item.title.length));
  const from = inTitle.length > 0 ? 'title' : inSummary.length > 0 ? 'summary' : 'none';
  const named = from === 'title' ? inTitle : inSummary;
  const mentions = from === 'title' ? inSummary.filter((s) => !inTitle.includes(s)) : [];
  if (named.length > maxSymbols) return { symbols: [], from, mentions, roundup: named, hits };
  return { symbols: named, from, mentions, roundup: [], hits };
}
