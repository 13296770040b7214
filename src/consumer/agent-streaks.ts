import type { Logger } from '../core/logger.js';
import type { AgentOutcome } from '../domain/verdict.js';

/**
 * Agents that keep failing: an agent that errs, times out or answers invalidly in `limit` discussions in a row is
 * said once, with its last error, and again only after it has answered once. Each failure is an abstention the chief
 * absorbs, so an LLM endpoint that refuses every request (a wrong URL, a closed port) otherwise showed only as a
 * counter in the health line.
 */
export class AgentStreaks {
  private readonly streaks = new Map<string, number>();

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly limit = 10,
  ) {}

  observe(outcomes: readonly AgentOutcome[]): void {
    for (const o of outcomes) {
      if (o.status === 'ok') {
        this.streaks.delete(o.role);
        continue;
      }
      const streak = (this.streaks.get(o.role) ?? 0) + 1;
      this.streaks.set(o.role, streak);
      if (streak === this.limit) {
        this.logger.warn(
          { role: o.role, status: o.status, failures: streak, lastError: o.error ?? null },
          `agent ${o.role} failed its last ${streak} discussions (each one an abstention); check its endpoint or settings`,
        );
      }
    }
  }
}
