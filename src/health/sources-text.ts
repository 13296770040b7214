/**
 * The outside sources (the exchange, each feed) that are failing, as the health line's `sources` has them: a STALE
 * news scanner was said with no word of why, while the line held the feed's open breaker and its error ("nothing
 * listens there: check the host and port"). A source that is working says nothing, whatever it once failed with.
 */
export function sourcesText(sources: unknown): string[] {
  if (typeof sources !== 'object' || sources === null) return [];
  const lines: string[] = [];
  for (const [name, value] of Object.entries(sources as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const s = value as { state?: unknown; consecutiveFailures?: unknown; lastError?: unknown };
    const failing = typeof s.consecutiveFailures === 'number' && s.consecutiveFailures > 0;
    if (!failing && (s.state === 'closed' || typeof s.state !== 'string')) continue;
    const breaker = typeof s.state === 'string' ? `breaker ${s.state}` : 'failing';
    const row = failing ? `  ${String(s.consecutiveFailures)} failed in a row` : '';
    const error = typeof s.lastError === 'string' ? `; last error: ${s.lastError}` : '';
    lines.push(`source    ${name}  ${breaker}${row}${error}`);
  }
  return lines;
}
