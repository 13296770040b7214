import { newsText, type NewsItem } from './news-port.js';
import type { SymbolHit, SymbolMapper } from './symbol-map.js';

/**
 * Which symbols an item is news of. A headline names its subject; the summary also names rivals, customers and
 * peers in passing ("Oracle shares jump on cloud deal. ... rivals Microsoft and Amazon ..."), and the item's sentiment
 * is not theirs. So when the headline names a symbol, only the headline's symbols are the subject; the summary's
 * count only when the headline names none. The scanner and check-feed both read it: what check-feed shows is what trades.
 */
export interface NewsSubject {
  /** The symbols the item is news of, in order of first appearance. */
  symbols: string[];
  /** Where they were found: the headline, the summary (the headline names none), or nowhere. */
  from: 'title' | 'summary' | 'none';
  /** Symbols named only in the summary while the headline names others: passing mentions, not the subject. */
  mentions: string[];
  /** Every match in newsText(item), headline and summary, in text order: the words check-feed quotes. */
  hits: SymbolHit[];
}

const unique = (hits: readonly SymbolHit[]): string[] => [...new Set(hits.map((h) => h.symbol))];

export function newsSubject(mapper: SymbolMapper, item: Pick<NewsItem, 'title' | 'summary'>): NewsSubject {
  // Mapped on the text the sentiment reads, then split where the headline ends: the same matches as before, only
  // attributed (a name never spans the ". " that joins the two).
  const hits = mapper.hits(newsText(item));
  const inTitle = unique(hits.filter((h) => h.end <= item.title.length));
  const inSummary = unique(hits.filter((h) => h.start >= item.title.length));
  if (inTitle.length > 0) return { symbols: inTitle, from: 'title', mentions: inSummary.filter((s) => !inTitle.includes(s)), hits };
  if (inSummary.length > 0) return { symbols: inSummary, from: 'summary', mentions: [], hits };
  return { symbols: [], from: 'none', mentions: [], hits };
}
