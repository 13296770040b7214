import { toldOutside, type Clock } from '../core/clock.js';
import { TransientError } from '../core/errors.js';
import { withTimeout } from '../core/timeout.js';
import { fetchHint } from '../core/fetch-failure.js';
import { withoutHookSecrets } from '../core/url-secrets.js';
import { parseRetryAfter } from '../core/transient.js';

/**
 * POSTs JSON to a notification endpoint. Errors carry the URL's host only, never its path or query: a Telegram bot
 * token sits in its path, and a Slack or Discord webhook's path is itself the secret. Transient (retried): network errors, timeouts, 5xx and 429
 * (with the server's Retry-After). Anything else is a rejection that retrying cannot fix.
 */
export class NotifyRejectedError extends Error {
  override readonly name = 'NotifyRejectedError';
}

export class NotifyTransientError extends TransientError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The first error code in a cause chain (ECONNREFUSED, UND_ERR_SOCKET...), for a message without addresses. */
function codeOf(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return error instanceof Error ? error.name : 'unknown';
}

/** The URL's host and port only (never its path or credentials), or a placeholder when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the endpoint';
  } catch {
    return 'the endpoint';
  }
}

/** Retry-After in seconds or as an HTTP date; Telegram also puts `parameters.retry_after` (seconds) in its body. */
function retryAfterMs(header: string | null, body: unknown, now: number): number | undefined {
  const hinted = parseRetryAfter(header, now);
  if (hinted !== undefined) return hinted;
  const seconds = (body as { parameters?: { retry_after?: unknown } } | null)?.parameters?.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}

const MAX_BODY = 16 * 1024;

export async function postJson(clock: Clock, url: string, body: unknown, options: { what: string; timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const { what } = options;
  await withTimeout(
    clock,
    options.timeoutMs,
    what,
    // The request and its answer's body wait on the endpoint, not on the clock: a virtual clock is told of them
    // (tests hold it until a loopback endpoint has answered); the timeout still runs on the clock.
    (signal) => toldOutside(clock, send(signal), what),
    options.signal,
  );

  async function send(signal: AbortSignal): Promise<void> {
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal, redirect: 'error' });
    } catch (error) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
      // The host is told (it is not the secret: the path and its token are), with what to check.
      const code = codeOf(error);
      const err = new NotifyTransientError(`${what}: network error (${code}) reaching ${hostOf(url)}: ${fetchHint(code)}`);
      (err as { code?: string }).code = code;
      throw err;
    }
    const text = (await res.text()).slice(0, MAX_BODY);
    if (res.ok) return;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: only the status is told
    }
    if (res.status === 429 || res.status >= 500) {
      throw new NotifyTransientError(`${what}: HTTP ${res.status}`, retryAfterMs(res.headers.get('retry-after'), parsed, clock.now()));
    }
    const description = (parsed as { description?: unknown } | null)?.description;
    // The endpoint's words, less anything of the URL's path, query or credentials it echoed (a bot token, a hook's path).
    const said = typeof description === 'string' ? ` (${withoutHookSecrets(description, url).slice(0, 200)})` : '';
    throw new NotifyRejectedError(`${what}: HTTP ${res.status}${said}`);
  }
}
