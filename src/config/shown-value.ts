/**
 * A setting's value as an error message may quote it, less what may be a secret in a setting not marked secret: a URL's
 * credentials (http://user:pass@host), its query values (?apikey=...), and whatever follows another setting run into
 * this one (an env file's missing line break: CONCLAVE_HTTP_PORT=0CONCLAVE_EXCHANGE_SECRET=...).
 */
export function shownValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text
    .replace(/(CONCLAVE_[A-Z0-9_]+)=.*?(?="?$|",|"\])/g, '$1=(not shown: another setting on this line? put each on its own line)')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s"@]*@/gi, '$1(credentials not shown)@')
    .replace(/([?&][^=&\s"#]+=)[^&\s"#]+/g, '$1(not shown)');
}
