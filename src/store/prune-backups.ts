import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { errorMessage } from '../core/errors.js';

/**
 * `backup --keep N`: an hourly job that never prunes fills its disk (24 copies of the store a day), and a full disk is
 * where the next backup, and perhaps the store, fails. After a copy is in place, only the N newest dated copies of the
 * same store in the folder are kept. A dated name sorts as its UTC time, so the order is the name's; any other file in
 * the folder (another store's copies, a copy named by hand) is left alone.
 */
export function pruneBackups(folder: string, store: string, keep: number): { removed: string[]; failed: string[] } {
  const dated = new RegExp(`^${escape(basename(store).replace(/\.db$/, ''))}-\\d{8}T\\d{6}Z\\.db$`);
  const removed: string[] = [];
  const failed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => dated.test(name)).sort();
  } catch (error) {
    return { removed, failed: [`the list of ${folder} (${errorMessage(error)})`] };
  }
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    try {
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(folder, name + suffix), { force: true });
      removed.push(name);
    } catch (error) {
      failed.push(`${name} (${errorMessage(error)})`);
    }
  }
  return { removed, failed };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
