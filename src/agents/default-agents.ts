import type { Agent } from './agent-port.js';
import { AnalystAgent, type AnalystOptions } from './analyst.js';
import { BearAgent, type BearOptions } from './bear.js';
import { BullAgent, type BullOptions } from './bull.js';
import { RiskDoctorAgent, type RiskDoctorOptions } from './risk-doctor.js';
import { ScoutAgent, type ScoutOptions } from './scout.js';

export interface DefaultAgentsOptions {
  bull?: Partial<BullOptions>;
  bear?: Partial<BearOptions>;
  analyst?: Partial<AnalystOptions>;
  scout?: Partial<ScoutOptions>;
  riskDoctor?: Partial<RiskDoctorOptions>;
}

/** The five rule-based agents, in AGENT_ROLES order. Options are validated here (ConfigError naming the key). */
export function createDefaultAgents(options: DefaultAgentsOptions = {}): Agent[] {
  return [
    new BullAgent(options.bull),
    new BearAgent(options.bear),
    new AnalystAgent(options.analyst),
    new ScoutAgent(options.scout),
    new RiskDoctorAgent(options.riskDoctor),
  ];
}
