/** ccxt's error classes, identified by name along the prototype chain (no import of the 5 MB library needed). */
export function ccxtClasses(error: unknown): string[] {
  const names: string[] = [];
  for (let p = error ? Object.getPrototypeOf(error) : null; p && names.length < 10; p = Object.getPrototypeOf(p)) {
    names.push((p as { constructor?: { name?: string } }).constructor?.name ?? '');
  }
  return names;
}

/**
 * Whether a ccxt error (its `classes`, ccxtClasses') is worth asking again: a network error (an outage, a timeout, a
 * rate limit), or ccxt's plain OperationFailed, the exchange failing on its side and saying to try again (Binance's
 * 503 with -1001 "Internal error; unable to process your request", -1000, -1006). Its BadResponse (an unreadable
 * answer) is not. The market source and the live broker's reconciliation judge by this one rule.
 */
export const ccxtRetryable = (classes: readonly string[]): boolean => classes.includes('NetworkError') || classes[0] === 'OperationFailed';
