/** "1 row", "13 rows": a count with its noun, as people write it (`many` for irregular plurals). */
export function counted(n: number, one: string, many = `${one}s`, shown = String(n)): string {
  return `${shown} ${n === 1 ? one : many}`;
}
