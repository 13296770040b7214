import { splitLine } from './csv-fields.js';
import { separatorOf } from './csv-header.js';

/**
 * A header separated by one character and its rows by another: Tongdaxin's (通达信) export writes its header with tabs
 * (`      日期\t    开盘\t    最高\t…`) and its rows with commas (`2000/01/04,0.72,0.84,…`). Split by the header's tab,
 * every row was one field and refused as missing the rest. The header comes back in the rows' separator when the
 * first row is one field by the header's separator and exactly as many fields as the header names by its own.
 * Undefined when the file is not that.
 */
export function headerInRowSeparator(lines: readonly string[], headerAt: number): string[] | undefined {
  const header = lines[headerAt] ?? '';
  const sep = separatorOf(header);
  const names = splitLine(header, sep);
  const row = lines.slice(headerAt + 1).find((l) => l.trim() !== '');
  if (row === undefined || names.length < 2 || splitLine(row, sep).length > 1) return undefined;
  const rowSep = separatorOf(row);
  if (rowSep === sep || splitLine(row, rowSep).length !== names.length) return undefined;
  return lines.map((l, i) => (i === headerAt ? names.map((n) => n.trim()).join(rowSep) : l));
}
