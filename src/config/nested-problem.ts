import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { describeProblem, showValue } from '../core/schema-text.js';

/**
 * For a key holding an object of options (`chief`, `agents`): throws the ConfigError that names the nested key
 * (`agents.bull.fast`), its value, where it came from, and what is allowed there, in words from the schema.
 * Returns for a problem with the value as a whole (the caller reports the key itself).
 */
export function nestedProblem(schema: z.ZodType, value: unknown, error: z.ZodError, key: string, where: string): void {
  const issue = error.issues[0];
  if (!issue) return;
  const inObject = typeof issue.path[0] === 'string' || (issue.code === 'unrecognized_keys' && issue.path.length === 0);
  if (!inObject) return;
  const problem = describeProblem(schema, value, error, key);
  const message = problem.unknownKey
    ? `Invalid configuration: ${problem.path} is not an option (in ${where}). Allowed keys: ${problem.allowed.replace(/^one of /, '')}.`
    : `Invalid configuration: ${problem.path} = ${showValue(problem.value)} (in ${where}). Allowed: ${problem.allowed}.`;
  throw new ConfigError(message, problem.path);
}
