import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/core/errors.js';
import { openDatabase, openDatabaseReadOnly } from '../../src/store/database.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-ro-'));
  dirs.push(dir);
  const file = join(dir, 'conclave-paper.db');
  openDatabase(file).close();
  return file;
}

/**
 * What `conclave status`, `explain` and `scorecard` open: a store the daemon would refuse is refused here too, with
 * what to do. A damaged store printed a bare "database disk image is malformed", and a store of a newer schema was
 * read as if it were this version's.
 */
describe('opening a store to read it', () => {
  it('refuses a damaged store, saying what to do', () => {
    const file = store();
    const fd = openSync(file, 'r+');
    for (let offset = 4096; offset < statSync(file).size; offset += 4096) writeSync(fd, Buffer.alloc(256, 0xde), 0, 256, offset + 100);
    closeSync(fd);
    expect(() => openDatabase(file)).toThrow(/damaged/);
    const error = (() => {
      try {
        openDatabaseReadOnly(file).close();
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toMatch(/cannot be read.*malformed.*damaged.*restore it from a backup/i);
  });

  it('refuses a store written by a newer conclave', () => {
    const file = store();
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabaseReadOnly(file)).toThrow(/schema version 999.*newer.*[Uu]pgrade conclave/);
  });
});
