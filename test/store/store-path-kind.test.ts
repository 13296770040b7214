import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { openDatabase, openDatabaseReadOnly } from '../../src/store/database.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A store path that is no file: a directory was refused as "unable to open database file, check that the data
 * directory is writable" (it was), and a FIFO as an empty store "truncated by a full disk" (it was not).
 */
describe('a store path that is not a file', () => {
  it.each([
    ['a directory', (file: string) => mkdirSync(file)],
    ['a named pipe (FIFO)', (file: string) => execFileSync('mkfifo', [file])],
  ])('is refused as %s, for the daemon (exit 78) and for the commands that read it', (what, make) => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-store-path-'));
    dirs.push(dir);
    const file = join(dir, 'conclave-paper.db');
    make(file);
    const said = new RegExp(`^The store ${file.replace(/[.()]/g, '\\$&')} is ${what.replace(/[()]/g, '\\$&')}, not a SQLite file\\. Move it away.*CONCLAVE_DATA_DIR`);
    expect(() => openDatabase(file)).toThrow(ConfigError);
    expect(() => openDatabase(file)).toThrow(said);
    expect(() => openDatabaseReadOnly(file)).toThrow(said);
  });
});
