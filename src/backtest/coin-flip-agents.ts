/**
 * The honest baseline's panel: each directional agent (bull, bear, analyst, scout) still reads the bars and news, but
 * a seeded coin flip chooses the direction of its answer; the size of its stance and its confidence stay its own, and
 * the risk doctor is kept. So the same pipeline (chief, sizing, risk gate, exits) runs on decisions as strong and as
 * frequent as the panel's, pointed by chance: what the panel beats is its own conviction without its sense of
 * direction. (Flips of their own size and confidence voted where the real agents were silent or unsure, so the coin
 * flips traded in ways the panel never could, and the yardstick measured that instead.)
 * Each flip is drawn from a hash of the seed, the role and the opportunity (symbol, bar, direction), never from a
 * shared stream, so the order discussions run in (consumerConcurrency) cannot change a seed's run.
 */
import type { Agent, AgentContext } from '../agents/agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { hashSeed, seededRandom } from '../core/random.js';
import type { Strength, StrengthMemo } from './strength-memo.js';

export const DIRECTIONAL_ROLES: readonly string[] = Object.freeze(['bull', 'bear', 'analyst', 'scout']);

export class CoinFlipAgent implements Agent {
  readonly role: string;

  constructor(
    private readonly agent: Agent,
    private readonly seed: number,
    private readonly memo?: StrengthMemo,
  ) {
    this.role = agent.role;
  }

  async analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal> {
    const real = await this.strength(context, signal);
    const o = context.opportunity;
    const heads = seededRandom(hashSeed(this.seed, this.role, o.symbol, o.barTime ?? o.createdAt, o.direction, o.kind ?? ''))() < 0.5;
    return {
      stance: (heads ? 1 : -1) * Math.abs(real.stance),
      confidence: real.confidence,
      rationale: [`coin flip (baseline seed ${this.seed}): ${heads ? 'heads, for' : 'tails, against'}, with the ${this.role}'s size and confidence`],
      metrics: { seed: this.seed },
    };
  }

  /** The real agent's stance and confidence: from the memo when another seed asked it about the same bars. */
  private async strength(context: AgentContext, signal: AbortSignal): Promise<Strength> {
    const key = this.memo?.keyOf(this.agent, context);
    const known = key !== undefined ? this.memo!.get(key) : undefined;
    if (known) return known;
    const { stance, confidence } = await this.agent.analyze(context, signal);
    if (key !== undefined) this.memo!.set(key, { stance, confidence });
    return { stance, confidence };
  }
}

/**
 * `panel` with each directional role's direction left to a coin flip of `seed`; the other agents (the risk doctor)
 * kept. `memo`: the answers the seeds of one runner share (see strength-memo.ts).
 */
export function coinFlipPanel(panel: readonly Agent[], seed: number, memo?: StrengthMemo): Agent[] {
  return panel.map((agent) => (DIRECTIONAL_ROLES.includes(agent.role) ? new CoinFlipAgent(agent, seed, memo) : agent));
}
