/**
 * The honest baseline's panel: the directional agents (bull, bear, analyst, scout) replaced by seeded coin flips,
 * the risk doctor kept, so the same pipeline (chief, sizing, risk gate, exits) runs on decisions made by chance. The
 * scout's flip speaks only when the scout has news to speak of (NewsGatedCoinFlip).
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

/**
 * The scout's coin flip: the scout speaks only when there is news (a run without news makes it say 0 at confidence
 * 0.05 every time), so its flip keeps what the scout knows (whether there is news, its confidence, the size of its
 * stance) and flips only the direction. A flip that always voted gave the coin flips a voter the panel did not have.
 */
export class NewsGatedCoinFlip implements Agent {
  readonly role: string;
  private readonly flip: CoinFlipAgent;

  constructor(
    private readonly scout: Agent,
    seed: number,
  ) {
    this.role = scout.role;
    this.flip = new CoinFlipAgent(scout.role, seed);
  }

  async analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal> {
    const real = await this.scout.analyze(context, signal);
    const flipped = await this.flip.analyze(context, signal);
    const stance = real.stance === 0 ? 0 : Math.sign(flipped.stance) * Math.abs(real.stance);
    return { stance, confidence: real.confidence, rationale: [flipped.rationale[0]!.replace(/: .*$/, `: the scout's size and confidence, a random direction`)], metrics: flipped.metrics };
  }
}

/**
 * `panel` with each directional role replaced by a coin flip of `seed` (the scout's gated by its news); the other
 * agents (the risk doctor) kept.
 */
export function coinFlipPanel(panel: readonly Agent[], seed: number): Agent[] {
  return panel.map((agent) => {
    if (!DIRECTIONAL_ROLES.includes(agent.role)) return agent;
    return agent.role === 'scout' ? new NewsGatedCoinFlip(agent, seed) : new CoinFlipAgent(agent.role, seed);
  });
}
