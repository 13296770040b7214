/**
 * Columns separated by spaces (aligned or single), as a table copied from a page or printed by a script is saved:
 * `Date Open High Low Close Volume` / `2024-01-02 1.5 1.7 1.4 1.6 1000`. Without a comma, semicolon or tab anywhere in
 * its first line, such a file was read as one field per line: its first lines were skipped as banners and a data row
 * was quoted as "the header". The lines come back with tabs between their fields (a date and its time of day become
 * two fields, which the reader joins as it does for a separate time column). Undefined when the file is not that.
 */

/** Fields a line needs to be taken for a row of such a table: a date and four prices. */
const MIN_FIELDS = 5;

export function tabbedIfSpaced(lines: readonly string[]): string[] | undefined {
  const filled = lines.filter((l) => l.trim() !== '');
  // Yahoo's two-word column keeps together.
  const header = (l: string) => l.replace(/\badj\.? close\b/i, 'Adj_Close');
  // The first lines (a header and rows, or rows), up to 5 of them and at least 2: sentences before a CSV file are not a table.
  const spaced = (l: string | undefined) => l !== undefined && !/[,;\t]/.test(l) && header(l).trim().split(/\s+/).length >= MIN_FIELDS;
  if (filled.length < 2 || !filled.slice(0, 5).every(spaced)) return undefined;
  const first = lines.indexOf(filled[0]!);
  return lines.map((l, i) => (i === first ? header(l) : l).trim().replace(/\s+/g, '\t'));
}
