import type { z } from 'zod';

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The issue to tell of a value the schema refused. zod checks an integer against the safe-integer range before the
 * key's own bounds, so 1e30 for a key allowed 1 to 1000000 read "Too big: expected int to be <=9007199254740991",
 * beside the key's own range: the key's bound is the one that says what to give.
 */
export function tellingIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  const own = issues.find((issue) => {
    const bound = issue as { origin?: string; maximum?: unknown; minimum?: unknown };
    return !(bound.origin === 'int' && (bound.maximum === SAFE || bound.minimum === -SAFE));
  });
  return own ?? issues[0];
}
