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

/** A frozen deep copy of plain data (no functions, no class instances with hidden state). */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}
