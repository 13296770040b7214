/**
 * The honest baseline's panel: the directional agents (bull, bear, analyst, scout) replaced by seeded coin flips,
 * the risk doctor kept, so the same pipeline (chief, sizing, risk gate, exits) runs on decisions made by chance.
 * Each flip is drawn from a hash of the seed, the role and the opportunity (symbol, bar, direction), never from a
 * shared stream, so the order discussions run in (consumerConcurrency) cannot change a seed's run.
 */
import type { Agent, AgentContext } from '../agents/agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { hashSeed, seededRandom } from '../core/random.js';

export const DIRECTIONAL_ROLES: readonly string[] = Object.freeze(['bull', 'bear', 'analyst', 'scout']);

export class CoinFlipAgent implements Agent {
  constructor(
    readonly role: string,
    private readonly seed: number,
  ) {}

  async analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal> {
    signal.throwIfAborted();
    const o = context.opportunity;
    const random = seededRandom(hashSeed(this.seed, this.role, o.symbol, o.barTime ?? o.createdAt, o.direction, o.kind ?? ''));
    const side = random() < 0.5 ? -1 : 1;
    const stance = side * (0.2 + 0.8 * random());
    const confidence = 0.3 + 0.6 * random();
    return { stance, confidence, rationale: [`coin flip (baseline seed ${this.seed}): ${side > 0 ? 'heads, for' : 'tails, against'}`], metrics: { seed: this.seed } };
  }
}

/** `panel` with each directional role replaced by a coin flip of `seed`; the other agents (the risk doctor) kept. */
export function coinFlipPanel(panel: readonly Agent[], seed: number): Agent[] {
  return panel.map((agent) => (DIRECTIONAL_ROLES.includes(agent.role) ? new CoinFlipAgent(agent.role, seed) : agent));
}
