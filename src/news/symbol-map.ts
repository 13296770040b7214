import { FUNCTION_WORDS } from './function-words.js';

/**
 * Maps news text to symbols from configured tickers, company names and aliases.
 * Matching is on word boundaries: "Apple" does not match "pineapple", and when two aliases overlap the longer one
 * wins ("Apple Hospitality" is not "Apple"). Names match in any case ("APPLE"), but one configured with a capital must
 * start with one where the text has capitals: "target", "block" or "visa" in lower case are words, not companies. Tickers match case-sensitively as standalone uppercase tokens (or as
 * cashtags like $ON), because short tickers ("ON", "A", "IT") are ordinary words in lower case; in a headline written
 * entirely in capitals, or beside another word in capitals, a bare ticker is ambiguous and only a cashtag, (ON) or an
 * exchange prefix counts. A one-letter ticker never counts bare: it is an article or an initial far more often.
 * Beside other words in capitals, a bare ticker counts only when every one of them is a configured ticker too: a list
 * of tickers ("AAPL MSFT NVDA rally"), not capitals as style ("THE ON SWITCH", "KEY FEATURES").
 */

export interface SymbolAlias {
  symbol: string;
  /** Company names and aliases, matched case-insensitively. */
  names: string[];
}

interface Pattern {
  symbol: string;
  /** Compiled at its first use: most patterns of a large universe never meet their literal, and compiling 9,000 took 1.4 s. */
  source: string;
  flags: string;
  regex?: RegExp;
  /** Bare tickers are ignored in all-caps text (see class comment). */
  bareTicker: boolean;
  /**
   * Text that any match contains: the regex runs only on text that contains it (in `fold`ed form for names). One
   * `includes` per pattern instead of one regex scan: with 500 symbols, ~1,500 scans took 2.4 ms a headline.
   */
  literal: string;
  folded: boolean;
  /** A name written with a capital: a match must start with one too (see `hits`). */
  capital?: boolean;
}

/** Where a symbol was found in the text: what `check-feed` shows, so an operator sees why an item mapped. */
export interface SymbolHit {
  symbol: string;
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Letters or digits in any script: the boundary test for both names and tickers. */
const WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const WORD_AFTER = '(?![\\p{L}\\p{N}_])';
/** A word's letters, digits and underscore (it joins words as in code: "TARGET_CPA"), and a whole word in capitals ("28TH"). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const ALL_CAPS = /^[\p{Lu}\p{N}_]*\p{Lu}[\p{Lu}\p{N}_]*$/u;
const SPACE = /\s/u;

/** A ticker in text: "BRK.B" or "BTC/USDT" as written, or just the base "BTC" of a pair. */
function tickerForms(symbol: string): string[] {
  const forms = new Set([symbol]);
  const base = symbol.split(/[/:]/)[0];
  if (base && base !== symbol) forms.add(base);
  return [...forms].filter((f) => f.length > 0);
}

/**
 * Lower case, with the two letters whose lower-case form is not what a case-insensitive regex equates them to (final
 * sigma, long s). Used only to rule out patterns, so it must never miss a match the regex would find.
 */
const fold = (s: string) => s.toLowerCase().replace(/ς/g, 'σ').replace(/ſ/g, 's');

/** Whether a word starts with a capital letter (a script without case has none). */
const isCapital = (word: string): boolean => {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
};

function isMostlyUpperCase(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length;
  return upper / letters.length > 0.8;
}

/** The symbols of some hits, each once, in the hits' order. */
export const symbolsOf = (hits: readonly SymbolHit[]): string[] => [...new Set(hits.map((h) => h.symbol))];

export class SymbolMapper {
  private readonly patterns: Pattern[] = [];
  /** The tickers that may stand bare (two letters or more): a run of capitals made only of these is a list of them. */
  private readonly bareTickers = new Set<string>();

  constructor(aliases: readonly SymbolAlias[]) {
    const nameWords = (raw: string) => raw.trim().split(/[\s-]+/).filter(Boolean);
    // How many names hold each word: the word a name is looked for by is its rarest ("Apple", not "Inc"), so a
    // headline with a common word runs few regexes (with "Company N" names, every headline ran them all).
    const users = new Map<string, number>();
    for (const alias of aliases) for (const raw of alias.names) for (const w of new Set(nameWords(raw).map(fold))) users.set(w, (users.get(w) ?? 0) + 1);
    const rarest = (words: string[]) =>
      words.map(fold).reduce((a, b) => {
        const d = (users.get(b) ?? 0) - (users.get(a) ?? 0);
        return d < 0 || (d === 0 && b.length > a.length) ? b : a;
      });
    for (const alias of aliases) {
      const symbol = alias.symbol.trim();
      if (!symbol) continue;
      for (const form of tickerForms(symbol)) {
        // "ON." at a sentence end matches; "ON.com" or "BRK.B" when looking for BRK does not.
        const after = `(?![\\p{L}\\p{N}_]|[.\\-/][\\p{L}\\p{N}])`;
        // A one-letter ticker written bare is the article "A", Portuguese "O", an initial ("Gale T. Shallon"): news
        // writes it as $F, (F) or NYSE: F. Longer ones count bare, except beside another word in capitals that is
        // not a ticker ("KEY FEATURES", "MOVE NOW ~", "IN DUBAI ON 28TH"): capitals there are the text's style (`inRun`).
        if ([...form].length > 1) {
          this.bareTickers.add(form);
          this.patterns.push({
            symbol,
            source: `${WORD_BEFORE}(?<![.$])${escape(form)}${after}`,
            flags: 'gu',
            bareTicker: true,
            literal: form,
            folded: false,
          });
        }
        this.patterns.push({
          symbol,
          source: `(?:\\$|\\b(?:NYSE|NASDAQ|Nasdaq|NYSEARCA|AMEX|LSE|TSE|OTC)\\s?:\\s?)${escape(form)}${after}|(?<=\\()${escape(form)}(?=\\))`,
          flags: 'gu',
          bareTicker: false,
          literal: form,
          folded: false,
        });
      }
      for (const raw of alias.names) {
        const words = nameWords(raw);
        if (words.length === 0) continue;
        // Spaces and hyphens are interchangeable: "Coca-Cola" matches "Coca Cola".
        const body = words.map(escape).join('[\\s\\-]+');
        this.patterns.push({
          symbol,
          source: `${WORD_BEFORE}${body}${WORD_AFTER}`,
          flags: 'giu',
          bareTicker: false,
          literal: rarest(words),
          folded: true,
          capital: isCapital(words[0]!),
        });
      }
    }
  }

  /** Unique symbols in order of first appearance in `text`. */
  match(text: string): string[] {
    return symbolsOf(this.hits(text));
  }

  /**
   * Whether the words in capitals beside a bare ticker, if any, are all configured tickers: "AAPL MSFT NVDA rally" is
   * a list, "THE ON SWITCH" or "KEY FEATURES" is capitals as style, and so is a run of tickers that are all English
   * function words ("sale ON NOW", "IT IS"). Only spaces join a run: "NVDA, ON and AMD" is none.
   */
  private inRun(text: string, start: number, end: number): boolean {
    // A run whose every word is an English function word ("ON NOW", "IT IS") is a phrase in capitals, not a list.
    let phrase = FUNCTION_WORDS.has(text.slice(start, end));
    let run = false;
    // Walked by hand, word by word away from the ticker: a regex anchored at the ticker scanned the text before it
    // from every position (mapping the shared feeds took about 1.5 times as long).
    for (const step of [-1, 1] as const) {
      const char = (i: number) => text.charAt(step < 0 ? i - 1 : i);
      let at = step < 0 ? start : end;
      for (;;) {
        let gap = at;
        while (SPACE.test(char(gap))) gap += step;
        if (gap === at) break;
        let far = gap;
        while (WORD_CHAR.test(char(far))) far += step;
        const word = step < 0 ? text.slice(far, gap) : text.slice(gap, far);
        if (!ALL_CAPS.test(word)) break;
        if (!this.bareTickers.has(word)) return false;
        run = true;
        phrase &&= FUNCTION_WORDS.has(word);
        at = far;
      }
    }
    return !(run && phrase);
  }

  /** Every accepted match in text order (overlapping shorter ones dropped). */
  hits(text: string): SymbolHit[] {
    if (!text) return [];
    const shouting = isMostlyUpperCase(text);
    // Text without one capital ("apple unveils new phone") says nothing by case, so only there a name may be lower case.
    const cased = /\p{Lu}/u.test(text);
    const folded = fold(text);
    const hits: SymbolHit[] = [];
    for (const p of this.patterns) {
      if (p.bareTicker && shouting) continue;
      if (!(p.folded ? folded : text).includes(p.literal)) continue;
      p.regex ??= new RegExp(p.source, p.flags);
      p.regex.lastIndex = 0;
      for (const m of text.matchAll(p.regex)) {
        // A company's name is a proper noun: "target", "block", "shell", "visa" or "meta-analysis" in lower case are
        // the words, and "com.apple" a host name. The regex is case-insensitive for APPLE and Coca-cola.
        if (p.capital && cased && !isCapital(m[0])) continue;
        if (p.bareTicker && !this.inRun(text, m.index, m.index + m[0].length)) continue;
        hits.push({ symbol: p.symbol, start: m.index, end: m.index + m[0].length });
      }
    }
    // Longest match first, then earliest; a hit overlapping an accepted one is part of a longer phrase and dropped.
    hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const accepted: SymbolHit[] = [];
    for (const h of hits) {
      if (!accepted.some((a) => h.start < a.end && a.start < h.end)) accepted.push(h);
    }
    return accepted.sort((a, b) => a.start - b.start);
  }
}
