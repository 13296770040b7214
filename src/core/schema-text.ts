/**
 * What a zod schema allows, said in words, and a zod issue turned into a message that names the full key path, the
 * value and what is allowed. One source of truth: an option's rule and the text an operator reads come from the same
 * schema, so they cannot drift. A schema may say it in its own words with `.describe('…')`.
 */
import type { z } from 'zod';
import { ConfigError } from './errors.js';

/** The parts of zod's (public, documented for library authors) schema definition read here. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  checks?: readonly { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** The schema a value is checked against once defaults, optionality and transforms are looked through. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s.description) return s;
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** A value as an operator would type it (JSON), or its string form when JSON has none (undefined, functions). */
export function showValue(value: unknown): string {
  // JSON writes Infinity as null: a file's 1e400 (read as Infinity) was quoted back as "= null", a value no one wrote.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

const show = showValue;

function numberText(def: Def): string {
  let lo: { value: number; inclusive: boolean } | undefined;
  let hi: { value: number; inclusive: boolean } | undefined;
  let integer = def.type === 'int';
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format') integer = true;
    else if (c.check === 'greater_than' && c.value !== undefined) lo = { value: c.value, inclusive: c.inclusive ?? false };
    else if (c.check === 'less_than' && c.value !== undefined) hi = { value: c.value, inclusive: c.inclusive ?? false };
  }
  const kind = integer ? 'an integer' : 'a number';
  if (lo && hi) return `${kind} in ${lo.inclusive ? '[' : '('}${lo.value}, ${hi.value}${hi.inclusive ? ']' : ')'}`;
  if (lo) return `${kind} ${lo.inclusive ? '≥' : '>'} ${lo.value}`;
  if (hi) return `${kind} ${hi.inclusive ? '≤' : '<'} ${hi.value}`;
  return kind;
}

/** What `schema` allows, e.g. "an integer in [2, 500]" or "one of bull, bear". */
export function allowedText(schema: z.ZodType): string {
  const s = unwrap(schema);
  if (s.description) return s.description;
  const def = defOf(s);
  switch (def.type) {
    case 'number':
    case 'int':
      return numberText(def);
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'literal':
      return (def.values ?? []).map(show).join(' or ');
    case 'union':
      return (def.options ?? []).map(allowedText).join(' or ');
    case 'array':
      return def.element ? `a JSON array of ${allowedText(def.element)}` : 'a JSON array';
    case 'object':
      return `a JSON object with the optional keys ${Object.keys(def.shape ?? {}).join(', ')}`;
    case 'record':
      return `a JSON object whose keys are ${def.keyType ? allowedText(def.keyType) : 'strings'} and values ${def.valueType ? allowedText(def.valueType) : 'anything'}`;
    default:
      return def.type;
  }
}

/** The schema that checks the value at `path` inside `schema`, if the path leads anywhere. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    const def = defOf(unwrapAll(s));
    if (def.type === 'object') s = def.shape?.[String(key)];
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'array') s = def.element;
    else return undefined;
  }
  return s;
}

/** Like unwrap, but also through described schemas (to walk into their parts). */
function unwrapAll(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** One failed rule, in words: the key path (dotted, from the root given), the value found, and what is allowed. */
export interface OptionProblem {
  path: string;
  value: unknown;
  /** What is allowed there; for a key that is not an option, the known keys. */
  allowed: string;
  /** True when the key itself is unknown (not its value). */
  unknownKey: boolean;
}

/** The first problem zod found with `input`, described from the schema itself. */
export function describeProblem(schema: z.ZodType, input: unknown, error: z.ZodError, root: string): OptionProblem {
  const issue = error.issues[0]!;
  const join = (path: readonly PropertyKey[]) => [root, ...path.map(String)].filter((p) => p !== '').join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const parent = schemaAt(schema, issue.path);
    const parentDef = parent ? defOf(unwrapAll(parent)) : undefined;
    if (parentDef?.type === 'record' && parentDef.keyType) {
      return { path: join([...issue.path, key]), value: key, allowed: allowedText(parentDef.keyType), unknownKey: false };
    }
    const known = Object.keys(parentDef?.shape ?? {});
    return { path: join([...issue.path, key]), value: key, allowed: `one of ${known.join(', ')}`, unknownKey: true };
  }
  const at = schemaAt(schema, issue.path);
  // A rule across several keys (a refinement) states what it allows in its own message.
  const allowed = issue.code === 'custom' || !at ? issue.message : allowedText(at);
  return { path: join(issue.path), value: valueAt(input, issue.path), allowed, unknownKey: false };
}

/** "agents.bull.fast must be an integer in [2, 500], got 0" (or "… is not an option; known: …"). */
export function problemText(problem: OptionProblem): string {
  return problem.unknownKey
    ? `${problem.path} is not an option; known: ${problem.allowed.replace(/^one of /, '')}`
    : `${problem.path} must be ${problem.allowed}, got ${show(problem.value)}`;
}

/**
 * Parses options with their schema (defaults filled in) or throws a ConfigError naming the full key
 * (`root.path`), the value and what is allowed. The one way options are checked, at load time and in constructors.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, root: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problem = describeProblem(schema, input, result.error, root);
  throw new ConfigError(problemText(problem), problem.path);
}
