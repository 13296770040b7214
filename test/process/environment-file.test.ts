import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

const SECRET = 's3cret-never-shown-9f2c';
const runuser = spawnSync('runuser', ['--help']).status === 0;

function conclave(args: string[], env: Record<string, string> = {}, asUser?: string) {
  const command = [process.execPath, resolve('bin/conclave.js'), ...args];
  const r = asUser
    ? spawnSync('runuser', ['-u', asUser, '--', ...command], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 })
    : spawnSync(command[0]!, command.slice(1), { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
  // No run may show a secret of the file, whatever it says.
  expect(r.stdout + r.stderr).not.toContain(SECRET);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A data dir holding a store of `mode`, with its account: what a daemon leaves behind. */
function storeIn(dir: string, mode: 'paper' | 'live', cash: number): string {
  mkdirSync(dir, { recursive: true });
  const store = openStore(join(dir, `conclave-${mode}.db`));
  store.ensureAccount(cash, Date.UTC(2026, 0, 5), '2026-01-05');
  store.close();
  return dir;
}

/** The service's env file of a live account (deploy/conclave.env.example's keys), without CONCLAVE_DATA_DIR. */
function liveEnvFile(dir: string, extra = ''): string {
  const file = join(dir, 'conclave.env');
  writeFileSync(
    file,
    [
      '# the operator\'s settings',
      'CONCLAVE_MODE=live',
      'CONCLAVE_MARKET_SOURCE=ccxt',
      'CONCLAVE_UNIVERSE=[{"symbol":"BTC/USDT","name":"Bitcoin"}]',
      'CONCLAVE_LIVE_CONFIRM="I understand this trades real money"',
      'CONCLAVE_EXCHANGE_API_KEY=key-123',
      `CONCLAVE_EXCHANGE_SECRET=${SECRET}`,
      extra,
    ].join('\n'),
  );
  return file;
}

describe('--environment-file: the daemon\'s env file for the commands an operator runs beside it', () => {
  it('reads the keys it holds: status shows the live account, not the paper store beside it', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const dataDir = storeIn(join(root, 'data'), 'live', 250_000);
    storeIn(dataDir, 'paper', 100_000);
    const file = liveEnvFile(root);
    // The deploy README's command before: CONCLAVE_DATA_DIR alone read the paper store, and said nothing of live.
    const without = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
    expect(JSON.parse(without.out)).toMatchObject({ mode: 'paper', startingCash: 100_000 });
    for (const args of [['--environment-file', file, 'status', '--json'], ['status', '--json', `--environment-file=${file}`]]) {
      const r = conclave(args, { CONCLAVE_DATA_DIR: dataDir });
      expect(r.code, args.join(' ')).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ mode: 'live', startingCash: 250_000 });
    }
    // halt acts on the same store.
    const halt = conclave(['--environment-file', file, 'halt', '--reason', 'maintenance'], { CONCLAVE_DATA_DIR: dataDir });
    expect(halt.code).toBe(0);
    expect(halt.out).toMatch(/^halted: no new entries/);
    expect(existsSync(join(dataDir, 'HALT'))).toBe(true);
  });

  it('fills in only keys the environment does not set: the command line\'s CONCLAVE_DATA_DIR wins over the file\'s', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const unit = storeIn(join(root, 'unit'), 'live', 250_000);
    const file = liveEnvFile(root, `CONCLAVE_DATA_DIR=${join(root, 'from-file')}`);
    const r = conclave(['--environment-file', file, 'status', '--json'], { CONCLAVE_DATA_DIR: unit });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mode: 'live', startingCash: 250_000 });
    // The environment's mode also wins over the file's.
    const paper = conclave(['--environment-file', file, 'status'], { CONCLAVE_DATA_DIR: unit, CONCLAVE_MODE: 'paper' });
    expect(paper.code).toBe(1);
    expect(paper.err).toContain(`no store at ${join(unit, 'conclave-paper.db')}: the daemon has not run in paper mode`);
    // Without it in the environment, the file's is taken.
    const fromFile = conclave(['--environment-file', file, 'status']);
    expect(fromFile.err).toContain(`no store at ${join(root, 'from-file', 'conclave-live.db')}`);
  });

  it('a file that is missing or not a file exits 78 naming it, for every command and for npm start', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const missing = join(root, 'nope.env');
    for (const args of [['--environment-file', missing, 'status'], ['halt', '--environment-file', missing], ['check-feed', '--environment-file', missing, 'x.xml']]) {
      const r = conclave(args, { CONCLAVE_DATA_DIR: join(root, 'data') });
      expect(r.code, args.join(' ')).toBe(78);
      expect(r.err).toBe(`conclave: Cannot read the environment file ${missing}: it does not exist. Check the path (the systemd unit's is /etc/conclave/conclave.env).\n`);
    }
    // Nothing was done without the configuration: no HALT file in the data dir the command would have used.
    expect(existsSync(join(root, 'data', 'HALT'))).toBe(false);
    const folder = conclave(['--environment-file', root, 'resume']);
    expect(folder.code).toBe(78);
    expect(folder.err).toContain(`Cannot read the environment file ${root}: it is a folder`);
    const start = spawnSync(process.execPath, ['dist/src/main.js', '--environment-file', missing], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
    expect(start.status).toBe(78);
    expect(start.stderr).toContain(`Cannot read the environment file ${missing}: it does not exist`);
  });

  it('a CONCLAVE_ line without "=" exits 78 naming its line and key, where it was skipped and the command read the paper store', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const dataDir = storeIn(join(root, 'data'), 'live', 250_000);
    storeIn(dataDir, 'paper', 100_000);
    const file = join(root, 'conclave.env');
    writeFileSync(file, `# settings\nOTHER_TOOL value without equals\nCONCLAVE_MODE live\nCONCLAVE_EXCHANGE_SECRET=${SECRET}\n`);
    const r = conclave(['--environment-file', file, 'status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
    expect(r.err).toBe(`conclave: The environment file ${file}, line 3: CONCLAVE_MODE has no "=" and would be skipped; write it as CONCLAVE_MODE=VALUE.\n`);
    expect(r.code).toBe(78);
    expect(r.out).toBe('');
    // Written with "=" (or dotenv's "KEY: value"), the same file reads the live account.
    writeFileSync(file, `# settings\nOTHER_TOOL value without equals\nexport CONCLAVE_MODE=live\nCONCLAVE_MARKET_SOURCE=ccxt\nCONCLAVE_UNIVERSE=[{"symbol":"BTC/USDT","name":"Bitcoin"}]\nCONCLAVE_LIVE_CONFIRM: "I understand this trades real money"\nCONCLAVE_EXCHANGE_API_KEY=key-123\nCONCLAVE_EXCHANGE_SECRET=${SECRET}\n`);
    const fixed = conclave(['--environment-file', file, 'status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
    expect(fixed.code, fixed.err).toBe(0);
    expect(JSON.parse(fixed.out)).toMatchObject({ mode: 'live', startingCash: 250_000 });
  });

  it('a file larger than any environment file (a log named by mistake, /dev/zero) exits 78 without reading it all', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const big = join(root, 'big.env');
    writeFileSync(big, '');
    truncateSync(big, 2 << 20);
    for (const file of [big, '/dev/zero']) {
      const r = conclave(['--environment-file', file, 'status'], { CONCLAVE_DATA_DIR: join(root, 'data') });
      expect(r.err).toBe(`conclave: Cannot read the environment file ${file}: it holds more than 1048576 bytes, not an environment file's KEY=VALUE lines. Check the path.\n`);
      expect(r.code).toBe(78);
    }
  });

  // Root reads any file: the refusal is seen as another user (root with runuser), or as the user running the tests.
  it.runIf(process.getuid?.() !== 0 || runuser)('a file the user may not read exits 78 with its mode and owners and what to do, its secrets unshown', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    chmodSync(root, 0o755);
    const file = liveEnvFile(root);
    chmodSync(file, process.getuid?.() === 0 ? 0o640 : 0o000);
    const r = conclave(['--environment-file', file, 'status'], {}, process.getuid?.() === 0 ? 'nobody' : undefined);
    expect(r.code).toBe(78);
    expect(r.err).toMatch(new RegExp(`^conclave: Cannot read the environment file ${file}: permission denied: the file is 0[06][04]0 \\w+:\\w+ and this command runs as \\w+\\. Run the command as a user who may read it`));
  });

  it('--env-file, which node 20 takes as its own, is answered with the option to write', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-envfile-'));
    const file = liveEnvFile(root);
    const r = conclave(['--env-file', file, 'status']);
    expect(r.code).toBe(78);
    expect(r.err).toContain('write --environment-file FILE');
  });
});
