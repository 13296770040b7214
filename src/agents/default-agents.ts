import type { z } from 'zod';
import type { Agent } from './agent-port.js';
import { agentsSchema } from './agents-config.js';
import { LlmAgent, type LlmAgentOptions } from './llm-agent.js';
import { AGENT_REGISTRY, type AgentRegistry } from './registry.js';
import { Semaphore } from './semaphore.js';
import { parseOptions } from '../core/schema-text.js';
import { withChanges } from '../core/with-changes.js';

/** Option overrides for each role of a registry, each checked against that agent's schema. */
export type AgentOverrides<R extends AgentRegistry> = { [D in R[number] as D['role']]?: Partial<z.input<D['options']>> };

/** Roles served by an OpenAI-compatible endpoint instead of the rules (off unless `roles` is non-empty). */
export type LlmRolesOptions = Omit<LlmAgentOptions, 'role' | 'limiter' | 'brief' | 'advisesRisk'> & { roles: readonly string[] };

export type DefaultAgentsOptions = AgentOverrides<typeof AGENT_REGISTRY> & { llm?: LlmRolesOptions };

/**
 * One agent per descriptor of `registry`, in its order: rule-based, except the roles listed in `llm.roles`, which
 * share one concurrency limit of `llm.maxConcurrent` requests (and `llm.budget`, when given). Options are validated here against the registry's
 * schemas (ConfigError naming `agents.<role>.<option>`, the value and what is allowed).
 */
export function createAgents(registry: AgentRegistry, options: { llm?: LlmRolesOptions; [role: string]: unknown } = {}): Agent[] {
  const { llm, ...overrides } = options;
  const parsed = parseOptions(agentsSchema(registry), overrides, 'agents') as Record<string, Record<string, unknown>>;
  if (!llm || llm.roles.length === 0) return registry.map((d) => d.create(parsed[d.role]!));
  const { roles, ...shared } = llm;
  const limiter = new Semaphore(shared.maxConcurrent ?? 2);
  return registry.map((d) =>
    roles.includes(d.role)
      ? new LlmAgent(withChanges(shared, { role: d.role, brief: d.brief, advisesRisk: d.advisesRisk === true, limiter }))
      : d.create(parsed[d.role]!),
  );
}

/** The built-in panel (AGENT_REGISTRY). */
export function createDefaultAgents(options: DefaultAgentsOptions = {}): Agent[] {
  return createAgents(AGENT_REGISTRY, options);
}
