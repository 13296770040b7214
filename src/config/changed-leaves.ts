import { isRecord } from '../core/is-record.js';

/**
 * The options of a nested setting that differ from its default, as dotted paths (`chief.takeProfit`,
 * `agents.bull.fast`) with their values: `conclave config` printed the whole merged object, some thirty options of the
 * five agents, and the one a file changed had to be found among them. Lists and plain values are compared whole.
 */
export function changedLeaves(path: string, value: unknown, base: unknown): [string, unknown][] {
  if (!isRecord(value) || !isRecord(base)) return JSON.stringify(value) === JSON.stringify(base) ? [] : [[path, value]];
  const keys = [...new Set([...Object.keys(value), ...Object.keys(base)])];
  return keys.flatMap((k) => changedLeaves(`${path}.${k}`, value[k], base[k]));
}
