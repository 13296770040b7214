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
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return deepFreeze(structuredClone(value));
  // A frozen flat record (a closed bar, as markets hand them out) is immutable already: share it, do not copy it.
  if (Object.isFrozen(value) && Object.values(value).every((v) => v === null || typeof v !== 'object')) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return Object.freeze(out);
}
