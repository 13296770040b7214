/**
 * The configuration schemas that follow from the registry: `agents` (each role's options, defaults filled in) and
 * the roles an LLM may serve. config-schema.ts uses them for the real registry; a test can build them for its own.
 */
import { z } from 'zod';
import type { AgentRegistry } from './registry.js';

/** `{ <role>?: options }` for every role of `registry`; parsing fills in every role's defaults. */
export type AgentsSchema<R extends AgentRegistry> = z.ZodObject<
  { [D in R[number] as D['role']]: z.ZodPrefault<D['options']> },
  z.core.$strict
>;

export function agentsSchema<const R extends AgentRegistry>(registry: R): AgentsSchema<R> {
  const shape: Record<string, z.ZodType> = {};
  for (const d of registry) shape[d.role] = d.options.prefault({});
  return z.strictObject(shape) as unknown as AgentsSchema<R>;
}

/** One of the registry's roles. */
export function roleSchema<const R extends AgentRegistry>(registry: R): z.ZodEnum<{ [D in R[number] as D['role']]: D['role'] }> {
  return z.enum(registry.map((d) => d.role) as [string, ...string[]]) as never;
}
