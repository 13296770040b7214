import { showValue } from '../core/schema-text.js';
import { withUrlsShown } from '../core/url-secrets.js';

/**
 * A setting's value as an error message may quote it, less what may be a secret in a setting not marked secret: a URL's
 * credentials (http://user:pass@host), its query values (?apikey=...), and whatever follows another setting run into
 * this one (an env file's missing line break: CONCLAVE_HTTP_PORT=0CONCLAVE_EXCHANGE_SECRET=...).
 */
export function shownValue(value: unknown): string {
  const text = showValue(value);
  return withUrlsShown(text.replace(/(CONCLAVE_[A-Z0-9_]+)=.*?(?="?$|",|"\])/g, '$1=(not shown: another setting on this line? put each on its own line)'));
}

/**
 * A value as an error quotes it: its first 300 characters. A universe of 400,000 entries was quoted whole, a 15 MB
 * line whose reason, at its end, a journal cut off. (`conclave config` lists a setting whole.)
 */
export function quotedValue(value: unknown): string {
  const shown = shownValue(value);
  return shown.length > 300 ? `${shown.slice(0, 300)}... (${shown.length} characters in all)` : shown;
}
