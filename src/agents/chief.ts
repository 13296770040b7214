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
 * 4. Thresholds: score >= buyThreshold → BUY; score <= -sellThreshold → SELL (exit; spot, long-only); else HOLD.
 * 5. A BUY also needs the risk doctor: its veto blocks the entry, its absence blocks the entry (no stop, no size), a
 *    recommended fraction of 0 blocks it, and conviction below minConviction blocks it.
 *    Size = min(maxSizeFraction, fraction × conviction); stop = price × (1 − d), target = price × (1 + d × rewardRisk)
 *    with d the risk doctor's stop distance and price the opportunity's price (else the last close).
 * Contributions are summed in the registry's order, so the order outcomes arrive in does not change a single bit.
 * The roles, their default weights and which role advises on risk come from the agent registry (registry.ts).
 */
import type { AgentContext, AgentOutcome, AgentSignal, Verdict } from './agent-port.js';
import { resolveChiefOptions, type ChiefOptions } from './chief-options.js';
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

  constructor(options: Partial<ChiefOptions> = {}, registry: AgentRegistry = AGENT_REGISTRY) {
    this.options = resolveChiefOptions(options, registry);
    this.roles = registry.map((d) => d.role);
    this.riskRole = registry.find((d) => d.advisesRisk)?.role;
  }

  decide(outcomes: readonly AgentOutcome[], context: AgentContext): Verdict {
    const o = this.options;
    const byRole = new Map<string, AgentOutcome>();
    for (const outcome of outcomes) if (!byRole.has(outcome.role)) byRole.set(outcome.role, outcome);

    const contributions: Contribution[] = [];
    const abstentions: string[] = [];
    for (const role of this.roles) {
      const outcome = byRole.get(role);
      if (!outcome) continue;
      if (outcome.status !== 'ok' || !outcome.signal) {
        abstentions.push(`${role} (${outcome.status}${outcome.error ? `: ${outcome.error}` : ''})`);
        continue;
      }
      const weight = o.weights[role]!;
      const mass = weight * outcome.signal.confidence;
      contributions.push({ role, signal: outcome.signal, weight, mass, pull: mass * outcome.signal.stance });
    }
    const abstainedLine = abstentions.length > 0 ? [`abstained: ${abstentions.join('; ')}`] : [];

    if (contributions.length < o.quorum) {
      return hold(0, 0, [
        `HOLD: quorum not met, ${contributions.length} of ${outcomes.length} agents gave a valid signal (need ${o.quorum})`,
        ...abstainedLine,
      ]);
    }

    const totalMass = contributions.reduce((sum, c) => sum + c.mass, 0);
    const totalWeight = contributions.reduce((sum, c) => sum + c.weight, 0);
    if (totalMass === 0 || totalWeight === 0) {
      return hold(0, 0, ['HOLD: no agent expressed any confidence (Σ w·c = 0)', ...abstainedLine]);
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
    const explainSides = [...driverLine('for', drivers(1)), ...driverLine('against', drivers(-1)), arithmetic, ...abstainedLine];

    const confident = (c: Contribution, side: 1 | -1) =>
      c.weight > 0 && side * c.signal.stance >= o.conflictStance && c.signal.confidence >= o.conflictConfidence;
    const confidentBulls = contributions.filter((c) => confident(c, 1));
    const confidentBears = contributions.filter((c) => confident(c, -1));
    if (confidentBulls.length > 0 && confidentBears.length > 0) {
      return hold(score, conviction, [
        `HOLD: conflict, ${confidentBulls.map((c) => c.role).join(', ')} confidently bullish against ` +
          `${confidentBears.map((c) => c.role).join(', ')} confidently bearish (|stance| >= ${o.conflictStance}, conf >= ${o.conflictConfidence})`,
        ...explainSides,
      ]);
    }

    const lastClose = context.bars.length > 0 ? context.bars[context.bars.length - 1]!.close : NaN;
    const price = context.opportunity.price > 0 ? context.opportunity.price : lastClose;
    const held = positionNote(context, price);
    if (score <= -o.sellThreshold) {
      const note = context.position ? `exit the open position of ${held}` : 'no open position, nothing to exit';
      return {
        action: 'SELL',
        conviction,
        score,
        sizeFraction: 0,
        reasons: [`SELL: score ${signed(score)} <= -${o.sellThreshold} (${note})`, ...explainSides],
      };
    }
    if (score < o.buyThreshold) {
      return hold(score, conviction, [
        `HOLD: score ${signed(score)} inside the neutral band (-${o.sellThreshold}, +${o.buyThreshold})`,
        ...explainSides,
      ]);
    }

    const doctor = this.riskRole === undefined ? undefined : byRole.get(this.riskRole);
    const risk = doctor?.status === 'ok' ? doctor.signal?.risk : undefined;
    const blocked = (why: string) => hold(score, conviction, [`HOLD: score ${signed(score)} would buy, but ${why}`, ...explainSides]);
    if (!risk) return blocked('the risk doctor gave no risk advice (an entry needs its stop and size)');
    if (risk.veto) {
      const first = doctor?.signal?.rationale[0];
      return blocked(`the risk doctor vetoes the entry${first ? ` (${first})` : ''}`);
    }
    if (conviction < o.minConviction) return blocked(`conviction ${conviction.toFixed(3)} < minimum ${o.minConviction}`);
    const sizeFraction = Math.min(o.maxSizeFraction, risk.fraction * conviction);
    if (!(sizeFraction > 0)) return blocked('the risk doctor recommends no exposure (fraction 0)');

    if (!(price > 0)) return blocked('no valid reference price for the stop and target');
    const stop = price * (1 - risk.stopDistance);
    const target = price * (1 + risk.stopDistance * o.rewardRisk);
    const adding = context.position ? ` (adds to the open position of ${held})` : '';
    return {
      action: 'BUY',
      conviction,
      score,
      sizeFraction,
      stop,
      target,
      reasons: [
        `BUY: score ${signed(score)} >= ${o.buyThreshold}, conviction ${conviction.toFixed(3)}${adding}`,
        ...explainSides,
        `size = min(cap ${o.maxSizeFraction}, risk fraction ${risk.fraction.toFixed(4)} × conviction ${conviction.toFixed(3)}) = ${sizeFraction.toFixed(4)} of equity`,
        `stop ${stop.toFixed(4)} = price ${price.toFixed(4)} × (1 − ${risk.stopDistance.toFixed(4)}); ` +
          `target ${target.toFixed(4)} at ${o.rewardRisk}× the stop distance`,
      ],
    };
  }
}

/** "12 bought at 100.00, now +5.2 %", so a reader sees what the verdict does to the position. */
function positionNote(context: AgentContext, price: number): string {
  const p = context.position;
  if (!p) return '';
  const pnl = p.avgPrice > 0 && price > 0 ? `, now ${signed((price / p.avgPrice - 1) * 100, 1)} %` : '';
  return `${p.qty} bought at ${p.avgPrice.toFixed(2)}${pnl}`;
}

function hold(score: number, conviction: number, reasons: string[]): Verdict {
  return { action: 'HOLD', conviction, score, sizeFraction: 0, reasons };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
