/**
 * The bear: exhaustion and downside evidence. Each piece is a downside strength d in [0, 1]; they combine as a
 * noisy-or, c = 1 − Π(1 − d), because one clear sign (a blow-off reversal) matters on its own and quiet pieces must
 * not dilute it. Stance = −c + (1 − c) × concession: a bear that looked and found nothing concedes a little
 * (`concession`=0.2, plus 0.2 when RSI is below 30: the selling looks spent), so that under a random walk the bear
 * does not lean the panel toward SELL by construction; with strong evidence the concession vanishes.
 *
 * Pieces:
 * - Overbought: RSI(14) above `overbought`=70, d = 0.8 × (RSI − 70) / 20.
 * - Bearish divergence: the last `divergenceWindow`=10 bars make a higher closing high than the 20 bars before, while
 *   RSI at that high is lower than RSI at the earlier high (which was above 60): d = 0.8 × min(1, ΔRSI / 15).
 * - Upper-band rejection: within the last 5 bars, a high at or above the upper Bollinger band (20, 2) on a down bar
 *   whose upper wick is at least 40 % of its range, closing back below the band: d = 0.45, or 0.7 when the close is
 *   now below the middle band. (Riding the band with ordinary down days is what uptrends do; that is not rejection.)
 * - Distribution volume: CMF(20) below −0.1 (sustained selling into the closes): d = 0.7 × min(1, (−CMF − 0.1) × 4),
 *   at 60 % strength unless more than 60 % of the last 10 bars' volume was on down bars.
 * - Reversal: the close is more than 2 ATR(14) below the highest high of the last 20 bars (set at least a bar ago):
 *   d = 0.85 × min(1, (drop − 2) / 4) when the 20 bars into that high gained more than 15 % (a blow-off), else only
 *   0.4 × (drop − 3) / 4 (clipped), since ordinary swings off a high are common.
 * - Downside momentum: close below SMA(50) and down more than 5 % over 20 bars: d = 0.9 × min(1, (−change − 5 %) / 15 %).
 * - Overextension: close more than 10 % above SMA(50): d = 0.5 × min(1, (stretch − 10 %) / 20 %).
 * Confidence = sufficiency × (0.25 + 0.55 × c + 0.05 × pieces firing), capped at 0.9: finding nothing is weak
 * evidence of safety, finding several independent signs is strong evidence of danger. Full confidence needs 60 bars.
 */
import { z } from 'zod';
import type { AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { ruleAgent } from './agent-descriptor.js';
import { integerOption, numberOption } from './agent-options.js';
import { barSeries, sufficiency } from './bar-series.js';
import { bollingerTail, cmfTail, extremes, latestAtr, rsi, smaTail } from './indicators.js';
import { clamp, fmt, last, pct, round, sliceOf } from './stats.js';
import { withChanges } from '../core/with-changes.js';

const BEAR_OPTIONS = z.strictObject({
  overbought: numberOption(50, 95, 70),
  concession: numberOption(0, 0.5, 0.2),
  divergenceWindow: integerOption(3, 100, 10),
  fullBars: integerOption(10, 5000, 60),
});

export type BearOptions = z.output<typeof BEAR_OPTIONS>;

export const DEFAULT_BEAR_OPTIONS: BearOptions = BEAR_OPTIONS.parse({});

interface Downside {
  name: string;
  d: number;
  note: string;
}

export function analyzeBear(context: AgentContext, o: BearOptions, signal?: AbortSignal): AgentSignal {
  const s = barSeries(context);
  const n = s.closes.length;
  const close = last(s.closes);
  if (n < 5 || close === undefined) {
    return { stance: 0, confidence: 0, rationale: [`too few bars to look for exhaustion (${n})`], metrics: { bars: n } };
  }
  const found: Downside[] = [];
  const metrics: Record<string, number> = { bars: n };

  const rsiSeries = rsi(s.closes, 14);
  const r = last(rsiSeries);
  if (r != null) {
    metrics.rsi = round(r, 2);
    if (r > o.overbought) found.push({ name: 'overbought', d: 0.8 * clamp((r - o.overbought) / 20, 0, 1), note: `RSI ${r.toFixed(1)} overbought (> ${o.overbought})` });
  }

  const w = o.divergenceWindow;
  if (n >= 3 * w) {
    const recentIdx = argMax(s.closes, n - w, n);
    const priorIdx = argMax(s.closes, n - 3 * w, n - w);
    const [rRecent, rPrior] = [rsiSeries[recentIdx], rsiSeries[priorIdx]];
    if (s.closes[recentIdx]! > s.closes[priorIdx]! && rRecent != null && rPrior != null && rPrior > 60 && rRecent < rPrior - 3) {
      const drop = rPrior - rRecent;
      metrics.divergenceRsiDrop = round(drop, 2);
      found.push({ name: 'divergence', d: 0.8 * Math.min(1, drop / 15), note: `bearish divergence: higher high in price, RSI ${rPrior.toFixed(1)} → ${rRecent.toFixed(1)}` });
    }
  }
  signal?.throwIfAborted();

  const bands = bollingerTail(s.closes, 20, 2, 5);
  for (let back = 0; back < Math.min(5, n); back++) {
    const band = last(bands, back);
    const bar = s.bars[n - 1 - back]!;
    if (!band) break;
    const range = bar.high - bar.low;
    const upperWick = bar.high - Math.max(bar.open, bar.close);
    if (bar.high >= band.upper && bar.close < band.upper && bar.close < bar.open && range > 0 && upperWick / range >= 0.4) {
      const lastBand = last(bands)!;
      const deep = close < lastBand.middle;
      found.push({ name: 'bandRejection', d: deep ? 0.7 : 0.45, note: `rejected at the upper Bollinger band ${back} bar(s) ago${deep ? ', now below the middle band' : ''}` });
      break;
    }
  }

  const flow = last(cmfTail(s, 20, 1));
  const tail = sliceOf(s.bars, -10);
  const totalVolume = tail.reduce((sum, b) => sum + b.volume, 0);
  const downShare = totalVolume > 0 ? tail.filter((b) => b.close < b.open).reduce((sum, b) => sum + b.volume, 0) / totalVolume : 0.5;
  metrics.downVolumeShare = round(downShare, 3);
  if (flow != null) metrics.cmf = round(flow, 4);
  const distribution = flow != null && flow < -0.1 ? 0.7 * Math.min(1, (-flow - 0.1) * 4) * (downShare > 0.6 ? 1 : 0.6) : 0;
  if (distribution >= 0.05) {
    found.push({ name: 'distribution', d: distribution, note: `distribution: ${pct(downShare, 0)} of the last 10 bars' volume on down bars${flow != null ? `, CMF ${fmt(flow)}` : ''}` });
  }
  signal?.throwIfAborted();

  const atrNow = latestAtr(s, 14);
  if (n > 20 && atrNow != null && atrNow > 0) {
    const peakIdx = argMax(s.highs, n - 20, n);
    const dropAtr = (s.highs[peakIdx]! - close) / atrNow;
    const barsSince = n - 1 - peakIdx;
    metrics.dropFromHighAtr = round(dropAtr, 2);
    if (barsSince >= 1 && dropAtr > 2) {
      // A reversal hurts most after a run: the 20 bars into the peak gained more than 15 %.
      const runUp = peakIdx >= 20 ? s.closes[peakIdx]! / s.closes[peakIdx - 20]! - 1 : 0;
      const afterRun = runUp > 0.15;
      found.push({
        name: 'reversal', d: afterRun ? 0.85 * Math.min(1, (dropAtr - 2) / 4) : 0.4 * clamp((dropAtr - 3) / 4, 0, 1),
        note: `fell ${dropAtr.toFixed(1)} ATR from the high ${barsSince} bar(s) ago${afterRun ? ` after a ${pct(runUp, 0)} run-up` : ''}`,
      });
    }
  }

  const ma50 = last(smaTail(s.closes, 50, 1));
  if (n > 20) {
    const change = close / s.closes[n - 21]! - 1;
    metrics.change20 = round(change);
    if (ma50 != null && close < ma50 && change < -0.05) {
      found.push({ name: 'downMomentum', d: 0.9 * Math.min(1, (-change - 0.05) / 0.15), note: `below SMA50 and down ${pct(-change)} over 20 bars` });
    }
  }
  if (ma50 != null) {
    const stretch = close / ma50 - 1;
    metrics.stretch50 = round(stretch);
    if (stretch > 0.1) found.push({ name: 'overextended', d: 0.5 * Math.min(1, (stretch - 0.1) / 0.2), note: `overextended ${pct(stretch)} above SMA50` });
  }

  const signs = found.filter((f) => f.d > 0);
  const combined = 1 - signs.reduce((p, f) => p * (1 - f.d), 1);
  const suff = sufficiency(s, o.fullBars);
  const confidence = clamp(suff.factor * (0.25 + 0.55 * combined + 0.05 * signs.length), 0, 0.9);
  for (const f of signs) metrics[`${f.name}D`] = round(f.d);
  const oversold = r != null && r < 30;
  const concession = o.concession + (oversold ? 0.2 : 0);
  const stance = clamp(-combined + (1 - combined) * concession, -1, 1);
  const head = signs.length === 0
    ? 'no exhaustion or downside evidence found'
    : `downside evidence ${combined.toFixed(2)} from ${signs.length} sign(s)`;
  return {
    stance,
    confidence,
    rationale: [
      head,
      ...signs.map((f) => `${f.note} → d ${f.d.toFixed(2)}`),
      `stance ${fmt(stance)} = −${combined.toFixed(2)} + ${(1 - combined).toFixed(2)} × concession ${concession.toFixed(2)}${oversold ? ' (RSI oversold: selling looks spent)' : ''}`,
      ...suff.notes,
    ],
    metrics: withChanges(metrics, { downside: round(combined) }),
  };
}

function argMax(values: readonly number[], from: number, to: number): number {
  const { high } = extremes(values, from, to);
  for (let i = Math.max(0, from); i < to; i++) if (values[i] === high) return i;
  return from;
}

export const bearAgent = ruleAgent({
  role: 'bear',
  options: BEAR_OPTIONS,
  weight: 1,
  brief: 'You look for exhaustion and downside evidence: overbought conditions, bearish divergence, rejection at highs, distribution volume, breakdowns.',
  rule: analyzeBear,
});
