import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

/** The real command, from a folder of its own (no .env of the repository's), with only PATH inherited. */
function conclave(args: string[], env: Record<string, string> = {}, cwd = mkdtempSync(join(tmpdir(), 'conclave-config-'))) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/conclave.js'), ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, cwd };
}

describe('conclave config: the settings checked before a restart', () => {
  it('prints what the environment file, the configuration file and the environment set, each with where it came from, never a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    writeFileSync(join(dir, 'conclave.env'), 'CONCLAVE_HTTP_PORT=8080\nCONCLAVE_HTTP_TOKEN=s3cret-token-value\n');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ feeBps: 2 }));
    const r = conclave(['--environment-file', 'conclave.env', 'config', '--config', 'settings.json'], { CONCLAVE_DATA_DIR: '/var/lib/conclave' }, dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('valid: conclave start would run in paper mode on the store /var/lib/conclave/conclave-paper.db');
    expect(lines[1]).toMatch(/^4 set, \d+ at their defaults \(--all lists every key\):$/);
    expect(lines.slice(2, 6).map((l) => l.trim().split(/\s+/))).toEqual([
      ['dataDir', '"/var/lib/conclave"', '[CONCLAVE_DATA_DIR]'],
      ['httpPort', '8080', '[CONCLAVE_HTTP_PORT,', 'in', `${join(dir, 'conclave.env')}]`],
      ['httpToken', '(set,', 'not', 'shown)', '[CONCLAVE_HTTP_TOKEN,', 'in', `${join(dir, 'conclave.env')}]`],
      ['feeBps', '2', '[key', '"feeBps"', 'in', `${join(dir, 'settings.json')}]`],
    ]);
    expect(lines.at(-1)).toMatch(/^Checked at start only: the exchange/);
    expect(r.out + r.err).not.toContain('s3cret');
  });

  it('shows the options of a nested setting that differ from their defaults, not the whole merged object', () => {
    // The README's my.json: it printed chief's twelve options and the agents' thirty-odd, takeProfit and fast among them.
    const dir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    writeFileSync(join(dir, 'my.json'), JSON.stringify({ httpPort: 8080, chief: { takeProfit: true }, agents: { bull: { fast: 10 } } }));
    const r = conclave(['config', '--config', 'my.json'], { CONCLAVE_DATA_DIR: dir, CONCLAVE_AGENTS: '{"bull":{"fast":10},"riskDoctor":{"atrStopMultiple":3}}' }, dir);
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split('\n').slice(2, -1).map((l) => l.trim().split(/\s+/).slice(0, 2));
    expect(rows).toEqual([['dataDir', JSON.stringify(dir)], ['httpPort', '8080'], ['chief.takeProfit', 'true'], ['agents.bull.fast', '10'], ['agents.riskDoctor.atrStopMultiple', '3']]);
    expect(r.out.replace(/ +/g, ' ')).toContain(`chief.takeProfit true [key "chief" in ${join(dir, 'my.json')}]`);
    // Set to its defaults: said so; --all and --json keep the whole value.
    expect(conclave(['config'], { CONCLAVE_DATA_DIR: dir, CONCLAVE_CHIEF: '{}' }).out).toMatch(/^ {2}chief +\(every option at its default\) +\[CONCLAVE_CHIEF\]$/m);
    expect(conclave(['config', '--all'], { CONCLAVE_DATA_DIR: dir }).out).toMatch(/^ {2}chief +\{"quorum":3,/m);
    const json = JSON.parse(conclave(['config', '--json', '--config', 'my.json'], { CONCLAVE_DATA_DIR: dir }, dir).out) as { settings: { key: string; value: { quorum?: number } }[] };
    expect(json.settings.find((e) => e.key === 'chief')?.value.quorum).toBe(3);
  });

  it('says the testnet where live mode says live: conclave config, and conclave status on its own store', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    const env = { CONCLAVE_DATA_DIR: dataDir, CONCLAVE_MODE: 'live', CONCLAVE_EXCHANGE_TESTNET: 'true', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' };
    const r = conclave(['config'], env);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toBe(`valid: conclave start would run in testnet mode on the store ${join(dataDir, 'conclave-testnet.db')} (TESTNET: live on the exchange’s testnet, play money)`);
    expect(JSON.parse(conclave(['config', '--json'], env).out)).toMatchObject({ mode: 'testnet', store: join(dataDir, 'conclave-testnet.db') });
    // Before a testnet daemon has run: its own store is named, not the live one.
    expect(conclave(['status'], env).err).toContain(`no store at ${join(dataDir, 'conclave-testnet.db')}: the daemon has not run in testnet mode`);
    // Beside a live store, which the testnet does not read as its own.
    const live = conclave(['config'], Object.assign({}, env, { CONCLAVE_EXCHANGE_TESTNET: 'false', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money' }));
    expect(live.out.split('\n')[0]).toMatch(/conclave-live\.db \(LIVE: real money\)$/);
  });

  it('exits 78 naming the key and where it was set when a value is invalid, printing no settings', () => {
    const r = conclave(['config'], { CONCLAVE_MODEL_SCAN_INTERVAL_MS: '5' });
    expect(r.code).toBe(78);
    expect(r.out).toBe('');
    expect(r.err).toBe('conclave: Invalid configuration: CONCLAVE_MODEL_SCAN_INTERVAL_MS = 5. Allowed: an integer ≥ 100 (Too small: expected number to be >=100).\n');
    // With --json, what a script reads (`| jq .valid` read nothing): the same message, the same exit code.
    const json = conclave(['config', '--json'], { CONCLAVE_MODEL_SCAN_INTERVAL_MS: '5' });
    expect(json.code).toBe(78);
    expect(JSON.parse(json.out)).toEqual({ valid: false, key: 'modelScanIntervalMs', error: 'Invalid configuration: CONCLAVE_MODEL_SCAN_INTERVAL_MS = 5. Allowed: an integer ≥ 100 (Too small: expected number to be >=100).' });
    expect(json.err).toBe(r.err);
    // The env file it reads, too (it printed nothing).
    const envFile = conclave(['--environment-file', '/nonexistent/conclave.env', 'config', '--json'], {});
    expect(envFile.code).toBe(78);
    expect(JSON.parse(envFile.out)).toMatchObject({ valid: false, error: expect.stringContaining('Cannot read the environment file /nonexistent/conclave.env: it does not exist') });
    // A rule between keys, as the daemon's start applies it.
    const live = conclave(['config'], { CONCLAVE_MODE: 'live' });
    expect(live.code).toBe(78);
    expect(live.err).toMatch(/^conclave: Live trading was requested \(mode=live\) without confirmation/);
    // The exchange's name, which the daemon checks only at start.
    const exchange = conclave(['config'], { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_EXCHANGE: 'binanze' });
    expect(exchange.code).toBe(78);
    expect(exchange.err).toBe('conclave: ccxtExchange "binanze" is not an exchange ccxt knows (e.g. binance, kraken, coinbase)\n');
    // An exchange live mode does not support, said before a restart would stop on it.
    const bybit = conclave(['config'], { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]', CONCLAVE_CCXT_EXCHANGE: 'bybit' });
    expect(bybit.code).toBe(78);
    expect(bybit.out).toBe('');
    expect(bybit.err).toMatch(/^conclave: Invalid configuration: ccxtExchange "bybit" is not supported for mode=live: .*Live mode supports binance, binanceus, kraken/);
  });

  it('lists every key with --all and prints JSON with --json; a likely typo is warned of', () => {
    const keys = Object.keys(JSON.parse(readFileSync(resolve(ROOT, 'config/default.json'), 'utf8')) as object);
    const all = conclave(['config', '--all']);
    expect(all.code).toBe(0);
    expect(all.out.split('\n')[1]).toBe(`${keys.length} keys (${keys.length} at their defaults):`);
    expect(all.out.match(/\[default\]$/gm)).toHaveLength(keys.length);
    const json = conclave(['config', '--json'], { CONCLAVE_MOD: 'live', CONCLAVE_FEE_BPS: '3' });
    expect(json.code).toBe(0);
    expect(json.err).toBe('conclave: Ignoring unknown environment variable CONCLAVE_MOD. Did you mean CONCLAVE_MODE?\n');
    expect(JSON.parse(json.out)).toEqual({
      valid: true,
      mode: 'paper',
      store: join(json.cwd, 'data', 'conclave-paper.db'),
      settings: [{ key: 'feeBps', env: 'CONCLAVE_FEE_BPS', value: 3, from: 'CONCLAVE_FEE_BPS' }],
    });
  });
});
