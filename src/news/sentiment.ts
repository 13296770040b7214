import { endingAt, marketClauses, weightInContext } from './sentiment-context.js';

/**
 * Finance-aware lexicon sentiment. Words and phrases are weighted as a trader reads a headline ("beats" is good,
 * "guidance cut" is bad), phrases win over the single words inside them, and a nearby negation flips the sign.
 * Deliberately simple and deterministic: it is one signal among several, and an operator can read why it scored.
 */

/** Weights in roughly [-3, 3]; the final score is squashed into [-1, 1]. */
const LEXICON_SOURCE: Record<string, number> = {
  // earnings and guidance
  'beat': 2, 'beats': 2, 'beating': 2, 'beat estimates': 2.5, 'beats estimates': 2.5, 'tops estimates': 2.5,
  'top estimates': 2.5, 'topped estimates': 2.5, 'better than expected': 2, 'stronger than expected': 2,
  'miss': -2, 'misses': -2, 'missed': -2, 'missing estimates': -2.5, 'misses estimates': -2.5,
  'worse than expected': -2, 'weaker than expected': -2, 'falls short': -2, 'fell short': -2,
  'raises guidance': 2.5, 'raised guidance': 2.5, 'raises outlook': 2.5, 'raised outlook': 2.5,
  'raises forecast': 2.5, 'raised forecast': 2.5, 'boosts guidance': 2.5, 'lifts guidance': 2.5,
  'guidance raise': 2.5, 'guidance cut': -2.5, 'cuts guidance': -2.5, 'cut guidance': -2.5,
  'lowers guidance': -2.5, 'lowered guidance': -2.5, 'cuts outlook': -2.5, 'lowers outlook': -2.5,
  'cuts forecast': -2.5, 'lowers forecast': -2.5, 'slashes forecast': -3, 'profit warning': -3,
  'warns': -1.5, 'warning': -1.5, 'record profit': 3, 'record revenue': 2.5, 'record earnings': 3,
  'record high': 2, 'all time high': 2, 'record low': -2, 'profit': 1, 'profits': 1, 'loss': -1.5,
  'losses': -1.5, 'net loss': -2, 'writedown': -2, 'write down': -2, 'impairment': -2,
  'dividend increase': 2, 'raises dividend': 2, 'dividend cut': -2.5, 'cuts dividend': -2.5,
  'suspends dividend': -2.5, 'buyback': 1.5, 'buybacks': 1.5, 'share repurchase': 1.5,
  // analysts
  'upgrade': 2, 'upgrades': 2, 'upgraded': 2, 'downgrade': -2, 'downgrades': -2, 'downgraded': -2,
  'outperform': 1.5, 'overweight': 1.5, 'underperform': -1.5, 'underweight': -1.5,
  'price target raised': 1.5, 'raises price target': 1.5, 'price target cut': -1.5, 'cuts price target': -1.5,
  'bullish': 1.5, 'bearish': -1.5,
  // price action
  'soar': 2, 'soars': 2, 'soared': 2, 'soaring': 2, 'surge': 2, 'surges': 2, 'surged': 2, 'jumps': 1.5,
  'jumped': 1.5, 'rally': 1.5, 'rallies': 1.5, 'rallied': 1.5, 'gains': 1, 'rises': 1, 'rose': 1,
  'climbs': 1, 'rebound': 1, 'rebounds': 1, 'plunge': -2.5, 'plunges': -2.5, 'plunged': -2.5,
  'tumble': -2, 'tumbles': -2, 'tumbled': -2, 'slump': -2, 'slumps': -2, 'slumped': -2, 'sinks': -1.5,
  'sank': -1.5, 'falls': -1, 'fell': -1, 'drops': -1, 'dropped': -1, 'crash': -3,
  'crashes': -3, 'selloff': -2, 'sell off': -2, 'halted': -2, 'trading halted': -2.5, 'halt': -1.5,
  // corporate events
  'bankruptcy': -3, 'bankrupt': -3, 'chapter 11': -3, 'insolvency': -3, 'default': -2.5, 'defaults': -2.5,
  'delisted': -2.5, 'delisting': -2.5, 'lawsuit': -1.5, 'sued': -1.5, 'sues': -1, 'class action': -2,
  'probe': -1.5, 'investigation': -1.5, 'subpoena': -2, 'fraud': -3, 'fined': -1.5,
  'penalty': -1.5, 'settlement': -0.5, 'recall': -2, 'recalls': -2, 'recalled': -2, 'layoffs': -1.5,
  'job cuts': -1.5, 'resigns': -1, 'ceo resigns': -1.5, 'scandal': -2.5, 'downturn': -1.5,
  'acquisition': 1, 'acquire': 1, 'acquires': 1, 'takeover': 1.5, 'merger': 1, 'partnership': 1,
  'approval': 1.5, 'approved': 1.5, 'fda approval': 2.5, 'wins contract': 2, 'contract win': 2,
  'breakthrough': 2, 'expansion': 1, 'growth': 1, 'strong demand': 1.5, 'weak demand': -1.5,
  'shortage': -1, 'outage': -1.5, 'breach': -2, 'data breach': -2.5, 'hack': -2, 'hacked': -2,
  'strike': -1, 'sanctions': -1.5, 'tariffs': -1, 'inflation': -0.5, 'recession': -2,
};

/**
 * Price moves whose word is as often something else: a season ("Fall 2016 workshops", "fallen leaves"), another verb
 * ("fall back", "jump ahead", "drop us a line", "slides into second", "rising sea levels") or a noun (presentation
 * "slides"). They count only after a subject that is a price or a result (MOVE_SUBJECTS), at most MOVE_REACH words
 * before in the same clause: "Oracle shares fall", "sales did not rise", "shares of Visa jump". Not "profit(s)": it
 * is a term itself (+1), and "profits fall" would sum to nothing. Not "prices": oil prices falling is good news for
 * an airline. Not "declines": in news it is mostly "declines to comment".
 */
const MOVES: Record<string, number> = {
  'fall': -1, 'falling': -1, 'rise': 1, 'rising': 1, 'drop': -1, 'dropping': -1, 'jump': 1.5, 'jumping': 1.5,
  'climb': 1, 'climbed': 1, 'climbing': 1, 'gain': 1, 'gained': 1, 'gaining': 1, 'slide': -1, 'slides': -1,
  'slid': -1, 'sliding': -1, 'slip': -1, 'slips': -1, 'slipped': -1, 'slipping': -1, 'sink': -1.5, 'sinking': -1.5,
  'surging': 2, 'plunging': -2.5, 'tumbling': -2, 'slumping': -2, 'rallying': 1.5, 'rebounded': 1,
};
const MOVE_SUBJECTS = new Set(['shares', 'share', 'stock', 'stocks', 'sales', 'revenue', 'revenues', 'earnings']);
const MOVE_REACH = 3;

/** Words that flip the polarity of a term following within NEGATION_WINDOW tokens. */
const NEGATIONS = ['not', 'no', 'never', 'without', "isn't", "wasn't", "didn't", "doesn't", "don't", "won't",
  'fails to', 'failed to', 'fail to', 'unable to', 'nor', 'neither',
  // Escaping a thing is the opposite of it happening: "Apple avoids bankruptcy", "rules out layoffs".
  'avoids', 'avoid', 'avoided', 'averts', 'averted', 'dodges', 'escapes', 'rules out', 'ruled out', 'cleared of'];
const NEGATION_WINDOW = 3;
/** VADER's normaliser: score = s / sqrt(s^2 + ALPHA); larger ALPHA needs more evidence to approach ±1. */
const ALPHA = 6;

/** Words, and the punctuation that ends a sentence or a clause (kept as tokens: see scoreSentiment). */
const TOKEN = /[a-z0-9]+(?:['’][a-z]+)?|[.!?;:,]/g;
const SENTENCE_END = new Set(['.', '!', '?']);
/** Where a negation's reach ends: "not falling despite a lawsuit" does not deny the lawsuit. */
const CLAUSE_END = new Set([',', ';', ':', 'but', 'despite', 'although', 'though', 'while', 'yet', 'however', 'as', 'after']);

function tokenize(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []).map((t) => t.replace('’', "'"));
}

/** The text's sentences as tokens, each with whether it is a question ("Will Oracle rally?" reports no rally). */
function sentences(tokens: string[]): { tokens: string[]; question: boolean }[] {
  const out: { tokens: string[]; question: boolean }[] = [];
  let current: string[] = [];
  let question = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!SENTENCE_END.has(t)) {
      current.push(t);
      continue;
    }
    question ||= t === '?';
    if (i + 1 < tokens.length && SENTENCE_END.has(tokens[i + 1]!)) continue; // "?." as the scanner joins title and summary
    out.push({ tokens: current, question });
    current = [];
    question = false;
  }
  if (current.length > 0) out.push({ tokens: current, question });
  return out;
}

interface Entry {
  tokens: string[];
  weight: number;
  term: string;
}

/** Phrases grouped by first token, longest first, so a phrase wins over the words it contains. */
function index(entries: Array<[string, number]>): Map<string, Entry[]> {
  const byFirst = new Map<string, Entry[]>();
  for (const [term, weight] of entries) {
    const tokens = tokenize(term);
    const list = byFirst.get(tokens[0]!) ?? [];
    list.push({ tokens, weight, term });
    byFirst.set(tokens[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return byFirst;
}

const LEXICON = index(Object.entries(LEXICON_SOURCE));
const NEGATION_INDEX = index(NEGATIONS.map((n) => [n, 0]));

function matchAt(tokens: string[], i: number, idx: Map<string, Entry[]>): Entry | undefined {
  const candidates = idx.get(tokens[i]!);
  if (!candidates) return undefined;
  return candidates.find((e) => e.tokens.every((t, k) => tokens[i + k] === t));
}

/** A price move at `i` whose subject stands at most MOVE_REACH words before it, after `clauseStart` (see MOVES). */
function moveAt(tokens: string[], i: number, clauseStart: number): Entry | undefined {
  const term = tokens[i]!;
  const weight = Object.hasOwn(MOVES, term) ? MOVES[term] : undefined;
  if (weight === undefined) return undefined;
  for (let k = Math.max(clauseStart, i - MOVE_REACH); k < i; k++) if (MOVE_SUBJECTS.has(tokens[k]!)) return { tokens: [term], weight, term };
  return undefined;
}

export interface SentimentResult {
  /** In [-1, 1]; 0 when no lexicon term matched. */
  score: number;
  /** Matched terms in text order; a negated term is prefixed with "not ". */
  hits: string[];
}

export function scoreSentiment(text: string): SentimentResult {
  const hits: string[] = [];
  let sum = 0;
  for (const sentence of sentences(tokenize(text))) {
    const tokens = sentence.tokens;
    const isClauseEnd = (k: number) => CLAUSE_END.has(tokens[k]!) && !matchAt(tokens, k, LEXICON);
    const market = marketClauses(tokens, isClauseEnd);
    let lastNegationEnd = -Infinity;
    let clauseStart = 0;
    // The terms scored last in this clause, each right after the other: "fraud investigation dropped" flips them.
    let last: { end: number; weights: number[]; hits: number[] } | undefined;
    for (let i = 0; i < tokens.length; ) {
      const lexical = matchAt(tokens, i, LEXICON);
      if (CLAUSE_END.has(tokens[i]!) && !lexical) {
        lastNegationEnd = -Infinity;
        clauseStart = i + 1;
        last = undefined;
        i += 1;
        continue;
      }
      // Dropping or abandoning a thing ends it: "Police dropped an investigation" is not a price that dropped.
      const ending = endingAt(tokens, i, last?.end, (k) => matchAt(tokens, k, LEXICON) !== undefined);
      if (ending?.kind === 'passive' && last) {
        for (const w of last.weights) sum -= 2 * w;
        for (const h of last.hits) hits[h] = hits[h]!.startsWith('not ') ? hits[h]!.slice(4) : `not ${hits[h]}`;
        last = undefined;
        i += 1;
        continue;
      }
      if (ending) {
        // "did not drop the lawsuit": the lawsuit goes on, neither negation counts.
        const verbNegated = i - lastNegationEnd < NEGATION_WINDOW && i >= lastNegationEnd;
        if (ending.kind === 'object') lastNegationEnd = verbNegated ? -Infinity : ending.object;
        i += 1;
        continue;
      }
      const term = lexical ?? moveAt(tokens, i, clauseStart);
      // "fails to beat": the negation phrase is checked first unless a longer lexicon phrase starts here.
      const negation = matchAt(tokens, i, NEGATION_INDEX);
      if (negation && (!term || negation.tokens.length >= term.tokens.length)) {
        lastNegationEnd = i + negation.tokens.length;
        i += negation.tokens.length;
        continue;
      }
      if (term) {
        const next = i + term.tokens.length;
        // A price mover only where a price is: "stocks rally", not "opposition rally" (see weightInContext).
        const weight = lexical ? weightInContext(term.term, term.weight, tokens, i, next, market[i]!) : term.weight;
        i = next;
        if (weight === 0) continue;
        const negated = i - term.tokens.length - lastNegationEnd < NEGATION_WINDOW && i - term.tokens.length >= lastNegationEnd;
        const shown = (negated ? `not ${term.term}` : term.term) + (weight === term.weight ? '' : ' (not a price)');
        // A question asks, it does not report: "Will Oracle rally?", "Is Visa headed for bankruptcy?" score nothing.
        if (sentence.question) hits.push(`${shown}?`);
        else {
          const signed = negated ? -weight : weight;
          sum += signed;
          if (last?.end !== i - term.tokens.length) last = { end: i, weights: [], hits: [] };
          last.end = i;
          last.weights.push(signed);
          last.hits.push(hits.length);
          hits.push(shown);
        }
        continue;
      }
      i += 1;
    }
  }
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + ALPHA);
  return { score: Math.max(-1, Math.min(1, score)), hits };
}
