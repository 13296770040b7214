/**
 * The parts of a URL that may be a secret: its credentials, its path (a Telegram bot token, a Slack or Discord webhook's
 * path) and its query values (an API key as ?key=...). Its scheme and host are not: errors name the host.
 */
function secretParts(url: string, wholePath = false): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [url];
  }
  const parts = [u.username, u.password, u.pathname + u.search, u.pathname, ...u.pathname.split('/'), ...[...u.searchParams.values()]];
  // Short pieces ("v1") and plain words ("services", "completions") are no secret, and would blank words of a message;
  // but a hook's whole path is its secret, plain words too (an ntfy topic, "mysecrettopicname").
  const long = parts.filter((p) => (wholePath ? p.length >= 4 : p.length >= 6 && !/^[a-z]+$/.test(p)));
  const decoded = long.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  // Longest first, so a whole path goes before the segments inside it.
  return [...new Set([...long, ...decoded])].sort((a, b) => b.length - a.length);
}

const redacted = (text: string, parts: readonly string[]): string => parts.reduce((out, part) => out.split(part).join('[redacted]'), text);

/** `text` with every secret part of each URL replaced by [redacted]: an endpoint's error may echo the request. */
export function withoutUrlSecrets(text: string, ...urls: readonly string[]): string {
  return urls.reduce((out, url) => redacted(out, secretParts(url)), text);
}

/** As withoutUrlSecrets, for a notification endpoint, whose every path segment and query value of 4 or more characters may be the secret. */
export function withoutHookSecrets(text: string, url: string): string {
  return redacted(text, secretParts(url, true));
}

/**
 * `text` with the credentials and query values of every URL in it hidden, its host and path kept (logs, labels). A
 * value already hidden is left as it is: a feed's error names its URL shown, and is shown again ("(not shown) shown)").
 */
export function withUrlsShown(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s"@]*@/gi, '$1(credentials not shown)@')
    .replace(/([?&][^=&\s"#]+=)(?!\(not shown\))[^&\s"#]*[^&\s"#:;,.)]/g, '$1(not shown)');
}
