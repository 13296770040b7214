/**
 * fetch() rejects with a bare "fetch failed" and hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, a certificate).
 * This names the URL, the reason and what to check, and keeps the original as `cause`, so `isTransient` classifies it
 * exactly as before (it walks the cause chain).
 */
const HINTS: Array<[RegExp, string]> = [
  [/^ECONNREFUSED$/, 'nothing listens there: check the host and port, and that the server is up'],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'the host name does not resolve: check the URL and the machine\'s DNS'],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ENETUNREACH|EHOSTUNREACH)$/, 'the host cannot be reached: check the URL and the network (a firewall or proxy?)'],
  [/CERT|TLS/, 'the server\'s TLS certificate is refused: check the URL (http or https?) and the server\'s certificate'],
];

/** What to check for a connection error of this code (ECONNREFUSED, ENOTFOUND...). */
export function fetchHint(code: string | undefined): string {
  return HINTS.find(([pattern]) => code !== undefined && pattern.test(code))?.[1] ?? 'check the URL and the network';
}

function causeOf(error: Error): { code?: string; message: string } | undefined {
  let e: unknown = error.cause;
  for (let depth = 0; e instanceof Error && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    // undici wraps some causes once more (an AggregateError of IPv4 and IPv6 attempts has the code itself).
    if (typeof code === 'string' || !(e.cause instanceof Error)) return { code: typeof code === 'string' ? code : undefined, message: e.message };
    e = e.cause;
  }
  return undefined;
}

export function describeFetchFailure(url: string, error: unknown): unknown {
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return error;
  const cause = causeOf(error);
  const reason = cause ? (cause.message || cause.code || 'no reason given') : 'no reason given';
  const hint = cause?.message === 'bad port'
    ? 'fetch refuses this port before connecting (the Fetch standard blocks ports such as 6000, 6665-6669 and 10080): serve it on another port'
    : fetchHint(cause?.code);
  return new TypeError(`${url}: fetch failed: ${reason}; ${hint}`, { cause: error });
}

/** Codes of a fetch that failed while connecting: no byte of the request left the machine. */
const NOT_CONNECTED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT|ENETUNREACH|EHOSTUNREACH)$/;

/**
 * Whether a fetch (or describeFetchFailure's account of it) failed before its request was sent: no connection was made,
 * or fetch refused the port. An abort, a reset or a timeout may come after the server had the request: not this.
 */
export function neverSent(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return NOT_CONNECTED.test(code);
    if (e.message === 'bad port') return true;
    e = e.cause;
  }
  return false;
}
