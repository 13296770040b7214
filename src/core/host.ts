import { isIP } from 'node:net';

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/**
 * Whether `host` is something `server.listen` can be given: an IPv4 or IPv6 address (no brackets), or a host name
 * of letters, digits, hyphens (and underscores, which container names use) in dot-separated labels of up to 63
 * characters. A name whose last label is all digits ("1.2.3", "999.1.1.1") is a mistyped address, not a name.
 */
export function isHostSyntax(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1)!);
}

/**
 * Whether a server bound to `host` is reachable from this machine only. Anything else (0.0.0.0, ::, a LAN address,
 * a host name other than localhost) may be reachable from outside and is treated so.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h) || /^::ffff:127\./.test(h);
  return false;
}
