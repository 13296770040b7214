/**
 * The chief: a deterministic, explainable aggregation of the agents' settled signals into a verdict.
 *
 * Rules, in order:
 * 1. Quorum: fewer than `quorum` ok signals → HOLD (failures, timeouts and invalid answers are abstentions).
 * 2. Score = Σ wᵢcᵢsᵢ / Σ wᵢcᵢ (role weight w, confidence c, stance s). Confidence weighs a stance against the others;
 *    it does not pull the score toward zero. Conviction = |score| × the weighted mean confidence Σ wᵢcᵢ / Σ wᵢ, so a
 *    unanimous but unsure panel gives a clear direction with little conviction.
 * 3. Conflict: at least one agent on each side with |stance| >= conflictStance and confidence >= conflictConfidence
 *    → HOLD. Confident, strong disagreement means the panel does not know.
 * 4. The hypothesis (hypothesis.ts) decides what the score may do. A long entry: score >= buyThreshold accepts it.
 *    A short one: score <= -sellThreshold accepts it, which exits an open position (spot, long-only) and is a HOLD
 *    when nothing is held (a SELL with nothing to sell is no verdict). A review of a held position: score <=
 *    -sellThreshold exits it, anything else keeps it. The verdict names the hypothesis and whether it was accepted.
 * 5. A BUY also needs the risk doctor: its veto blocks the entry, its absence blocks the entry (no stop, no size), a
 *    recommended fraction of 0 blocks it, and conviction below minConviction blocks it.
 *    Size cap = min(maxSizeFraction, the doctor's fraction); the trader sizes by riskPerTrade over the stop distance
 *    under it. Stop = price × (1 − d), d the doctor's stop distance. No target unless `takeProfit` (then price ×
 *    (1 + d × rewardRisk)): a trend is held until the panel's review turns against it or a stop fires, since cutting
 *    winners at a fixed multiple is what keeps a trend follower's gains smaller than its costs.
 *    The doctor's ATR (its metric atrPct, a fraction of price) goes on the verdict as `atrFraction`, for the ATR stop.
 * 6. Costs: the expected move, d × rewardRisk × conviction, below costMultiple × the round trip's fees and slippage
 *    (2 × (feeBps + slippageBps)) is a HOLD: the entry would most likely pay the costs and nothing else.
 * Contributions are summed in the registry's order, so the order outcomes arrive in does not change a single bit.
 * The roles, their default weights and which role advises on risk come from the agent registry (registry.ts).
 */
import type { AgentContext } from './agent-port.js';
import type { AgentOutcome, AgentSignal, Verdict, VerdictRule } from '../domain/verdict.js';
import { resolveChiefOptions, type ChiefOptions } from './chief-options.js';
import { hypothesisOf } from './hypothesis.js';
import { AGENT_REGISTRY, type AgentRegistry } from './registry.js';

export { DEFAULT_CHIEF_OPTIONS, resolveChiefOptions, type ChiefOptions } from './chief-options.js';

interface Contribution {
  role: string;
  signal: AgentSignal;
  weight: number;
  /** w·c */
  mass: number;
  /** w·c·s */
  pull: number;
}

const signed = (x: number, digits = 2): string => (x >= 0 ? '+' : '') + x.toFixed(digits);
const describe = (c: Contribution): string =>
  `${c.role} (stance ${signed(c.signal.stance)}, conf ${c.signal.confidence.toFixed(2)}, w ${c.weight.toFixed(2)} → ${signed(c.pull, 3)})`;

export class Chief {
  readonly options: ChiefOptions;
  private readonly roles: readonly string[];
  /** The role whose risk advice (veto, fraction, stop distance) an entry needs. */
  private readonly riskRole: string | undefined;

  /** Fees plus slippage of a round trip, as a fraction of notional: 2 × (feeBps + slippageBps) / 10 000. */
  private readonly roundTripCost: number;

  /** The adaptive weights, when `adaptive` is on and the caller feeds them realised returns. */
  private readonly dynamicWeights: (() => Readonly<Record<string, number>>) | undefined;

  constructor(
    options: Partial<ChiefOptions> = {},
    registry: AgentRegistry = AGENT_REGISTRY,
    costs: { feeBps?: number; slippageBps?: number; weights?: () => Readonly<Record<string, number>> } = {},
  ) {
    this.options = resolveChiefOptions(options, registry);
    this.dynamicWeights = this.options.adaptive ? costs.weights : undefined;
    this.roundTripCost = (2 * ((costs.feeBps ?? 0) + (costs.slippageBps ?? 0))) / 10_000;
    this.roles = registry.map((d) => d.role);
    this.riskRole = registry.find((d) => d.advisesRisk)?.role;
  }

  decide(outcomes: readonly AgentOutcome[], context: AgentContext): Verdict {
    const o = this.options;
    const h = hypothesisOf(context.opportunity);
    const judged = (verdict: Verdict, accepted: boolean, rule: VerdictRule): Verdict => {
      verdict.rule = rule;
      verdict.hypothesis = { label: h.label, question: h.question, direction: h.direction, kind: h.kind, score: h.score, accepted };
      return verdict;
    };
    const byRole = new Map<string, AgentOutcome>();
    for (const outcome of outcomes) if (!byRole.has(outcome.role)) byRole.set(outcome.role, outcome);

    const weights = this.dynamicWeights?.() ?? o.weights;
    const contributions: Contribution[] = [];
    const abstentions: string[] = [];
    for (const role of this.roles) {
      const outcome = byRole.get(role);
      if (!outcome) continue;
      if (outcome.status !== 'ok' || !outcome.signal) {
        abstentions.push(`${role} (${outcome.status}${outcome.error ? `: ${outcome.error}` : ''})`);
        continue;
      }
      const weight = weights[role] ?? 0;
      const mass = weight * outcome.signal.confidence;
      contributions.push({ role, signal: outcome.signal, weight, mass, pull: mass * outcome.signal.stance });
    }
    const abstainedLine = [
      ...(abstentions.length > 0 ? [`abstained: ${abstentions.join('; ')}`] : []),
      ...(this.dynamicWeights ? [`adaptive weights from trailing scorecards: ${Object.entries(weights).map(([r, w]) => `${r} ${w.toFixed(2)}`).join(', ')}`] : []),
    ];

    if (contributions.length < o.quorum) {
      return judged(hold(0, 0, [
        `HOLD: quorum not met, ${contributions.length} of ${outcomes.length} agents gave a valid signal (need ${o.quorum})`,
        ...abstainedLine,
      ]), false, 'quorum');
    }

    const totalMass = contributions.reduce((sum, c) => sum + c.mass, 0);
    const totalWeight = contributions.reduce((sum, c) => sum + c.weight, 0);
    if (totalMass === 0 || totalWeight === 0) {
      return judged(hold(0, 0, ['HOLD: no agent expressed any confidence (Σ w·c = 0)', ...abstainedLine]), false, 'noConfidence');
    }
    const totalPull = contributions.reduce((sum, c) => sum + c.pull, 0);
    const score = clamp(totalPull / totalMass, -1, 1);
    const meanConfidence = totalMass / totalWeight;
    const conviction = clamp(Math.abs(score) * meanConfidence, 0, 1);

    const arithmetic = `score = Σ w·c·s / Σ w·c = ${signed(totalPull, 3)} / ${totalMass.toFixed(3)} = ${signed(score, 3)}; ` +
      `conviction = |score| × mean confidence ${meanConfidence.toFixed(3)} = ${conviction.toFixed(3)}`;
    const drivers = (sign: number) =>
      contributions.filter((c) => Math.sign(c.pull) === sign).sort((a, b) => Math.abs(b.pull) - Math.abs(a.pull));
    const driverLine = (label: string, list: Contribution[]) => (list.length > 0 ? [`${label}: ${list.map(describe).join(', ')}`] : []);
    // For and against the hypothesis: on a short one, the bearish agents are for it.
    const explainSides = [...driverLine('for', drivers(h.sign)), ...driverLine('against', drivers(-h.sign)), arithmetic, ...abstainedLine];

    const confident = (c: Contribution, side: 1 | -1) =>
      c.weight > 0 && side * c.signal.stance >= o.conflictStance && c.signal.confidence >= o.conflictConfidence;
    const confidentBulls = contributions.filter((c) => confident(c, 1));
    const confidentBears = contributions.filter((c) => confident(c, -1));
    if (confidentBulls.length > 0 && confidentBears.length > 0) {
      return judged(hold(score, conviction, [
        `HOLD: conflict, ${confidentBulls.map((c) => c.role).join(', ')} confidently bullish against ` +
          `${confidentBears.map((c) => c.role).join(', ')} confidently bearish (|stance| >= ${o.conflictStance}, conf >= ${o.conflictConfidence})`,
        ...explainSides,
      ]), false, 'conflict');
    }

    const lastClose = context.bars.length > 0 ? context.bars[context.bars.length - 1]!.close : NaN;
    const price = context.opportunity.price > 0 ? context.opportunity.price : lastClose;
    const held = positionNote(context, price);
    const support = h.sign * score;
    const answer = (accepted: boolean) => `hypothesis ${h.label}: ${accepted ? 'accepted' : 'rejected'} (panel support ${signed(support)})`;

    if (h.question === 'review') {
      if (!context.position) return judged(hold(score, conviction, ['HOLD: review of a position no longer held, nothing to exit', answer(false), ...explainSides]), false, 'reviewNotHeld');
      if (score <= -o.sellThreshold) {
        return judged({ action: 'SELL', conviction, score, sizeFraction: 0, reasons: [`SELL: the panel turned against the open position (score ${signed(score)} <= -${o.sellThreshold}); exit ${held}`, answer(false), ...explainSides] }, false, 'reviewExit');
      }
      return judged(hold(score, conviction, [`HOLD: keep the open position of ${held} (score ${signed(score)} > -${o.sellThreshold})`, answer(true), ...explainSides]), true, 'reviewKeep');
    }
    if (h.direction === 'short') {
      if (score > -o.sellThreshold) {
        return judged(hold(score, conviction, [`HOLD: the panel does not back the short hypothesis (score ${signed(score)} > -${o.sellThreshold})`, answer(false), ...explainSides]), false, 'shortNotBacked');
      }
      if (!context.position) {
        return judged(hold(score, conviction, [`HOLD: the panel backs the short hypothesis (score ${signed(score)}), but there is no open position to sell (spot, long only)`, answer(true), ...explainSides]), true, 'shortNothingHeld');
      }
      return judged({ action: 'SELL', conviction, score, sizeFraction: 0, reasons: [`SELL: score ${signed(score)} <= -${o.sellThreshold}, exit the open position of ${held}`, answer(true), ...explainSides] }, true, 'shortExit');
    }
    if (score < o.buyThreshold) {
      return judged(hold(score, conviction, [`HOLD: score ${signed(score)} below +${o.buyThreshold}: the long hypothesis is not backed`, answer(false), ...explainSides]), false, 'longNotBacked');
    }

    const doctor = this.riskRole === undefined ? undefined : byRole.get(this.riskRole);
    const risk = doctor?.status === 'ok' ? doctor.signal?.risk : undefined;
    const blocked = (rule: VerdictRule, why: string) => judged(hold(score, conviction, [`HOLD: score ${signed(score)} would buy, but ${why}`, answer(true), ...explainSides]), true, rule);
    if (!risk) return blocked('noRiskAdvice', 'the risk doctor gave no risk advice (an entry needs its stop and size)');
    if (risk.veto) {
      const first = doctor?.signal?.rationale[0];
      return blocked('riskVeto', `the risk doctor vetoes the entry${first ? ` (${first})` : ''}`);
    }
    if (conviction < o.minConviction) return blocked('lowConviction', `conviction ${conviction.toFixed(3)} < minimum ${o.minConviction}`);
    // The doctor's fraction caps the position; conviction does not shrink it (a product of small fractions made
    // positions too small to matter). The trader sizes by risk per trade over the stop distance under this cap.
    const sizeFraction = Math.min(o.maxSizeFraction, risk.fraction);
    if (!(sizeFraction > 0)) return blocked('noExposure', 'the risk doctor recommends no exposure (fraction 0)');
    // An entry whose expected move (the target distance weighed by conviction) does not clear the round trip's
    // fees and slippage is a bet on losing the costs.
    const expectedMove = risk.stopDistance * o.rewardRisk * conviction;
    const cost = this.roundTripCost * o.costMultiple;
    if (expectedMove < cost) {
      return blocked('costs', `expected move ${pctText(expectedMove)} (target distance ${pctText(risk.stopDistance * o.rewardRisk)} × conviction ${conviction.toFixed(3)}) does not clear ${o.costMultiple}× the round-trip costs ${pctText(this.roundTripCost)} = ${pctText(cost)}`);
    }

    if (!(price > 0)) return blocked('noPrice', 'no valid reference price for the stop and target');
    const stop = price * (1 - risk.stopDistance);
    const target = o.takeProfit ? price * (1 + risk.stopDistance * o.rewardRisk) : undefined;
    // One position per symbol: the trader records such a BUY as the gate's rejection (already_held) and adds nothing.
    const adding = context.position ? ` (but a position is already held, ${held}: one position per symbol, no order follows)` : '';
    const atrFraction = doctor?.signal?.metrics.atrPct;
    return judged({
      action: 'BUY',
      conviction,
      score,
      sizeFraction,
      stop,
      ...(target !== undefined ? { target } : {}),
      // What trading needs of the panel, so it never reads agents' outcomes: the volatility for the ATR stop.
      ...(atrFraction !== undefined && Number.isFinite(atrFraction) && atrFraction > 0 ? { atrFraction } : {}),
      reasons: [
        `BUY: score ${signed(score)} >= ${o.buyThreshold}, conviction ${conviction.toFixed(3)}${adding}`,
        answer(true),
        ...explainSides,
        `size cap = min(cap ${o.maxSizeFraction}, risk doctor's fraction ${risk.fraction.toFixed(4)}) = ${sizeFraction.toFixed(4)} of equity; the trader risks riskPerTrade over the stop distance under it`,
        // The bar is costMultiple round trips, not one: said as such (it read as if a round trip cost 1.2 %).
        `expected move ${pctText(expectedMove)} clears ${o.costMultiple}× the round-trip costs ${pctText(this.roundTripCost)} = ${pctText(cost)}`,
        `stop ${priceText(stop)} = price ${priceText(price)} × (1 − ${risk.stopDistance.toFixed(4)}); ` +
          (target !== undefined ? `target ${priceText(target)} at ${o.rewardRisk}× the stop distance` : 'no target: held while the panel keeps it'),
      ],
    }, true, 'buy');
  }
}

const pctText = (x: number): string => `${(x * 100).toFixed(3)} %`;
/** A price to four decimals, or to four significant digits under 1 (ADA/BTC at 0.0000584 read "0.0001"). */
const priceText = (x: number): string => (Math.abs(x) >= 1 || x === 0 ? x.toFixed(4) : x.toPrecision(4));

/** "12 bought at 100.00, now +5.2 %", so a reader sees what the verdict does to the position. */
function positionNote(context: AgentContext, price: number): string {
  const p = context.position;
  if (!p) return '';
  const pnl = p.avgPrice > 0 && price > 0 ? `, now ${signed((price / p.avgPrice - 1) * 100, 1)} %` : '';
  return `${p.qty} bought at ${Math.abs(p.avgPrice) >= 1 ? p.avgPrice.toFixed(2) : priceText(p.avgPrice)}${pnl}`;
}

function hold(score: number, conviction: number, reasons: string[]): Verdict {
  return { action: 'HOLD', conviction, score, sizeFraction: 0, reasons };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
