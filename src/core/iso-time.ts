/**
 * A time as messages show it: ISO 8601 in UTC, without the milliseconds when they are zero (bar times mostly are);
 * '?' when unknown, and the value itself when it is not a time (a message about a bad row must not throw).
 */
export function isoTime(t: number | undefined): string {
  if (t === undefined) return '?';
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15) return String(t);
  return new Date(t).toISOString().replace('.000Z', 'Z');
}
