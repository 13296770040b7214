import type { Agent, AgentContext } from '../agents/agent-port.js';
import { RuleAgent } from '../agents/agent-descriptor.js';

/** What a coin flip keeps of a directional agent's answer: the size of its stance and its confidence. */
export interface Strength {
  stance: number;
  confidence: number;
}

/**
 * The rule agents whose answer is a function of the bars closed at `now` and the bar length alone (the scout also
 * reads news; the risk doctor's answer is kept whole, its rationale read against the question asked).
 */
const BARS_ONLY_ROLES: ReadonlySet<string> = new Set(['bull', 'bear', 'analyst']);

/**
 * At most this many answers kept (three roles of 20,000 discussions, about 25 MB); past it, answers are computed
 * again. Whether one is kept changes nothing but the time a seed takes.
 */
const MAX_ENTRIES = 60_000;

/**
 * The answers the coin-flip seeds of one runner share. Every seed discusses nearly the same bars (the model scans
 * each bar alike; only the reviews of held positions differ), and the bull, bear and analyst read nothing but those
 * bars: a seed asks them once per bar, not once per bar and seed (their rules were ~30 % of each seed's run, and a
 * default backtest is 20 seeds for one run of the panel). Valid for one runner only: its rule agents (so their
 * options) and its loaded files, whose bars are the same at the same times in every seed.
 */
export class StrengthMemo {
  private readonly entries = new Map<string, Strength>();

  /** The key of `agent`'s answer in `context`, or undefined when its answer may depend on more than the bars. */
  keyOf(agent: Agent, context: AgentContext): string | undefined {
    if (!(agent instanceof RuleAgent) || !BARS_ONLY_ROLES.has(agent.role)) return undefined;
    const bars = context.bars;
    const first = bars[0];
    const last = bars.at(-1);
    if (first === undefined || last === undefined) return undefined;
    return `${agent.role}\u0000${context.opportunity.symbol}\u0000${context.now}\u0000${context.barMs ?? ''}\u0000${bars.length}\u0000${first.time}\u0000${last.time}`;
  }

  get(key: string): Strength | undefined {
    return this.entries.get(key);
  }

  set(key: string, strength: Strength): void {
    if (this.entries.size < MAX_ENTRIES) this.entries.set(key, strength);
  }
}
