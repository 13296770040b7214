import type { Agent } from '../../src/agents/agent-port.js';

/** An analyst whose endpoint is down until `failUntil` (the clock's time; 0 until set), and answers a mild stance after. */
export function flakyAnalyst(): { agent: Agent; failUntil: (time: number) => void } {
  let until = 0;
  const agent: Agent = {
    role: 'analyst',
    analyze: async (ctx) => {
      if (ctx.now < until) throw new Error('endpoint down');
      return { stance: 0.1, confidence: 0.5, rationale: ['fine'], metrics: {} };
    },
  };
  return { agent, failUntil: (time) => void (until = time) };
}
