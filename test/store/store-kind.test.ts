import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { FatalAlarm } from '../../src/core/fatal-alarm.js';
import { createLogger } from '../../src/core/logger.js';
import { withChanges } from '../../src/core/with-changes.js';
import { buildStorage } from '../../src/kernel/build-storage.js';
import { storeFile } from '../../src/kernel/kernel-paths.js';
import { openStore } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-kind-'));
  dirs.push(dir);
  return dir;
};
const clock = new VirtualClock(Date.UTC(2026, 0, 5));
const deps = () => ({ clock, logger: createLogger({ level: 'silent', clock }), fatal: new FatalAlarm() });
const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
};

/** A daemon carries on only an account of its own kind: a store made by paper, live or a backtest says so. */
describe('the kind of account a store holds', () => {
  it('refuses a paper store copied to the live file, and the live file stays as it was', () => {
    const dir = folder();
    const paper = withChanges(loadConfig({ env: { CONCLAVE_LOG_LEVEL: 'silent' } }), { dataDir: dir });
    const storage = buildStorage(paper, deps());
    storage.store.ensureAccount(100_000, clock.now(), '2026-01-05');
    storage.close();
    const live = withChanges(paper, { mode: 'live' as const });
    copyFileSync(storeFile(paper), storeFile(live));

    const error = caught(() => buildStorage(live, deps()));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/holds the account of a paper daemon, and a live daemon does not carry on.*move the file away to start a new live account/);
    // Read as it is, the copy still holds the paper account: nothing was written to it.
    const store = openStore(storeFile(live), { readonly: true });
    expect(store.account().cash).toBe(100_000);
    store.close();
    // The paper daemon still opens its own.
    buildStorage(paper, deps()).close();
  });

  it('refuses a backtest’s store to a paper daemon pointed at the run’s folder', () => {
    const dir = folder();
    const config = withChanges(loadConfig({ env: { CONCLAVE_LOG_LEVEL: 'silent' } }), { dataDir: dir });
    buildStorage(config, { ...deps(), kind: 'backtest' }).close();
    expect(() => buildStorage(config, deps())).toThrow(/holds the account of a backtest, and a paper daemon does not/);
  });

  it('tags a store made before the tag with the kind of the first daemon that opens it', () => {
    const file = join(folder(), 'conclave-paper.db');
    const untagged = openStore(file);
    untagged.db.exec(`DELETE FROM store_meta`);
    untagged.close();
    openStore(file, { kind: 'paper' }).close();
    expect(() => openStore(file, { kind: 'live' })).toThrow(ConfigError);
  });
});
