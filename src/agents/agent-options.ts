/**
 * Building blocks of agents' option schemas: each option is a bounded number with its default, so an agent's schema
 * parses `{}` to its defaults and rejects anything else with a ConfigError naming `agents.<role>.<option>`.
 */
import { z } from 'zod';
import type { Agent } from './agent-port.js';
import type { AgentDescriptor, AgentOptionsSchema } from './agent-descriptor.js';
import { parseOptions } from '../core/schema-text.js';

/** An integer option in [min, max]. */
export const integerOption = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

/** A number option in [min, max]. */
export const numberOption = (min: number, max: number, fallback: number) => z.number().min(min).max(max).default(fallback);

/** Builds the rule-based agent a descriptor describes, from option overrides checked against its schema. */
export function createAgent<S extends AgentOptionsSchema>(descriptor: AgentDescriptor<string, S>, overrides: unknown = {}): Agent {
  return descriptor.create(parseOptions(descriptor.options, overrides, `agents.${descriptor.role}`));
}
