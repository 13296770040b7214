/**
 * The bull: trend and momentum evidence. Its stance is where trend and momentum point (negative in a downtrend: it
 * reports honestly), its confidence how loud and consistent the evidence is on a long enough history.
 *
 * Evidence (each a score in [-1, 1], combined as a weighted mean; see evidence.ts for confidence):
 * - MA trend (w 1): gap between SMA(fast=20) and SMA(slow=50) as a fraction of the slow one, tanh-scaled at 3 %.
 *   With fewer bars than the slow period, the close against SMA(fast) at half weight.
 * - Crossover (w 0.75, only when one happened): SMA fast crossing the slow within the last `crossRecency`=5 bars,
 *   golden cross +0.8, death cross −0.8, scaled down to a quarter when the slow MA is flat. More than 2 crossings within `slow` bars is whipsaw: crossovers ignored.
 * - MACD(12, 26, 9) (w 1): 0.6 × tanh(macd / price / 1 %) + 0.4 × tanh(histogram / price / 0.3 %).
 * - Breakout (w 1): close above the highest high of the previous `breakoutLookback`=20 bars: +1 if volume is at least
 *   `volumeFactor`=1.5× the average of those bars (confirmed), +0.4 if not; close below their lowest low: −0.7;
 *   otherwise the close's place in that range, (position − 0.5) × 0.6, at half weight.
 * - Momentum (w 0.75): rate of change over `rocPeriod`=20 bars, tanh-scaled at 8 %.
 * Full confidence needs `fullBars`=60 bars; with fewer the confidence shrinks in proportion and the rationale says so.
 */
import { z } from 'zod';
import type { AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { ruleAgent } from './agent-descriptor.js';
import { integerOption, numberOption } from './agent-options.js';
import { barSeries, sufficiency } from './bar-series.js';
import { combine, confidenceOf, evidenceMetrics, type Evidence } from './evidence.js';
import { extremes, latestMacd, smaTail } from './indicators.js';
import { fmt, last, mean, pct, round, sliceOf, squash } from './stats.js';
import { price } from '../core/display-format.js';

const BULL_OPTIONS = z.strictObject({
  fast: integerOption(2, 500, 20),
  slow: integerOption(3, 1000, 50),
  crossRecency: integerOption(1, 100, 5),
  breakoutLookback: integerOption(2, 500, 20),
  volumeFactor: numberOption(1, 20, 1.5),
  rocPeriod: integerOption(1, 500, 20),
  fullBars: integerOption(10, 5000, 60),
});

export type BullOptions = z.output<typeof BULL_OPTIONS>;

export const DEFAULT_BULL_OPTIONS: BullOptions = BULL_OPTIONS.parse({});

export function analyzeBull(context: AgentContext, o: BullOptions, signal?: AbortSignal): AgentSignal {
  const s = barSeries(context);
  const n = s.closes.length;
  const close = last(s.closes);
  if (n < 5 || close === undefined) {
    return { stance: 0, confidence: 0, rationale: [`too few bars to judge a trend (${n})`], metrics: { bars: n } };
  }
  const evidence: Evidence[] = [];
  const metrics: Record<string, number> = { bars: n, close };

  // As far back as the crossings (`slow` bars) and the slow MA's 10-bar slope read.
  const tail = Math.max(o.slow + 1, 11);
  const fastMa = smaTail(s.closes, o.fast, tail);
  const slowMa = smaTail(s.closes, o.slow, tail);
  const f = last(fastMa);
  const sl = last(slowMa);
  if (f != null && sl != null) {
    const gap = (f - sl) / sl;
    metrics.maGap = round(gap);
    evidence.push({ name: 'maTrend', score: squash(gap, 0.03), weight: 1, note: `SMA${o.fast} is ${pct(gap)} ${gap >= 0 ? 'above' : 'below'} SMA${o.slow}` });
    const crosses = crossings(fastMa, slowMa, o.slow);
    if (crosses.length > 2) {
      evidence.push({ name: 'crossover', score: 0, weight: 0.25, note: `${crosses.length} MA crossings in ${o.slow} bars: whipsaw, crossovers ignored` });
    } else {
      const recent = crosses.find((c) => c.barsAgo < o.crossRecency);
      if (recent) {
        const golden = recent.direction > 0;
        // A cross while the slow MA is flat is noise; it counts in full only when the slow MA moves its way (1 % in 10 bars).
        const slowBefore = last(slowMa, 10);
        const slope = slowBefore != null ? sl / slowBefore - 1 : 0;
        const backing = Math.max(0.25, Math.min(1, (recent.direction * slope) / 0.01));
        evidence.push({
          name: 'crossover', score: recent.direction * 0.8 * backing, weight: 0.75,
          note: `${golden ? 'golden' : 'death'} cross ${recent.barsAgo} bar(s) ago, slow MA ${pct(slope)} over 10 bars`,
        });
      }
    }
  } else if (f != null) {
    const gap = (close - f) / f;
    evidence.push({ name: 'maTrend', score: squash(gap, 0.03), weight: 0.5, note: `close ${pct(gap)} from SMA${o.fast} (too short for SMA${o.slow})` });
  }
  signal?.throwIfAborted();

  const m = latestMacd(s.closes);
  if (m) {
    const score = 0.6 * squash(m.macd / close, 0.01) + 0.4 * squash(m.histogram / close, 0.003);
    metrics.macd = round(m.macd / close, 5);
    metrics.macdHistogram = round(m.histogram / close, 5);
    evidence.push({ name: 'macd', score, weight: 1, note: `MACD ${m.macd >= m.signal ? 'above' : 'below'} its signal line, histogram ${fmt(m.histogram / close * 100, 3)} % of price` });
  }
  signal?.throwIfAborted();

  if (n > o.breakoutLookback) {
    const { high } = extremes(s.highs, n - 1 - o.breakoutLookback, n - 1);
    const lowest = extremes(s.lows, n - 1 - o.breakoutLookback, n - 1).low;
    const avgVolume = mean(sliceOf(s.volumes, n - 1 - o.breakoutLookback, n - 1));
    const volumeRatio = avgVolume > 0 ? s.volumes[n - 1]! / avgVolume : 1;
    metrics.volumeRatio = round(volumeRatio, 3);
    if (close > high) {
      const confirmed = volumeRatio >= o.volumeFactor;
      evidence.push({
        name: 'breakout', score: confirmed ? 1 : 0.4, weight: 1,
        note: `close broke the ${o.breakoutLookback}-bar high ${price(high)} on ${volumeRatio.toFixed(1)}× average volume (${confirmed ? 'confirmed' : 'unconfirmed'})`,
      });
    } else if (close < lowest) {
      evidence.push({ name: 'breakout', score: -0.7, weight: 1, note: `close broke down below the ${o.breakoutLookback}-bar low ${price(lowest)}` });
    } else {
      const position = high > lowest ? (close - lowest) / (high - lowest) : 0.5;
      evidence.push({ name: 'breakout', score: (position - 0.5) * 0.6, weight: 0.5, note: `no breakout; close at ${pct(position, 0)} of the ${o.breakoutLookback}-bar range` });
    }
  }

  if (n > o.rocPeriod) {
    const roc = close / s.closes[n - 1 - o.rocPeriod]! - 1;
    metrics.roc = round(roc);
    evidence.push({ name: 'momentum', score: squash(roc, 0.08), weight: 0.75, note: `${o.rocPeriod}-bar change ${pct(roc)}` });
  }

  const combined = combine(evidence);
  const suff = sufficiency(s, o.fullBars);
  const confidence = confidenceOf(combined, suff.factor);
  const verdictLine = `${combined.stance >= 0.2 ? 'trend and momentum up' : combined.stance <= -0.2 ? 'trend and momentum down' : 'no clear trend'} (stance ${fmt(combined.stance)})`;
  return {
    stance: combined.stance,
    confidence,
    rationale: [verdictLine, ...evidence.map((e) => `${e.note} → ${fmt(e.score)}`), ...suff.notes],
    metrics: Object.assign({}, metrics, evidenceMetrics(evidence), { agreement: round(combined.agreement) }),
  };
}

/** Where the fast MA crossed the slow one within the last `window` bars, most recent first. */
function crossings(fastMa: readonly (number | null)[], slowMa: readonly (number | null)[], window: number) {
  const out: { barsAgo: number; direction: 1 | -1 }[] = [];
  for (let back = 0; back < window; back++) {
    const [f1, s1, f0, s0] = [last(fastMa, back), last(slowMa, back), last(fastMa, back + 1), last(slowMa, back + 1)];
    if (f1 == null || s1 == null || f0 == null || s0 == null) break;
    if (f0 <= s0 && f1 > s1) out.push({ barsAgo: back, direction: 1 });
    else if (f0 >= s0 && f1 < s1) out.push({ barsAgo: back, direction: -1 });
  }
  return out;
}

export const bullAgent = ruleAgent({
  role: 'bull',
  options: BULL_OPTIONS,
  weight: 1,
  brief: 'You look for trend and momentum evidence: moving-average structure and crossovers, MACD, breakouts confirmed by volume.',
  rule: analyzeBull,
});
