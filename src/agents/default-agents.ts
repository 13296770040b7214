import type { Agent, AgentRole } from './agent-port.js';
import { AnalystAgent, type AnalystOptions } from './analyst.js';
import { BearAgent, type BearOptions } from './bear.js';
import { BullAgent, type BullOptions } from './bull.js';
import { LlmAgent, type LlmAgentOptions } from './llm-agent.js';
import { RiskDoctorAgent, type RiskDoctorOptions } from './risk-doctor.js';
import { ScoutAgent, type ScoutOptions } from './scout.js';
import { Semaphore } from './semaphore.js';
import { withChanges } from '../core/with-changes.js';

export interface DefaultAgentsOptions {
  bull?: Partial<BullOptions>;
  bear?: Partial<BearOptions>;
  analyst?: Partial<AnalystOptions>;
  scout?: Partial<ScoutOptions>;
  riskDoctor?: Partial<RiskDoctorOptions>;
  /** Roles served by an OpenAI-compatible endpoint instead of the rules (off unless `roles` is non-empty). */
  llm?: Omit<LlmAgentOptions, 'role' | 'limiter'> & { roles: readonly AgentRole[] };
}

/**
 * The five agents, in AGENT_ROLES order: rule-based, except the roles listed in `llm.roles`, which share one
 * concurrency limit of `llm.maxConcurrent` requests. Options are validated here (ConfigError naming the key).
 */
export function createDefaultAgents(options: DefaultAgentsOptions = {}): Agent[] {
  const rules: Agent[] = [
    new BullAgent(options.bull),
    new BearAgent(options.bear),
    new AnalystAgent(options.analyst),
    new ScoutAgent(options.scout),
    new RiskDoctorAgent(options.riskDoctor),
  ];
  const llm = options.llm;
  if (!llm || llm.roles.length === 0) return rules;
  const { roles, ...shared } = llm;
  const limiter = new Semaphore(shared.maxConcurrent ?? 2);
  return rules.map((agent) => (roles.includes(agent.role) ? new LlmAgent(withChanges(shared, { role: agent.role, limiter })) : agent));
}
