import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'conclave-empty-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = openStore(join(dir, 'conclave-paper.db'));
store.ensureAccount(10_000, 0, '1970-01-01');
store.close();

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dir }, encoding: 'utf8', timeout: 30_000 });

/** An id or a path from a script's unset variable ("$ID") reaches a command as an empty argument. */
describe('commands given an empty id, symbol or path', () => {
  it.each([
    [['explain', ''], 'verdict id'],
    [['explain', '  '], 'verdict id'],
    [['write-off', '', '--reason', 'delisted'], 'symbol'],
    [['check-data', ''], 'file'],
    [['check-feed', ''], 'URL or file'],
  ])('conclave %j refuses with exit 78, naming what is empty', (args, what) => {
    const r = conclave(args);
    expect(r.status).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`is empty: give the ${what}`);
  });
});
