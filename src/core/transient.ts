import { AbortError } from './clock.js';
import { TransientError } from './errors.js';

/** A request that ran out of time. Transient: the next attempt may well succeed. */
export class TimeoutError extends TransientError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} timed out after ${timeoutMs} ms`);
  }
}

/** Network error codes (Node and undici) that say "try again later", not "this request is wrong". */
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Causes of fetch's "fetch failed" that the next attempt will meet again: a certificate the server will still send,
 * a redirect loop or a redirect to another scheme (when fetch follows redirects itself), an invalid URL.
 */
const PERMANENT_CODES = new Set([
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_INVALID_URL',
]);
// "bad port": fetch refuses the ports of the Fetch standard's block list (6000, 10080, 6665-6669...) before connecting.
const PERMANENT_MESSAGES = /redirect count exceeded|URL scheme must be a HTTP\(S\) scheme|unknown scheme|^bad port$/i;

function isPermanentFetchFailure(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if ((typeof code === 'string' && PERMANENT_CODES.has(code)) || PERMANENT_MESSAGES.test(e.message)) return true;
    e = e.cause;
  }
  return false;
}

/** Whether retrying `error` can help: our TransientErrors, network failures, and fetch's "fetch failed" (unless its cause is permanent). */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (error instanceof AbortError || (error instanceof Error && error.name === 'AbortError')) return false;
  if (isPermanentFetchFailure(error)) return false;
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    e = e.cause;
  }
  return false;
}

/** Server hint for the next attempt (HTTP 429/503 Retry-After), carried on an error as `retryAfterMs`. */
export function retryAfterOf(error: unknown): number | undefined {
  const v = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** An HTTP Retry-After header (seconds, or an HTTP date) as the wait from `now`, ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
