import type { Agent, AgentContext, AgentRole } from '../../src/agents/agent-port.js';
import type { AgentOutcome, AgentSignal, RiskAdvice } from '../../src/domain/verdict.js';
import type { Clock } from '../../src/core/clock.js';

export const signalOf = (stance: number, confidence: number, risk?: RiskAdvice): AgentSignal => ({
  stance,
  confidence,
  rationale: [`stance ${stance}`],
  metrics: {},
  ...(risk ? { risk } : {}),
});

/** An agent answering `answer` after `delayMs` on the clock (honouring the abort signal). */
export function fakeAgent(role: AgentRole, answer: unknown, clock: Clock, delayMs = 0): Agent & { seen: AbortSignal[] } {
  const seen: AbortSignal[] = [];
  return {
    role,
    seen,
    async analyze(_context: AgentContext, signal: AbortSignal) {
      seen.push(signal);
      if (delayMs > 0) await clock.sleep(delayMs, signal);
      return answer as AgentSignal;
    },
  };
}

/** An agent that never answers and ignores its abort signal. */
export const hungAgent = (role: AgentRole): Agent => ({ role, analyze: () => new Promise<AgentSignal>(() => {}) });

export const ok = (role: AgentRole, stance: number, confidence: number, risk?: RiskAdvice): AgentOutcome => ({
  role,
  status: 'ok',
  signal: signalOf(stance, confidence, risk),
  latencyMs: 5,
});

export const failed = (role: AgentRole, status: 'error' | 'timeout' | 'invalid' = 'error'): AgentOutcome => ({
  role,
  status,
  error: `${role} ${status}`,
  latencyMs: 100,
});

export const SAFE: RiskAdvice = { veto: false, fraction: 0.2, stopDistance: 0.04 };
