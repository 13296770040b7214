import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONFIG_KEYS, FIELDS, envName } from '../../src/config/config-schema.js';
import { defaultConfigPath } from '../../src/config/config.js';

/**
 * The "allowed" text of every configuration key is what an operator reads in the README and in exit-78 messages;
 * here it is read as a rule and held against the key's schema at its boundaries, so text and rule cannot drift.
 */
type Rule =
  | { kind: 'range'; integer: boolean; lo: number; loOpen: boolean; hi?: number; hiOpen?: boolean }
  | { kind: 'choice'; values: string[] }
  | { kind: 'free' };

const num = String.raw`(-?[\d.e+]+)`;

function ruleOf(allowed: string): Rule {
  let m = new RegExp(`^an integer from ${num} to ${num}`).exec(allowed);
  if (m) return { kind: 'range', integer: true, lo: Number(m[1]), loOpen: false, hi: Number(m[2]) };
  if ((m = new RegExp(`^an integer ≥ ${num}`).exec(allowed))) return { kind: 'range', integer: true, lo: Number(m[1]), loOpen: false };
  if ((m = new RegExp(`^a number from ${num} to ${num}`).exec(allowed))) return { kind: 'range', integer: false, lo: Number(m[1]), loOpen: false, hi: Number(m[2]) };
  if ((m = new RegExp(`^a number > ${num} and ≤ ${num}`).exec(allowed))) return { kind: 'range', integer: false, lo: Number(m[1]), loOpen: true, hi: Number(m[2]) };
  if ((m = new RegExp(`^a number > ${num}$`).exec(allowed))) return { kind: 'range', integer: false, lo: Number(m[1]), loOpen: true };
  if ((m = new RegExp(`^a number ≥ ${num} and < ${num}`).exec(allowed))) return { kind: 'range', integer: false, lo: Number(m[1]), loOpen: false, hi: Number(m[2]), hiOpen: true };
  if ((m = /^one of (.+)$/.exec(allowed))) return { kind: 'choice', values: m[1]!.split(', ') };
  const quoted = [...allowed.matchAll(/"([^"]*)"/g)].map((q) => q[1]!);
  if (quoted.length >= 2 && /^"[^"]*"( \([^)]*\))?(, "[^"]*")*,? or "[^"]*"$/.test(allowed)) return { kind: 'choice', values: quoted };
  return { kind: 'free' };
}

/** The kind of value a schema checks, looking through defaults and refinements. */
function baseType(schema: z.ZodType): string {
  let def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
  while (def.innerType || def.in) def = ((def.innerType ?? def.in) as unknown as { _zod: { def: typeof def } })._zod.def;
  return def.type;
}

const accepts = (key: keyof typeof FIELDS, value: unknown) => FIELDS[key].schema.safeParse(value).success;
const defaults = JSON.parse(readFileSync(defaultConfigPath(), 'utf8')) as Record<string, unknown>;

describe('every configuration key', () => {
  it.each(CONFIG_KEYS)('%s: its allowed text is its rule', (key) => {
    const { allowed, schema } = FIELDS[key];
    const rule = ruleOf(allowed);
    expect(accepts(key, defaults[key]), `default ${JSON.stringify(defaults[key])}`).toBe(true);
    if (rule.kind === 'free') {
      // Free text only for strings, lists and objects; a number or a choice must say its bounds or its values.
      expect(['number', 'int', 'enum', 'literal'], `${key}: "${allowed}" does not state its rule`).not.toContain(baseType(schema));
      return;
    }
    if (rule.kind === 'choice') {
      for (const value of rule.values) expect(accepts(key, value), `${key} = "${value}"`).toBe(true);
      expect(accepts(key, 'surely-not-allowed')).toBe(false);
      if (baseType(schema) === 'enum') {
        const options = (schema as unknown as { options: string[] }).options;
        expect([...rule.values].sort()).toEqual([...options].sort());
      }
      return;
    }
    const step = (x: number) => (rule.integer ? 1 : Math.max(Math.abs(x) * 1e-9, 1e-12));
    const { lo, hi } = rule;
    expect(accepts(key, rule.loOpen ? lo + step(lo) : lo), `${key} at its lower bound`).toBe(true);
    expect(accepts(key, rule.loOpen ? lo : lo - step(lo)), `${key} below its lower bound`).toBe(false);
    if (hi !== undefined && rule.hiOpen) {
      expect(accepts(key, hi - step(hi)), `${key} just below its open upper bound ${hi}`).toBe(true);
      expect(accepts(key, hi), `${key} at its open upper bound ${hi}`).toBe(false);
    } else if (hi !== undefined) {
      expect(accepts(key, hi), `${key} at its upper bound ${hi}`).toBe(true);
      expect(accepts(key, hi + step(hi)), `${key} above its upper bound ${hi}`).toBe(false);
    } else {
      // "≥ 100" promises no upper bound: a very large value is accepted.
      expect(accepts(key, rule.integer ? Number.MAX_SAFE_INTEGER : 1e300), `${key} has an upper bound its text does not state`).toBe(true);
    }
    if (rule.integer) expect(accepts(key, lo + 0.5), `${key} takes only integers`).toBe(false);
    expect(accepts(key, String(lo))).toBe(false);
  });

  it('has a README row with the same allowed text', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const key of CONFIG_KEYS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${envName(key)}\` | \`${key}\` |`));
      expect(row, `README row for ${key}`).toBeDefined();
      expect(row!.split(' | ')[3], `README allowed text for ${key}`).toBe(FIELDS[key].allowed);
    }
  });

  it('has README rows that show config/default.json and the schema\'s doc, and no row for a key that is gone', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => /^\| `CONCLAVE_[A-Z0-9_]+` \| `\w+` \|/.test(line));
    expect(rows.map((row) => row.split(' | ')[1]!.replaceAll('`', ''))).toEqual(CONFIG_KEYS);
    // A long default is summed up in words; every other cell is the JSON of config/default.json ("" as (empty)).
    const summed: Record<string, string> = {
      universe: `${(defaults.universe as unknown[]).length} simulated companies`,
      notifyEvents: (defaults.notifyEvents as unknown[]).length === 7 ? 'all seven' : 'not all seven',
    };
    for (const [i, key] of CONFIG_KEYS.entries()) {
      const cells = rows[i]!.slice(2, -2).split(' | ');
      const value = defaults[key];
      const shown = summed[key] ?? `\`${value === '' ? '(empty)' : JSON.stringify(value)}\``;
      expect(cells[2], `README default of ${key}`).toBe(shown);
      expect(cells.slice(4).join(' | '), `README "what it does" of ${key}`).toBe(FIELDS[key].doc);
    }
  });
});
