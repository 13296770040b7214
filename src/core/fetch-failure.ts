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
