/**
 * The agents of the panel, in the order they are listed everywhere (discussion outcomes, the chief's sum, reports).
 * Adding an agent: write its file with a descriptor (see agent-descriptor.ts and docs/extending.md, "A new agent"), and
 * add it to this list. The role names, the `agents` and `chief` configuration, the chief's default weights and the
 * LLM prompt all follow from here.
 */
import type { AgentDescriptor } from './agent-descriptor.js';
import { analystAgent } from './analyst.js';
import { bearAgent } from './bear.js';
import { bullAgent } from './bull.js';
import { riskDoctorAgent } from './risk-doctor.js';
import { scoutAgent } from './scout.js';

export const AGENT_REGISTRY = [bullAgent, bearAgent, analystAgent, scoutAgent, riskDoctorAgent] as const;

/** Any list of descriptors (the real registry, or a test's own). */
export type AgentRegistry = readonly AgentDescriptor[];

export type AgentRole = (typeof AGENT_REGISTRY)[number]['role'];

export const AGENT_ROLES: readonly AgentRole[] = Object.freeze(AGENT_REGISTRY.map((d) => d.role));
