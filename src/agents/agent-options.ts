import { ConfigError } from '../core/errors.js';

/**
 * Merges an agent's option overrides onto its defaults and checks every number against its allowed range, so a bad
 * configuration stops start-up with a message naming the key (`agents.<role>.<option>`).
 */
export function resolveAgentOptions<T extends Record<string, number>>(
  role: string,
  defaults: T,
  ranges: { [K in keyof T]: { min: number; max: number; integer?: boolean } },
  overrides: Partial<T> = {},
): T {
  const merged = { ...defaults, ...overrides };
  for (const key of Object.keys(overrides)) {
    if (!(key in defaults)) {
      throw new ConfigError(`agents.${role}.${key} is not an option; known: ${Object.keys(defaults).join(', ')}`, `agents.${role}.${key}`);
    }
  }
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const v = merged[key];
    const { min, max, integer } = ranges[key];
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
    if (!ok) {
      throw new ConfigError(
        `agents.${role}.${key} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(v) ?? String(v)}`,
        `agents.${role}.${key}`,
      );
    }
  }
  return merged;
}
