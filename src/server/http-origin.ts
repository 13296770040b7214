import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../core/host.js';

/**
 * Where a request comes from, for the attacks a browser can make on a server it can reach: the operator's own
 * browser, on a page of some other site, posting to the daemon (cross-site request forgery: a text/plain POST to
 * /api/halt needs no preflight) or opening its WebSocket (which the same-origin policy does not cover); and a site
 * whose name is re-pointed at 127.0.0.1 (DNS rebinding), whose scripts then read the daemon as their own origin.
 *
 * Both matter only where nothing else authenticates: on a loopback bind without a token. There:
 * - a request carrying an `Origin` (browsers send it on every POST and WebSocket handshake, and on cross-origin
 *   reads) must come from the daemon's own page: the origin's host and port are the request's `Host`;
 * - the `Host` must name this machine: a loopback address or localhost. A rebound name is refused.
 * With a token, a page elsewhere has no token to send, and a proxy may serve the daemon under any name (and pass
 * its own `Host`), so neither rule applies.
 */
export type OriginVerdict = { ok: true } | { ok: false; message: string };

/** A Host header's `host[:port]` as URL spells it (lowercase, default port dropped); null when it is not one. */
function authorityOf(scheme: string, hostPort: string): URL | null {
  try {
    const url = new URL(`${scheme}//${hostPort}`);
    return url.username || url.password || url.pathname !== '/' ? null : url;
  } catch {
    return null;
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export function checkOrigin(req: IncomingMessage, open: boolean): OriginVerdict {
  if (!open) return { ok: true };
  const host = header(req, 'host');
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    let from: URL | null = null;
    try {
      from = new URL(origin);
    } catch {
      from = null;
    }
    const own = host === undefined || from === null ? null : authorityOf(from.protocol, host);
    if (from === null || own === null || from.host !== own.host) {
      return {
        ok: false,
        message: `refused: a cross-site request (from the page at ${origin.slice(0, 200)}, not from this daemon's own dashboard); open the dashboard at this daemon's address`,
      };
    }
  }
  if (host !== undefined) {
    const named = authorityOf('http:', host);
    const name = named?.hostname.replace(/^\[(.*)\]$/, '$1') ?? '';
    if (!isLoopbackHost(name)) {
      return {
        ok: false,
        message: `refused: the request names the host "${host.slice(0, 200)}", not this machine, and this server (on loopback, without CONCLAVE_HTTP_TOKEN) serves only requests addressed to 127.0.0.1, ::1 or localhost; to serve it under another name (a proxy), set CONCLAVE_HTTP_TOKEN`,
      };
    }
  }
  return { ok: true };
}
