/**
 * The analyst: a balanced, multi-indicator view. Unlike the bull and the bear it has no side; it reads whether the
 * market trends (ADX) and lets that decide how to read the oscillators: with the trend when ADX is strong, against
 * extremes when the market ranges.
 *
 * Evidence (scores in [-1, 1], weighted mean; confidence from evidence.ts, boosted by trend strength):
 * - ADX(14) trend (w 1): direction sign(+DI − −DI) × strength, strength = clamp((ADX − 20) / 20, 0, 1).
 * - MA structure (w 1): 0.4 × sign(close − SMA20) + 0.4 × sign(SMA20 − SMA50) + 0.2 × sign of SMA50's 10-bar slope.
 * - Long trend (w 1), from `longTrendBars`=200 bars on: 0.5 × sign(close − SMA200) + 0.5 × sign(SMA50 − SMA200). The
 *   trend over many bars is the one documented across markets (time-series momentum); judged on held-out series
 *   before it was kept (docs/backtesting.md, "Decisions and scorecards").
 * - Stochastic (14, 3, 3) (w 0.75): trending (ADX ≥ `trendAdx`=25): (%K − 50) / 50 × 0.6, momentum with the trend;
 *   ranging: %K above 80 → −0.6, below 20 → +0.6 (mean reversion), otherwise (%K − %D) / 20 × 0.3.
 * - CCI(20) (w 0.75): tanh(CCI / 150) when trending; when ranging, beyond ±200 it reads as an extreme to fade
 *   (−0.4 × sign), otherwise tanh(CCI / 300) × 0.5.
 * Full confidence needs `fullBars`=60 bars.
 */
import { z } from 'zod';
import type { AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { ruleAgent } from './agent-descriptor.js';
import { integerOption, numberOption } from './agent-options.js';
import { barSeries, sufficiency } from './bar-series.js';
import { combine, confidenceOf, evidenceMetrics, type Evidence } from './evidence.js';
import { cciTail, latestAdx, smaTail, stochasticTail } from './indicators.js';
import { clamp, fmt, last, round, squash } from './stats.js';

const ANALYST_OPTIONS = z.strictObject({
  trendAdx: numberOption(5, 80, 25),
  fullBars: integerOption(10, 5000, 60),
  longTrendBars: integerOption(50, 5000, 200),
});

export type AnalystOptions = z.output<typeof ANALYST_OPTIONS>;

export const DEFAULT_ANALYST_OPTIONS: AnalystOptions = ANALYST_OPTIONS.parse({});

export function analyzeAnalyst(context: AgentContext, o: AnalystOptions, signal?: AbortSignal): AgentSignal {
  const s = barSeries(context);
  const n = s.closes.length;
  const close = last(s.closes);
  if (n < 5 || close === undefined) {
    return { stance: 0, confidence: 0, rationale: [`too few bars for a multi-indicator view (${n})`], metrics: { bars: n } };
  }
  const evidence: Evidence[] = [];
  const metrics: Record<string, number> = { bars: n };

  const a = latestAdx(s, 14);
  const trending = a != null && a.adx >= o.trendAdx;
  if (a) {
    const direction = Math.sign(a.pdi - a.mdi);
    const strength = clamp((a.adx - 20) / 20, 0, 1);
    Object.assign(metrics, { adx: round(a.adx, 2), pdi: round(a.pdi * 100, 2), mdi: round(a.mdi * 100, 2) });
    evidence.push({
      name: 'adx', score: direction * strength, weight: 1,
      note: `ADX ${a.adx.toFixed(1)} (${trending ? 'trending' : 'ranging'}), ${direction >= 0 ? '+DI over −DI' : '−DI over +DI'}`,
    });
  }
  signal?.throwIfAborted();

  const ma20s = smaTail(s.closes, 20, 1);
  const ma20 = last(ma20s);
  // The last value and the one 10 bars before (its slope).
  const ma50s = smaTail(s.closes, 50, 11);
  const ma50 = last(ma50s);
  if (ma20 != null && ma50 != null) {
    const before = last(ma50s, 10);
    const slope = before != null ? Math.sign(ma50 - before) : 0;
    const score = 0.4 * Math.sign(close - ma20) + 0.4 * Math.sign(ma20 - ma50) + 0.2 * slope;
    const order = close > ma20 && ma20 > ma50 ? 'close > SMA20 > SMA50' : close < ma20 && ma20 < ma50 ? 'close < SMA20 < SMA50' : 'mixed MA order';
    evidence.push({ name: 'maStructure', score, weight: 1, note: `${order}, SMA50 ${slope > 0 ? 'rising' : slope < 0 ? 'falling' : 'flat'}` });
  } else if (ma20 != null) {
    evidence.push({ name: 'maStructure', score: 0.5 * Math.sign(close - ma20), weight: 0.5, note: `close ${close >= ma20 ? 'above' : 'below'} SMA20 (too short for SMA50)` });
  }

  const long = n >= o.longTrendBars ? last(smaTail(s.closes, o.longTrendBars, 1)) : undefined;
  if (long != null && ma50 != null) {
    const score = 0.5 * Math.sign(close - long) + 0.5 * Math.sign(ma50 - long);
    const name = `SMA${o.longTrendBars}`;
    evidence.push({ name: 'longTrend', score, weight: 1, note: `close ${close >= long ? 'above' : 'below'} ${name}, SMA50 ${ma50 >= long ? 'above' : 'below'} it` });
  }

  const st = last(stochasticTail(s, 14, 3, 3, 1));
  if (st) {
    const k = st.stochK;
    Object.assign(metrics, { stochK: round(k, 2), stochD: round(st.stochD, 2) });
    let score: number;
    let note: string;
    if (trending) {
      score = ((k - 50) / 50) * 0.6;
      note = `stochastic %K ${k.toFixed(0)} read with the trend`;
    } else if (k > 80 || k < 20) {
      score = k > 80 ? -0.6 : 0.6;
      note = `stochastic %K ${k.toFixed(0)} ${k > 80 ? 'overbought' : 'oversold'} in a range`;
    } else {
      score = clamp((k - st.stochD) / 20, -1, 1) * 0.3;
      note = `stochastic %K ${k.toFixed(0)} vs %D ${st.stochD.toFixed(0)}`;
    }
    evidence.push({ name: 'stochastic', score, weight: 0.75, note });
  }
  signal?.throwIfAborted();

  const c = last(cciTail(s, 20, 1));
  if (c != null) {
    metrics.cci = round(c, 2);
    const fade = !trending && Math.abs(c) > 200;
    const score = trending ? squash(c, 150) : fade ? -0.4 * Math.sign(c) : squash(c, 300) * 0.5;
    evidence.push({ name: 'cci', score, weight: 0.75, note: `CCI ${c.toFixed(0)}${fade ? ' extreme in a range, faded' : ''}` });
  }

  const combined = combine(evidence);
  const suff = sufficiency(s, o.fullBars);
  // A clear trend makes the reading more trustworthy; a range makes every oscillator noisier.
  const trendBoost = a ? 0.85 + 0.15 * clamp((a.adx - 15) / 25, 0, 1) : 0.85;
  const confidence = confidenceOf(combined, suff.factor) * trendBoost;
  const head = `${combined.stance >= 0.2 ? 'indicators lean bullish' : combined.stance <= -0.2 ? 'indicators lean bearish' : 'indicators mixed or neutral'} (stance ${fmt(combined.stance)})`;
  return {
    stance: combined.stance,
    confidence,
    rationale: [head, ...evidence.map((e) => `${e.note} → ${fmt(e.score)}`), ...suff.notes],
    metrics: Object.assign({}, metrics, evidenceMetrics(evidence), { agreement: round(combined.agreement) }),
  };
}

export const analystAgent = ruleAgent({
  role: 'analyst',
  options: ANALYST_OPTIONS,
  weight: 1.25,
  brief: 'You give a balanced multi-indicator view: trend strength, oscillators, moving-average structure. You take no side in advance.',
  rule: analyzeAnalyst,
});
