/**
 * Read-only snapshots for untrusted agents. The context is copied first so freezing never touches the caller's
 * objects (the kernel may keep using its own arrays), then frozen deeply so one agent cannot change what another sees.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return Object.freeze(value);
}

const IMMUTABLE = Symbol('immutable');

/**
 * Deep-freezes plain data where it is made and marks it so, so that frozenCopy shares it instead of copying it: the
 * bars a market hands out are read by every discussion, and copying them was most of what a discussion allocated.
 */
export function immutable<T extends object>(value: T): Readonly<T> {
  Object.defineProperty(value, IMMUTABLE, { value: true });
  return deepFreeze(value);
}

/**
 * As immutable, for an object whose values are all numbers (a bar): nothing below it to freeze, so it is frozen
 * without walking its keys (loading a file makes one per row; the walk was a sixth of loading).
 */
export function immutableNumbers<T extends { [K in keyof T]: number }>(value: T): Readonly<T> {
  Object.defineProperty(value, IMMUTABLE, { value: true });
  return Object.freeze(value);
}

/**
 * Freezes an array of immutable items (see immutable) and marks it so, so that frozenCopy shares it too; an array
 * holding anything else is returned as it is, unmarked. For the slices of bars a market hands each discussion.
 */
export function immutableList<T extends object>(items: T[]): readonly T[] {
  for (const item of items) if ((item as { [IMMUTABLE]?: true })[IMMUTABLE] !== true || !Object.isFrozen(item)) return items;
  Object.defineProperty(items, IMMUTABLE, { value: true });
  return Object.freeze(items);
}

/**
 * A frozen deep copy of plain data. Arrays and plain objects are copied by hand (several times faster than
 * structuredClone on a few hundred bars, which matters on every discussion); anything else goes through structuredClone.
 */
export function frozenCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if ((value as { [IMMUTABLE]?: true })[IMMUTABLE] === true && Object.isFrozen(value)) return value;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return deepFreeze(structuredClone(value));
  // Data frozen at birth (a closed bar, as the simulated market hands them out) is shared, not copied.
  if ((value as { [IMMUTABLE]?: true })[IMMUTABLE] === true && Object.isFrozen(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return Object.freeze(out);
}
