/**
 * Points every http(s) URL in a tree of URLs (strings, arrays, nested objects, as ccxt keeps `urls.api`) at another
 * origin, keeping paths: how tests and operators aim an exchange client at a local fake or a proxy.
 */
export function rebaseUrls(tree: unknown, base: string): unknown {
  const origin = base.replace(/\/+$/, '');
  if (typeof tree === 'string') return tree.replace(/^https?:\/\/[^/]+/i, origin);
  if (Array.isArray(tree)) return tree.map((v) => rebaseUrls(v, base));
  if (tree && typeof tree === 'object') return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, rebaseUrls(v, base)]));
  return tree;
}
