/**
 * The risk doctor: how much can go wrong, how much to risk, where to stop. It is the only agent that gives RiskAdvice,
 * and its veto blocks entries.
 *
 * Measures:
 * - ATR% = ATR(14) / close; realised volatility = standard deviation of the last 20 log returns (per bar).
 * - Drawdown: the close against the highest close of the last `returnsWindow`=100 bars, and the deepest drawdown there.
 * - Tail: the bootstrap of paths of `horizonBars`=10 log returns drawn with replacement from the last `returnsWindow`
 *   returns; VaR and CVaR at `level`=95 % of the path's simple return. By default (`sampleTail`=0) in closed form
 *   (tail-estimate.ts: the paths' mean and σ exactly, their tail by Cornish-Fisher): no sampling noise, ~1 µs.
 *   `sampleTail`=1 draws `paths`=2000 paths instead, with a PRNG seeded from the returns themselves, so the same
 *   bars always give the same numbers.
 * - Position fraction (risk-budgeted): `cvarBudget`=3 % of equity lost in the tail over the horizon, so fraction =
 *   cvarBudget / CVaR, clipped to [0, `maxFraction`=0.2]: a calm series gets a larger position, a wild one a smaller,
 *   the same tail risk each, on any bar size. (Fractional Kelly, μ / σ² of the recent drift, stays a metric only: the
 *   drift of 100 bars is noise, and sizing by it gave no position after any dip.)
 * - Stop distance: `atrStopMultiple`=2 × ATR%, clipped to [`minStop`=0.5 %, `maxStop`=25 %].
 * Risk level, measured against the series' own history so it means the same on a quiet currency's hourly bars and on
 * bitcoin's monthly ones: score = max((ratio − 1) / (`vetoVolRatio`=2.5 − 1), the ratio being the volatility of the
 * last 20 returns over that of the window's earlier ones (a volatility shock; as wild as usual adds nothing),
 * drawdown from the window's high ÷ (σ × √window) ÷ `vetoDrawdownSigmas`=1.5 (a fall far beyond the series' ordinary
 * swings)); the absolute caps `vetoCvar`, `vetoAtrPct` and `vetoDrawdown`
 * (fractions of price) also count when set below their default 1 (off). Below 0.4 low, below 0.7 moderate, below 1
 * high, from 1 extreme, which vetoes an entry.
 * Stance: about risk only, never about direction (the drift already speaks through the others): 0.25 − 0.5 × score,
 * clipped to [−0.75, 0.25]. Low risk leans mildly for an entry, high risk against it; its real power is the veto and
 * the size, so its stance stays mild.
 * Fewer than 20 returns cannot be assessed: stance 0, confidence 0, and a veto (no entry on unknown risk).
 */
import { z } from 'zod';
import type { AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { ruleAgent } from './agent-descriptor.js';
import { integerOption, numberOption } from './agent-options.js';
import { barSeries, sufficiency } from './bar-series.js';
import { latestAtr } from './indicators.js';
import { seededRandom, seedFromNumbers } from '../core/random.js';
import { tailEstimate } from './tail-estimate.js';
import { clamp, fmt, last, logReturns, pct, round, sliceOf, stdev } from './stats.js';

const RISK_DOCTOR_OPTIONS = z
  .strictObject({
    returnsWindow: integerOption(20, 5000, 100),
    horizonBars: integerOption(1, 500, 10),
    // 0: the bootstrap in closed form (the default); 1: `paths` random paths. A number, as every agent option is.
    sampleTail: integerOption(0, 1, 0),
    paths: integerOption(100, 100_000, 2000),
    level: numberOption(0.5, 0.999, 0.95),
    cvarBudget: numberOption(0, 1, 0.03),
    maxFraction: numberOption(0, 1, 0.2),
    atrStopMultiple: numberOption(0.1, 20, 2),
    minStop: numberOption(0.0001, 0.5, 0.005),
    maxStop: numberOption(0.001, 0.9, 0.25),
    vetoVolRatio: numberOption(1.01, 100, 2.5),
    vetoDrawdownSigmas: numberOption(0.1, 100, 1.5),
    // Absolute caps as fractions of price; 1 (the default) leaves them off, since no one level suits every market.
    vetoCvar: numberOption(0.001, 1, 1),
    vetoAtrPct: numberOption(0.001, 1, 1),
    vetoDrawdown: numberOption(0.01, 1, 1),
  })
  .check((ctx) => {
    if (ctx.value.minStop > ctx.value.maxStop) {
      ctx.issues.push({ code: 'custom', input: ctx.value.minStop, path: ['minStop'], message: `a number not above maxStop (${ctx.value.maxStop})` });
    }
  });

export type RiskDoctorOptions = z.output<typeof RISK_DOCTOR_OPTIONS>;

export const DEFAULT_RISK_DOCTOR_OPTIONS: RiskDoctorOptions = RISK_DOCTOR_OPTIONS.parse({});

const MIN_RETURNS = 20;

export interface MonteCarlo {
  var: number;
  cvar: number;
  mean: number;
  stdev: number;
}

/** Where the stop's distance was held to its bounds: the rationale said "0.50 % (0.7 × ATR)" of an ATR of 0.02 %. */
function stopBound(raw: number, min: number, max: number): string {
  if (raw < min) return ` = ${pct(raw, 2)}, raised to the minimum stop`;
  if (raw > max) return ` = ${pct(raw, 2)}, cut to the maximum stop`;
  return '';
}

/** Bootstrap of `horizon`-bar paths; losses are reported as positive fractions. */
export function bootstrap(returns: readonly number[], horizon: number, paths: number, level: number, signal?: AbortSignal): MonteCarlo {
  const random = seededRandom(seedFromNumbers([...returns, horizon, paths, level]));
  const outcomes = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    if (p % 500 === 0) signal?.throwIfAborted();
    let sum = 0;
    for (let h = 0; h < horizon; h++) sum += returns[Math.floor(random() * returns.length)]!;
    outcomes[p] = Math.expm1(sum);
  }
  // Mean and deviation in path order, before sorting (as stats' mean and stdev sum them), without copying the paths.
  let sum = 0;
  for (let p = 0; p < paths; p++) sum += outcomes[p]!;
  const m = sum / paths;
  let sq = 0;
  for (let p = 0; p < paths; p++) sq += (outcomes[p]! - m) ** 2;
  const sd = paths < 2 ? NaN : Math.sqrt(sq / (paths - 1));
  outcomes.sort();
  const cut = Math.max(1, Math.floor((1 - level) * paths));
  let tail = 0;
  for (let i = 0; i < cut; i++) tail += outcomes[i]!;
  return { var: Math.max(0, -outcomes[cut - 1]!), cvar: Math.max(0, -tail / cut), mean: m, stdev: sd };
}

export function analyzeRisk(context: AgentContext, o: RiskDoctorOptions, signal?: AbortSignal): AgentSignal {
  const s = barSeries(context);
  const closes = s.closes;
  const close = last(closes);
  const window = sliceOf(closes, -(o.returnsWindow + 1));
  const returns = logReturns(window);
  if (close === undefined || returns.length < MIN_RETURNS) {
    return {
      stance: 0, confidence: 0, metrics: { bars: closes.length },
      rationale: [`only ${returns.length} returns (need ${MIN_RETURNS}): risk unknown, entry vetoed`],
      risk: { veto: true, fraction: 0, stopDistance: o.maxStop },
    };
  }
  const atrNow = latestAtr(s, 14);
  const atrPct = atrNow != null ? atrNow / close : stdev(returns) * 1.25;
  const vol = stdev(returns.slice(-20));
  let peak = -Infinity;
  let maxDrawdown = 0;
  for (const c of window) {
    peak = Math.max(peak, c);
    maxDrawdown = Math.max(maxDrawdown, 1 - c / peak);
  }
  const drawdown = 1 - close / peak;
  signal?.throwIfAborted();

  const mc = o.sampleTail === 1 ? bootstrap(returns, o.horizonBars, o.paths, o.level, signal) : tailEstimate(returns, o.horizonBars, o.level);
  const kelly = mc.stdev > 0 ? mc.mean / mc.stdev ** 2 : 0;
  const fraction = mc.cvar > 0 ? clamp(o.cvarBudget / mc.cvar, 0, o.maxFraction) : o.maxFraction;
  const stopDistance = clamp(o.atrStopMultiple * atrPct, o.minStop, o.maxStop);

  const shock = volatilityRatio(returns);
  const sigma = stdev(returns);
  const drawdownSigmas = sigma > 0 ? drawdown / (sigma * Math.sqrt(returns.length)) : 0;
  const parts = {
    // As wild as usual is no added risk: the part counts the excess, from 0 at a ratio of 1 to 1 at the veto.
    volShock: Math.max(0, shock - 1) / (o.vetoVolRatio - 1),
    drawdown: drawdownSigmas / o.vetoDrawdownSigmas,
    cvar: mc.cvar / o.vetoCvar,
    atr: atrPct / o.vetoAtrPct,
    drawdownPct: drawdown / o.vetoDrawdown,
  };
  const riskScore = Math.max(...Object.values(parts));
  const level = riskScore >= 1 ? 'extreme' : riskScore >= 0.7 ? 'high' : riskScore >= 0.4 ? 'moderate' : 'low';
  const veto = riskScore >= 1;
  const worst = (Object.entries(parts) as [string, number][]).sort((a, b) => b[1] - a[1])[0]![0];
  const stance = clamp(0.25 - 0.5 * riskScore, -0.75, 0.25);
  const suff = sufficiency(s, o.returnsWindow + 1);
  const confidence = clamp(0.8 * suff.factor, 0, 0.8);

  const h = o.horizonBars;
  const pctLevel = Math.round(o.level * 100);
  const rationale = [
    `risk ${level}${veto ? ', entry vetoed' : ''}: score ${riskScore.toFixed(2)}, driven by ${worst}`,
    `${h}-bar ${pctLevel} % VaR ${pct(mc.var)}, CVaR ${pct(mc.cvar)}${o.vetoCvar < 1 ? ` (veto at ${pct(o.vetoCvar, 0)})` : ''}, ${o.sampleTail === 1 ? `from ${o.paths} bootstrap paths` : 'bootstrap in closed form'} of ${returns.length} returns`,
    `volatility of the last 20 returns ${shock.toFixed(2)}× that of the window's earlier ones (veto at ${o.vetoVolRatio}×); ATR ${pct(atrPct, 2)} of price${o.vetoAtrPct < 1 ? ` (veto at ${pct(o.vetoAtrPct, 0)})` : ''}, realised volatility ${pct(vol, 2)} per bar`,
    `drawdown ${pct(drawdown)} from the ${window.length}-bar high = ${drawdownSigmas.toFixed(2)} σ√${returns.length} (veto at ${o.vetoDrawdownSigmas}${o.vetoDrawdown < 1 ? ` or ${pct(o.vetoDrawdown, 0)}` : ''}), deepest ${pct(maxDrawdown)}`,
    `fraction ${pct(fraction)} = budget ${pct(o.cvarBudget)} ÷ CVaR (cap ${pct(o.maxFraction, 0)}); bootstrap mean ${h}-bar return ${fmt(mc.mean * 100)} % (σ ${pct(mc.stdev)}; recent drift, not a forecast), Kelly ${kelly.toFixed(2)}`,
    `stop ${pct(stopDistance, 2)} below entry (${o.atrStopMultiple} × ATR${stopBound(o.atrStopMultiple * atrPct, o.minStop, o.maxStop)})`,
    ...suff.notes,
  ];
  return {
    stance,
    confidence,
    rationale,
    metrics: {
      atrPct: round(atrPct, 5), volatility: round(vol, 5), drawdown: round(drawdown), maxDrawdown: round(maxDrawdown),
      var: round(mc.var), cvar: round(mc.cvar), expectedReturn: round(mc.mean, 5), kelly: round(kelly, 3),
      fraction: round(fraction), stopDistance: round(stopDistance, 5), riskScore: round(riskScore, 3),
      volatilityRatio: round(shock, 3), drawdownSigmas: round(drawdownSigmas, 3),
    },
    // A vetoed entry is advised no exposure at all.
    risk: { veto, fraction: veto ? 0 : fraction, stopDistance },
  };
}

/**
 * Volatility of the last 20 returns against that of the earlier ones (the whole set when too few are earlier): above 1
 * the market is wilder than it was, whatever its usual scale.
 */
export function volatilityRatio(returns: readonly number[]): number {
  const recent = returns.slice(-20);
  const earlier = returns.length - recent.length >= 20 ? returns.slice(0, -20) : returns;
  const reference = stdev(earlier);
  const now = stdev(recent);
  return reference > 0 && Number.isFinite(now) ? now / reference : 1;
}

export const riskDoctorAgent = ruleAgent({
  role: 'riskDoctor',
  options: RISK_DOCTOR_OPTIONS,
  weight: 0.5,
  brief: 'You judge risk: volatility, drawdown, tail loss over the holding horizon. You recommend a position fraction of equity, a stop distance, and may veto an entry.',
  advisesRisk: true,
  rule: analyzeRisk,
});
