/**
 * Readings of a sentiment term that depend on the words around it (see scoreSentiment). Every check here looks at a
 * fixed handful of neighbouring tokens, or at a flag computed once per sentence, so a token still costs O(1).
 */

/**
 * Words that make a clause about a price, a market or a debt. "Rally", "crash" and "sell off" are price moves only in such a
 * clause ("stocks rally", "a rally in tech shares", "market crash", "bonds sell off") or before a size ("rallies 5%");
 * elsewhere they are a political gathering ("opposition rally", "held rallies"), support ("party rally around its
 * president"), an accident ("killed in car crash") or a divestiture ("told to sell off CNN").
 */
const MARKET_WORDS = new Set([
  'shares', 'share', 'stock', 'stocks', 'market', 'markets', 'index', 'indexes', 'indices', 'futures', 'equities',
  'equity', 'bond', 'bonds', 'treasuries', 'yields', 'price', 'prices', 'valuation', 'investors', 'traders', 'dow',
  'nasdaq', 'ftse', 'dax', 'nikkei', 'bitcoin', 'crypto', 'cryptocurrency', 'oil', 'gold', 'dollar', 'currency',
  'euro', 'yen', 'sterling', 'rupee', 'relief', 'sales', 'revenue', 'revenues', 'earnings',
  // credit: a default is one only on a debt ("debt default", "default on its loans", "bond default risk")
  'debt', 'debts', 'loan', 'loans', 'credit', 'creditors', 'lenders', 'payment', 'payments', 'mortgage', 'mortgages',
  'sovereign', 'obligations', 'coupon', 'bondholders',
]);

/** MARKET_WORDS that are people: they can drop, withdraw or dismiss a matter, as a price cannot. */
const MARKET_PEOPLE = new Set(['investors', 'traders', 'creditors', 'lenders', 'bondholders']);

/**
 * What such a term weighs outside a market clause: a rally of people, a divestiture or a preset ("the default
 * label", "by default") says nothing of a price or a debt (0: not scored); a crash that is an accident is still bad news for the carmaker, airline or software involved, but it is an
 * incident (as "outage" or "recall"), not the market crash its -3 stands for.
 */
const OUTSIDE_MARKET: Record<string, number> = {
  'rally': 0, 'rallies': 0, 'rallied': 0, 'sell off': 0, 'crash': -1.5, 'crashes': -1.5, 'default': 0,
};

/** Per token of a sentence: whether its clause names a price or a market (one pass; "wall street" counts too). */
export function marketClauses(tokens: readonly string[], isClauseEnd: (i: number) => boolean): boolean[] {
  const out = new Array<boolean>(tokens.length).fill(false);
  let start = 0;
  let market = false;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || isClauseEnd(i)) {
      if (market) out.fill(true, start, i);
      start = i + 1;
      market = false;
      continue;
    }
    const t = tokens[i]!;
    market ||= MARKET_WORDS.has(t) || (t === 'street' && tokens[i - 1] === 'wall');
  }
  return out;
}

/** Words that make the "rallies" or "rallied" after them a gathering: "at Trump rallies", "held rallies", "the rallies". */
const BEFORE_GATHERING = new Set([
  'a', 'an', 'the', 'its', 'his', 'her', 'their', 'our', 'at', 'of', 'in', 'to', 'from', 'during', 'after', 'before',
  'held', 'hold', 'holds', 'staged', 'stages', 'organised', 'organized', 'attended', 'attends', 'addressed', 'joined',
]);
/** Words that make the "rallies" or "rallied" before them support: "rallied around its president", "rallies the base". */
const AFTER_SUPPORT = new Set(['around', 'behind', 'against', 'outside', 'the', 'his', 'her', 'their', 'its', 'supporters', 'voters']);

/**
 * The weight of the lexicon term at `i` (its words end before `next`) read in its context, or the lexicon's `weight`
 * when the term does not depend on it; 0 when, in this context, it is not sentiment at all.
 */
export function weightInContext(term: string, weight: number, tokens: readonly string[], i: number, next: number, market: boolean): number {
  const outside = Object.hasOwn(OUTSIDE_MARKET, term) ? OUTSIDE_MARKET[term] : undefined;
  if (outside === undefined || market || /^\d/.test(tokens[next] ?? '')) return weight;
  // "Oracle rallied after winning it": a verb after its subject is the subject's price, a company's most often.
  // Not the bare "rally" ("opposition rally"; "stocks rally" names its market), not a noun, not support.
  if (term === 'rallies' || term === 'rallied') {
    const noun = BEFORE_GATHERING.has(tokens[i - 1] ?? '') || BEFORE_GATHERING.has(tokens[i - 2] ?? '');
    if (!noun && !AFTER_SUPPORT.has(tokens[next] ?? '')) return weight;
  }
  return outside;
}

/**
 * Verbs that end a matter: dropping, abandoning or dismissing a thing is the opposite of it going on. "Police dropped
 * an investigation", "Oracle abandons merger", "judge dismisses lawsuit". Their object is a term at most ENDING_REACH
 * words after them, with no preposition or conjunction between ("shares dropped on probe news" does not drop the probe).
 */
const ENDING = new Set([
  'drop', 'drops', 'dropped', 'dropping', 'abandon', 'abandons', 'abandoned', 'abandoning', 'scrap', 'scraps',
  'scrapped', 'scrapping', 'withdraw', 'withdraws', 'withdrew', 'withdrawn', 'dismiss', 'dismisses', 'dismissed',
  'shelve', 'shelves', 'shelved', 'shelving',
]);
/** The participles of ENDING that follow their object in the passive: "investigation dropped", "lawsuit was dismissed". */
const ENDED = new Set(['dropped', 'abandoned', 'scrapped', 'withdrawn', 'dismissed', 'shelved']);
const AUXILIARIES = new Set(['is', 'was', 'are', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'will']);
const ENDING_REACH = 3;
/** Words that end a verb's object: what follows them is not what the verb acts on. */
const NOT_OBJECT = new Set([
  'on', 'in', 'at', 'after', 'amid', 'over', 'as', 'to', 'by', 'from', 'for', 'with', 'of', 'into', 'following',
  'despite', 'before', 'since', 'toward', 'towards', 'ahead', 'against', 'about', 'under', 'during', 'through', 'than',
  'below', 'above', 'near', 'and', 'or', 'but', 'then', 'while', 'when', 'because', 'so', 'if',
]);
/** An object's first word: "dropped the subject", "drops its bid" (a price drops nothing). */
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'this', 'that', 'these', 'those']);
/** After a determiner, a size, not an object: "dropped the most since 2008", "drops a third", "fell a further 2%". */
const SIZES = new Set(['most', 'least', 'half', 'third', 'quarter', 'fifth', 'tenth', 'further', 'record', 'bit', 'fraction']);

export type Ending =
  /** The term starting at `object` is the thing ended: it counts negated. */
  | { kind: 'object'; object: number }
  /** The term just before ended ("investigation dropped"): flip it. */
  | { kind: 'passive' }
  /** A verb with an object that is no term ("dropped the subject"): no sentiment, and no price move. */
  | { kind: 'transitive' };

/**
 * How an ENDING verb at `i` reads, or undefined when it is none (then "drops" is a price move as before).
 * `afterTerm` says whether the last scored term of the clause ends at `afterTermEnd`; `isTerm(j)` whether a lexicon
 * term starts at j.
 */
export function endingAt(tokens: readonly string[], i: number, afterTermEnd: number | undefined, isTerm: (j: number) => boolean): Ending | undefined {
  const verb = tokens[i]!;
  // "Oracle shares drop the day after earnings": a price or a market that drops ends nothing. The market's people do:
  // "creditors drop lawsuit", "lenders withdraw bankruptcy petition" (read as a lawsuit and a bankruptcy before).
  const subject = tokens[i - 1] ?? '';
  if (!ENDING.has(verb) || (MARKET_WORDS.has(subject) && !MARKET_PEOPLE.has(subject))) return undefined;
  if (ENDED.has(verb) && afterTermEnd !== undefined && afterTermEnd >= i - 2) {
    let k = afterTermEnd;
    while (k < i && AUXILIARIES.has(tokens[k]!)) k++;
    if (k === i) return { kind: 'passive' };
  }
  for (let j = i + 1; j <= i + ENDING_REACH && j < tokens.length; j++) {
    const t = tokens[j]!;
    if (NOT_OBJECT.has(t) || /^[\d.!?;:,]/.test(t)) break;
    if (isTerm(j)) return { kind: 'object', object: j };
  }
  const next = tokens[i + 1];
  if (next !== undefined && DETERMINERS.has(next) && !SIZES.has(tokens[i + 2] ?? '') && !/est$/.test(tokens[i + 2] ?? '')) return { kind: 'transitive' };
  return undefined;
}
