/** Text from the data (symbols, file names, roles) is the user's: escaped wherever it meets HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * JSON to embed in a <script type="application/json"> element: `<` is written as \u003c so no `</script>` or `<!--`
 * in the data can end the element, and U+2028/U+2029 are escaped for old parsers. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
