import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../core/host.js';
import { checkOrigin } from './http-origin.js';

/**
 * Who may use the HTTP server. Default deny: every path, the WebSocket upgrade and any path added later needs the
 * operator's token, except /healthz (for Docker's HEALTHCHECK, load balancers and `conclave health`-style probes).
 *
 * - a token configured: it is required on every other path but the cockpit's page (PAGE_PATH), on loopback too;
 * - no token, loopback bind: open (only this machine can connect);
 * - no token, any other bind (0.0.0.0, a LAN address, a host name): only /healthz is served, everything else is 403
 *   until a token is set; the server says so at start.
 *
 * The token comes as `Authorization: Bearer TOKEN`, or as a `token` query parameter for clients that cannot set
 * headers (a browser's WebSocket). It is compared in constant time, over SHA-256 digests so its length does not leak.
 * A browser opens the backtest reports with a cookie instead (REPORT_COOKIE), which the page asks for with the token.
 */
export type AccessMode = 'open' | 'token' | 'healthz-only';

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** The one path anyone may read. */
export const PUBLIC_PATH = '/healthz';
/**
 * The cockpit's page, served without the token where one is configured: it is the same static file for everyone and
 * holds no data (the page asks the API, with the token, for all of it). Requiring the token for it too locked the
 * operator out at every reload, since the page takes `?token=` out of the address bar and keeps it for the tab.
 */
export const PAGE_PATH = '/';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The cookie that opens the backtest reports (GET and HEAD under REPORTS_PATH, nothing else) in a browser: a link
 * cannot carry a header, and a `?token=` in it reached the browser's history. The page asks for it at
 * REPORT_ACCESS_PATH with the token. Its value is derived from the token, not the token itself, so it opens nothing
 * else; it is HttpOnly and SameSite=Strict, and lasts until the browser closes.
 */
export const REPORT_COOKIE = 'conclave-reports';
export const REPORTS_PATH = '/backtests/';
export const REPORT_ACCESS_PATH = '/api/report-access';

const cookieValueOf = (token: string): string => createHash('sha256').update(`conclave-reports\0${token}`, 'utf8').digest('hex');

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The path of a request target, without query; an unparsable target yields '' (served to nobody unauthenticated). */
export function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  try {
    // A token has no spaces, so a '+' in it is itself (base64 has them), not the form encoding of a space.
    return new URLSearchParams(url.slice(q + 1).replace(/\+/g, '%2B')).get('token') ?? undefined;
  } catch {
    return undefined;
  }
}

export class HttpAccess {
  readonly mode: AccessMode;
  private readonly expected: Buffer | undefined;
  private readonly cookieValue: string | undefined;
  private readonly expectedCookie: Buffer | undefined;
  /** Requests turned away (missing or wrong token, or no token configured), for the health line. */
  rejected = 0;

  constructor(host: string, token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
    this.cookieValue = token ? cookieValueOf(token) : undefined;
    this.expectedCookie = this.cookieValue !== undefined ? digest(this.cookieValue) : undefined;
    this.mode = token ? 'token' : isLoopbackHost(host) ? 'open' : 'healthz-only';
  }

  check(req: IncomingMessage): AccessVerdict {
    if (pathOf(req.url) === PUBLIC_PATH) return { ok: true };
    // Open to this machine: a page of another site must not act through the operator's browser (http-origin.ts).
    const origin = checkOrigin(req, this.mode === 'open');
    if (!origin.ok) {
      this.rejected++;
      return { ok: false, status: 403, message: origin.message };
    }
    if (this.mode === 'open') return { ok: true };
    if (this.mode === 'token' && (req.method === 'GET' || req.method === 'HEAD') && pathOf(req.url) === PAGE_PATH) return { ok: true };
    if (this.mode === 'healthz-only') {
      this.rejected++;
      return {
        ok: false,
        status: 403,
        message: 'this server listens beyond loopback without a token, so it serves only /healthz; set CONCLAVE_HTTP_TOKEN and send it as "Authorization: Bearer TOKEN"',
      };
    }
    const given = tokenOf(req);
    if (given !== undefined && timingSafeEqual(digest(given), this.expected!)) return { ok: true };
    const path = pathOf(req.url);
    if (path.startsWith(REPORTS_PATH) && (req.method === 'GET' || req.method === 'HEAD')) {
      const cookie = cookieOf(req, REPORT_COOKIE);
      if (cookie !== undefined && timingSafeEqual(digest(cookie), this.expectedCookie!)) return { ok: true };
      this.rejected++;
      return { ok: false, status: 401, message: 'authentication required: open the report from the cockpit (it opens the reports for this browser), or add ?token=TOKEN with the CONCLAVE_HTTP_TOKEN value' };
    }
    this.rejected++;
    return { ok: false, status: 401, message: 'authentication required: send "Authorization: Bearer TOKEN" (or ?token=TOKEN) with the CONCLAVE_HTTP_TOKEN value' };
  }

  /** The Set-Cookie header that opens the reports to a browser (a token configured), for a request the token admitted. */
  reportCookie(): string | undefined {
    return this.cookieValue === undefined ? undefined : `${REPORT_COOKIE}=${this.cookieValue}; Path=${REPORTS_PATH}; HttpOnly; SameSite=Strict`;
  }
}
