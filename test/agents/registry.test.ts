import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ruleAgent } from '../../src/agents/agent-descriptor.js';
import { numberOption } from '../../src/agents/agent-options.js';
import { agentsSchema } from '../../src/agents/agents-config.js';
import { Chief } from '../../src/agents/chief.js';
import { chiefOptionsSchema } from '../../src/agents/chief-options.js';
import { createAgents } from '../../src/agents/default-agents.js';
import { runDiscussion } from '../../src/agents/discussion.js';
import { LlmAgent } from '../../src/agents/llm-agent.js';
import { systemPrompt } from '../../src/agents/llm-prompt.js';
import { AGENT_REGISTRY, AGENT_ROLES } from '../../src/agents/registry.js';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import { parseOptions } from '../../src/core/schema-text.js';
import { contextOf, uptrend } from './series.js';

// A new agent is one file with a descriptor like this one, and one line in registry.ts; here the line is a local list.
const contrarian = ruleAgent({
  role: 'contrarian',
  options: z.strictObject({ lean: numberOption(-1, 1, -0.5) }),
  weight: 2,
  brief: 'You bet against whatever the crowd believes.',
  rule: (_context, o) => ({ stance: o.lean, confidence: 0.9, rationale: [`leans ${o.lean} against the crowd`], metrics: { lean: o.lean } }),
});
const registry = [...AGENT_REGISTRY, contrarian] as const;

describe('the agent registry', () => {
  it('is where the roles come from', () => {
    expect(AGENT_ROLES).toEqual(AGENT_REGISTRY.map((d) => d.role));
    expect(AGENT_ROLES).toEqual(expect.arrayContaining(['bull', 'bear', 'analyst', 'scout', 'riskDoctor']));
  });

  it('takes a new agent with one descriptor: it discusses, weighs in the chief, and is configured like the others', async () => {
    const agents = createAgents(registry, { contrarian: { lean: 0.8 }, riskDoctor: { paths: 200 } });
    expect(agents.map((a) => a.role)).toEqual([...AGENT_ROLES, 'contrarian']);

    const context = contextOf(uptrend());
    const clock = new VirtualClock(context.now);
    const pending = runDiscussion(agents, context, { clock, deadlineMs: 1_000 });
    await clock.advance(0);
    const outcomes = await pending;
    const toy = outcomes.find((o) => o.role === 'contrarian')!;
    expect(toy.status).toBe('ok');
    expect(toy.signal!.stance).toBe(0.8);

    const chief = new Chief({}, registry);
    expect(chief.options.weights.contrarian).toBe(2);
    const verdict = chief.decide(outcomes, context);
    expect(verdict.reasons.join('\n')).toContain('contrarian (stance +0.80, conf 0.90, w 2.00');
    // Its weight moves the score: silencing it changes the verdict's arithmetic.
    const silenced = new Chief({ weights: { contrarian: 0 } }, registry).decide(outcomes, context);
    expect(silenced.score).not.toBe(verdict.score);
  });

  it('checks the new agent\'s options by its schema, naming the full key', () => {
    const bad = () => createAgents(registry, { contrarian: { lean: 2 } });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow('agents.contrarian.lean must be a number in [-1, 1], got 2');
    expect(() => parseOptions(agentsSchema(registry), { contrarian: { leen: 1 } }, 'agents')).toThrow('agents.contrarian.leen is not an option; known: lean');
    expect(parseOptions(agentsSchema(registry), {}, 'agents').contrarian).toEqual({ lean: -0.5 });
    const n = registry.length;
    expect(() => parseOptions(chiefOptionsSchema(registry), { quorum: n + 1 }, 'chief')).toThrow(`chief.quorum must be an integer in [1, ${n}], got ${n + 1}`);
    // The built-in registry does not know the toy agent.
    expect(() => createAgents(AGENT_REGISTRY, { contrarian: {} })).toThrow('agents.contrarian is not an option');
  });

  it('tells an LLM serving the role what the descriptor says', () => {
    expect(systemPrompt(contrarian)).toContain('You are the contrarian on a trading panel');
    expect(systemPrompt(contrarian)).toContain(contrarian.brief);
    expect(systemPrompt(contrarian)).not.toContain('"risk"');
    const riskDoctor = AGENT_REGISTRY.find((d) => d.advisesRisk)!;
    expect(systemPrompt(riskDoctor)).toContain('"risk"');
    const agents = createAgents(registry, { llm: { roles: ['contrarian'], url: 'http://127.0.0.1:9/v1', model: 'm', clock: new VirtualClock(0) } });
    const served = agents.find((a) => a.role === 'contrarian');
    expect(served).toBeInstanceOf(LlmAgent);
    expect((served as LlmAgent).brief).toBe(contrarian.brief);
  });
});
