import { readFile, stat } from 'node:fs/promises';
import { LiveClock, type Clock } from '../core/clock.js';
import { EXIT_CONFIG, errorMessage } from '../core/errors.js';
import { withUrlsShown } from '../core/url-secrets.js';
import { newsText, type NewsItem } from './news-port.js';
import { FeedSource } from './feed-source.js';
import { parseFeed, type ParsedFeed } from './feed-parser.js';
import { scoreSentiment } from './sentiment.js';
import type { SymbolHit, SymbolMapper } from './symbol-map.js';
import { NEWS_MAX_SYMBOLS_DEFAULT, newsSubject, type NewsSubject } from './news-subject.js';
import { isoTime } from '../core/iso-time.js';
import { checkRecordedNews } from './check-recorded.js';
import { FEED_DEFAULTS } from './feed-limits.js';
import { JSON_LINES_NAME } from './recorded-news.js';
import { FeedParseError } from './feed-errors.js';
import { NOT_A_JSON_FEED } from './feed-json.js';

/**
 * `conclave check-feed <url|file>`: fetches or reads one feed and prints what conclave would see: format, charset,
 * each item (time, title, link, symbols and sentiment) and every warning; or the precise reason it cannot be parsed.
 * An item's symbols are its subject (see news-subject.ts): a symbol the summary only mentions is shown apart, with why.
 * Returns the exit code: 0 when the feed has usable items, 1 otherwise.
 */
export interface CheckFeedOptions {
  clock?: Clock;
  /** Default FEED_DEFAULTS (15000), as the configuration's feedTimeoutMs. */
  timeoutMs?: number;
  /** Default FEED_DEFAULTS (5 MiB), as feedMaxBytes. */
  maxBytes?: number;
  /** Items printed (all are parsed). Default 50. */
  maxPrinted?: number;
  /** When given, each item shows the symbols it maps to. */
  symbols?: SymbolMapper;
  /** Default NEWS_MAX_SYMBOLS_DEFAULT (3), as the configuration's newsMaxSymbols: more is a roundup, mapped to none. */
  maxSymbols?: number;
  fetch?: typeof fetch;
}

/** The words each symbol was found by, as quoted in the listing: "A" on every "A new study" shows a mapping to undo. */
function foundBy(hits: readonly SymbolHit[], text: string): Map<string, string[]> {
  const words = new Map<string, string[]>();
  for (const h of hits) {
    const list = words.get(h.symbol) ?? [];
    const word = text.slice(h.start, h.end);
    if (!list.includes(word)) list.push(word);
    words.set(h.symbol, list);
  }
  return words;
}

const quoted = (symbols: readonly string[], words: Map<string, string[]>) =>
  symbols.map((s) => `${s} (${(words.get(s) ?? []).map((w) => `"${w}"`).join(', ')})`).join(', ');

/** The symbols part of an item's line: what it maps to and, for a symbol found but not mapped, why not. */
function symbolsTag(subject: NewsSubject, words: Map<string, string[]>, maxSymbols: number): string {
  if (subject.from === 'none') return 'symbols none';
  const where = subject.from === 'summary' ? " from the summary (the headline names none): the scout's news, no opportunity" : '';
  const tag = subject.roundup.length > 0
    ? `symbols none: a roundup, its ${subject.from === 'title' ? 'headline' : 'summary'} names ${subject.roundup.length}, more than newsMaxSymbols ${maxSymbols} (market news, no opportunity): ${quoted(subject.roundup, words)}`
    : `symbols ${quoted(subject.symbols, words)}${where}`;
  if (subject.mentions.length === 0) return tag;
  const named = subject.symbols.length > 0 ? subject.symbols : subject.roundup;
  return `${tag}; not mapped, named in the summary only while the headline names ${named.join(', ')}: ${quoted(subject.mentions, words)}`;
}

function printItems(items: readonly NewsItem[], out: (line: string) => void, options: CheckFeedOptions): void {
  const max = options.maxPrinted ?? 50;
  const mapper = options.symbols;
  const maxSymbols = options.maxSymbols ?? NEWS_MAX_SYMBOLS_DEFAULT;
  // Counted over every item, printed or not: a symbol found in most items of a feed is usually a word, not news of it.
  const tally = new Map<string, { items: number; words: Set<string> }>();
  const mentioned = new Map<string, number>();
  let mapped = 0;
  let roundups = 0;
  items.forEach((item, i) => {
    const text = newsText(item);
    const subject = mapper ? newsSubject(mapper, item, maxSymbols) : undefined;
    const found = subject ? foundBy(subject.hits, text) : new Map<string, string[]>();
    if (subject && subject.symbols.length > 0) mapped++;
    if (subject && subject.roundup.length > 0) roundups++;
    for (const symbol of subject?.symbols ?? []) {
      const t = tally.get(symbol) ?? { items: 0, words: new Set<string>() };
      t.items++;
      for (const w of found.get(symbol) ?? []) t.words.add(w);
      tally.set(symbol, t);
    }
    for (const symbol of subject?.mentions ?? []) mentioned.set(symbol, (mentioned.get(symbol) ?? 0) + 1);
    if (i >= max) return;
    const { score, hits } = scoreSentiment(text);
    const date = `${isoTime(item.publishedAt)}${item.dateFallback ? ' (no readable date: fetch time)' : ''}`;
    out(`- ${date}  ${item.title}`);
    if (item.link) out(`    ${item.link}`);
    const tags = [`sentiment ${score.toFixed(2)}${hits.length ? ` (${hits.join(', ')})` : ''}`];
    if (subject) tags.push(symbolsTag(subject, found, maxSymbols));
    out(`    ${tags.join('; ')}`);
  });
  if (items.length > max) out(`... and ${items.length - max} more items`);
  if (!mapper) return;
  const bySymbol = [...tally].sort((a, b) => b[1].items - a[1].items || a[0].localeCompare(b[0]));
  const listed = bySymbol.map(([symbol, t]) => `${symbol} ${t.items} (${[...t.words].slice(0, 3).map((w) => `"${w}"`).join(', ')})`);
  const passing = [...mentioned].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([symbol, n]) => `${symbol} ${n}`);
  out(
    `mapped: ${mapped} of ${items.length} items${listed.length ? `; by symbol: ${listed.join(', ')}` : ''}` +
      `${roundups > 0 ? `; roundups (more than newsMaxSymbols ${maxSymbols} symbols, not mapped): ${roundups}` : ''}` +
      `${passing.length ? `; named in a summary only, under a headline naming others (not mapped): ${passing.join(', ')}` : ''}`,
  );
}

function printFeed(feed: ParsedFeed, items: readonly NewsItem[], out: (line: string) => void, options: CheckFeedOptions): number {
  out(`format: ${feed.format}${feed.version ? ` ${feed.version}` : ''}, charset ${feed.charset}, title "${feed.title}"`);
  out(`items: ${items.length}${items.length !== feed.items.length ? ` (${feed.items.length} parsed)` : ''}`);
  printItems(items, out, options);
  for (const w of feed.warnings) out(`warning: ${w}`);
  if (items.length === 0) {
    out('result: FAIL, the feed has no usable items');
    return 1;
  }
  out('result: OK');
  return 0;
}

/** What makes `target` no feed URL to fetch: a bad argument (78), which the fetch reported as a failing feed. */
function urlProblem(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return `${withUrlsShown(target)} is not a URL: give an http(s)://host/... address, a feed file or a folder of saved feeds`;
  }
  // fetch refuses them with its own words ("Request cannot be constructed from a URL that includes credentials").
  if (url.username !== '' || url.password !== '') return 'the URL holds a user name or password (user:pass@host), which fetch, the HTTP client of the daemon, refuses to send: use a URL with a token in its path or query';
  return undefined;
}

export async function checkFeed(target: string, out: (line: string) => void, options: CheckFeedOptions = {}): Promise<number> {
  const clock = options.clock ?? new LiveClock();
  // The feed's line heads the output once, whichever way it ends (an error after the HTTP line repeated it).
  let headed = false;
  const head = () => {
    // Its credentials and query values hidden, as every log names a feed: the line printed a token in clear.
    if (!headed) out(`feed: ${withUrlsShown(target)}`);
    headed = true;
  };
  try {
    if (/^https?:\/\//i.test(target)) {
      const problem = urlProblem(target);
      if (problem !== undefined) {
        head();
        out(`error: ${problem}`);
        return EXIT_CONFIG;
      }
      const source = new FeedSource({
        url: target, clock, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, lookbackMs: 0, fetch: options.fetch,
      });
      const items = await source.fetch();
      const report = source.lastReport()!;
      head();
      out(`http: ${report.status}${report.contentType ? `, ${report.contentType}` : ''}`);
      return printFeed(report.feed!, items, out, options);
    }
    const info = await stat(target).catch((error: unknown) => error as Error);
    if (info instanceof Error) {
      head();
      out(`error: cannot read ${target}: ${errorMessage(info)} (give a feed file, a folder of saved feeds or an http(s) URL)`);
      // A path naming nothing is a bad argument (78), as check-data's and the backtest's; 1 is for a feed that fails.
      return EXIT_CONFIG;
    }
    // Recorded news for backtests (a JSON Lines file or a folder of saved feeds): checked as --news reads it.
    if (info.isDirectory() || JSON_LINES_NAME.test(target)) return await checkRecordedNews(target, out, (items) => printItems(items, out, options));
    if (!info.isFile()) throw new Error(`${target} is not a file (give a feed file or an http(s) URL)`);
    // A table (.csv) is no feed either: the recorded-news reader says what it is and what to write instead.
    if (/\.(csv|tsv)$/i.test(target)) return await checkRecordedNews(target, out, (items) => printItems(items, out, options));
    // The parser's word for an empty body is the server's ("the server sent no feed"): a file has no server.
    if (info.size === 0) throw new Error(`${target} is empty (0 bytes): save the feed again, or give its http(s) URL`);
    const maxBytes = options.maxBytes ?? FEED_DEFAULTS.maxBytes;
    if (info.size > maxBytes) throw new Error(`${target} is ${info.size} bytes, over the ${maxBytes}-byte limit (raise feedMaxBytes, or give --max-bytes, if the feed is legitimate)`);
    let feed: ParsedFeed;
    try {
      feed = parseFeed(await readFile(target), { fetchedAt: clock.now(), maxBytes });
    } catch (error) {
      // A .json that is no JSON Feed (an array of items, NewsAPI's answer) is recorded news, as backtest --news and a
      // news folder read it (recorded-news.ts): check-feed called it "not a feed" while the backtest read its items.
      if (/\.json$/i.test(target) && error instanceof FeedParseError && error.message.startsWith(NOT_A_JSON_FEED)) {
        return await checkRecordedNews(target, out, (items) => printItems(items, out, options));
      }
      throw error;
    }
    head();
    return printFeed(feed, feed.items, out, options);
  } catch (error) {
    head();
    out(`error: ${errorMessage(error)}`);
    return 1;
  }
}
