/**
 * The scout: the news catalyst. It reads the scored news for the symbol and for the whole market and asks three
 * things: which way is the sentiment (time-decayed), how fast is news arriving (velocity), and is it new (novelty).
 *
 * Rules:
 * - Only items published at or before `now` and within the look-back count (the look-ahead rule, defended again).
 * - Each window is the longer of its hours and its bars: look-back `lookbackHours`=72 or `lookbackBars`=5, recent
 *   `recentHours`=6 or `recentBars`=1, half-life `halfLifeHours`=12 or `halfLifeBars`=1 (0 bars: hours only). A span
 *   of bars runs from the open of the n-th last closed bar to now, so on daily bars 5 bars are a trading week
 *   (weekends included) and on 1-minute bars the hours rule.
 * - Each item weighs 0.5^(age / `halfLifeHours`=12) × novelty × (0.5 if its date was a fallback) ; novelty is
 *   1 − the highest title-word Jaccard similarity with any older item in the window (a re-run story adds little).
 * - Symbol sentiment and market sentiment are weighted means of item sentiment with those weights.
 * - Velocity = items in the last `recentHours`=6 against the average rate over the lookback, (recent + 1) / (base + 1).
 * - Stance = (1 − `marketWeight`=0.25) × symbol sentiment + marketWeight × market sentiment; with no symbol news it is
 *   the market sentiment at half strength.
 * - Confidence = (1 − e^(−effective items / 3)) × |stance| gate × velocity factor, capped at 0.9: a few fresh, novel,
 *   one-sided items give a confident catalyst; one stale, repeated item gives almost none. No news: stance 0,
 *   confidence 0.05.
 */
import { z } from 'zod';
import type { AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import type { ScoredNews } from '../news/news-port.js';
import { ruleAgent } from './agent-descriptor.js';
import { integerOption, numberOption } from './agent-options.js';
import { barLength, barsSpan } from './closed-bars.js';
import { clamp, fmt, round } from './stats.js';

const SCOUT_OPTIONS = z.strictObject({
  lookbackHours: numberOption(1, 24 * 60, 72),
  recentHours: numberOption(0.25, 24 * 30, 6),
  halfLifeHours: numberOption(0.25, 24 * 60, 12),
  marketWeight: numberOption(0, 1, 0.25),
  lookbackBars: integerOption(0, 10_000, 5),
  recentBars: integerOption(0, 10_000, 1),
  halfLifeBars: integerOption(0, 10_000, 1),
});

export type ScoutOptions = z.output<typeof SCOUT_OPTIONS>;

export const DEFAULT_SCOUT_OPTIONS: ScoutOptions = SCOUT_OPTIONS.parse({});

const HOUR = 3_600_000;

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3));

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

interface Weighed {
  item: Readonly<ScoredNews>;
  weight: number;
  novelty: number;
}

/** The scout's windows in ms: each the longer of its hours and the span of its last bars. */
interface Windows {
  lookbackMs: number;
  recentMs: number;
  halfLifeMs: number;
}

export function scoutWindows(context: AgentContext, o: ScoutOptions): Windows {
  // Only bars closed at now count (the agents' point-in-time rule): a bar still forming, or a later one, never widens a window.
  const length = o.lookbackBars + o.recentBars + o.halfLifeBars > 0 ? barLength(context.bars, context.now, context.barMs) : 0;
  const span = (n: number) => barsSpan(context.bars, length, context.now, n);
  return {
    lookbackMs: Math.max(o.lookbackHours * HOUR, span(o.lookbackBars)),
    recentMs: Math.max(o.recentHours * HOUR, span(o.recentBars)),
    halfLifeMs: Math.max(o.halfLifeHours * HOUR, span(o.halfLifeBars)),
  };
}

const hours = (ms: number) => `${+(ms / HOUR).toFixed(1)} h`;

/**
 * The novelties of the last list weighed, one for a symbol's news and one for the market's. Every discussion of a scan
 * reads the same market news (the book holds up to 500 items, and comparing each with all before it took about 18 ms
 * of loop time per discussion); the book's items are shared, not copied, so the same list is the same objects in the
 * same order.
 */
interface NoveltyMemo {
  last?: { items: readonly Readonly<ScoredNews>[]; novelty: number[] };
}
const SYMBOL_NEWS: NoveltyMemo = {};
const MARKET_NEWS: NoveltyMemo = {};

/** Each item's novelty: 1 − its largest word overlap (Jaccard) with any item before it in the list. */
function noveltiesOf(items: readonly Readonly<ScoredNews>[], memo: NoveltyMemo): number[] {
  const last = memo.last;
  if (last && last.items.length === items.length && last.items.every((item, i) => item === items[i])) return last.novelty;
  const seen: Set<string>[] = [];
  const novelty = items.map((item) => {
    const tokens = words(`${item.title}`);
    const n = 1 - seen.reduce((mx, prev) => Math.max(mx, jaccard(tokens, prev)), 0);
    seen.push(tokens);
    return n;
  });
  memo.last = { items, novelty };
  return novelty;
}

/** Items in the window, with their decay × novelty × date-quality weight; sorted oldest first for novelty. */
function weigh(items: readonly Readonly<ScoredNews>[], now: number, w: Windows, memo: NoveltyMemo): Weighed[] {
  const inWindow = items
    .filter((i) => i.publishedAt <= now && i.publishedAt >= now - w.lookbackMs && Number.isFinite(i.sentiment))
    .sort((a, b) => a.publishedAt - b.publishedAt || a.id.localeCompare(b.id));
  const novelty = noveltiesOf(inWindow, memo);
  return inWindow.map((item, i) => {
    const decay = 0.5 ** ((now - item.publishedAt) / w.halfLifeMs);
    return { item, novelty: novelty[i]!, weight: decay * Math.max(0.05, novelty[i]!) * (item.dateFallback ? 0.5 : 1) };
  });
}

function sentimentOf(weighed: readonly Weighed[]): { sentiment: number; mass: number } {
  const mass = weighed.reduce((s, w) => s + w.weight, 0);
  if (mass === 0) return { sentiment: 0, mass: 0 };
  return { sentiment: clamp(weighed.reduce((s, w) => s + w.weight * clamp(w.item.sentiment, -1, 1), 0) / mass, -1, 1), mass };
}

export function analyzeScout(context: AgentContext, o: ScoutOptions): AgentSignal {
  const windows = scoutWindows(context, o);
  const symbol = weigh(context.symbolNews, context.now, windows, SYMBOL_NEWS);
  const market = weigh(context.marketNews, context.now, windows, MARKET_NEWS);
  const sym = sentimentOf(symbol);
  const mkt = sentimentOf(market);
  const recent = symbol.filter((w) => w.item.publishedAt >= context.now - windows.recentMs).length;
  const baseRate = (symbol.length * windows.recentMs) / windows.lookbackMs;
  const velocity = (recent + 1) / (baseRate + 1);
  const meanNovelty = symbol.length > 0 ? symbol.reduce((s, w) => s + w.novelty, 0) / symbol.length : 0;
  const metrics = {
    symbolItems: symbol.length, marketItems: market.length, symbolSentiment: round(sym.sentiment), marketSentiment: round(mkt.sentiment),
    effectiveItems: round(sym.mass, 3), velocity: round(velocity, 3), novelty: round(meanNovelty, 3),
  };

  if (symbol.length === 0 && market.length === 0) {
    const none = context.withoutNews ? 'no news source in this run (a backtest without --news reads none)' : `no news in the last ${hours(windows.lookbackMs)}`;
    return { stance: 0, confidence: 0.05, rationale: [`${none}: no catalyst`], metrics };
  }
  const stance = symbol.length > 0
    ? clamp((1 - o.marketWeight) * sym.sentiment + o.marketWeight * mkt.sentiment, -1, 1)
    : clamp(0.5 * mkt.sentiment, -1, 1);
  const coverage = 1 - Math.exp(-(symbol.length > 0 ? sym.mass : mkt.mass * 0.3) / 3);
  const velocityFactor = clamp(0.7 + 0.3 * Math.log2(velocity + 1), 0.6, 1.2);
  const confidence = clamp(coverage * velocityFactor * (0.4 + 0.6 * Math.abs(stance)), 0.05, 0.9);

  const rationale = [
    symbol.length > 0
      ? `${symbol.length} item(s) on ${context.opportunity.symbol} in ${hours(windows.lookbackMs)}, decayed sentiment ${fmt(sym.sentiment)}`
      : `no news on ${context.opportunity.symbol}; market mood only`,
    `market news: ${market.length} item(s), sentiment ${fmt(mkt.sentiment)}`,
    `velocity ${velocity.toFixed(2)}× (${recent} in the last ${hours(windows.recentMs)}), novelty ${meanNovelty.toFixed(2)}`,
  ];
  const freshest = [...symbol].sort((a, b) => b.item.publishedAt - a.item.publishedAt)[0];
  if (freshest) {
    const age = (context.now - freshest.item.publishedAt) / HOUR;
    rationale.push(`latest: "${freshest.item.title.slice(0, 120)}" (${age.toFixed(1)} h ago, sentiment ${fmt(freshest.item.sentiment)})`);
  }
  return { stance, confidence, rationale, metrics };
}

export const scoutAgent = ruleAgent({
  role: 'scout',
  options: SCOUT_OPTIONS,
  weight: 0.75,
  brief: 'You judge the news catalyst: sentiment, how fast news arrives and whether it is new, for the symbol and the market.',
  rule: analyzeScout,
});
