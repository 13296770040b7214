import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIVE_CONFIRMATION, loadConfig } from '../../src/config/config.js';
import { envName } from '../../src/config/config-schema.js';
import { configError } from '../helpers/config-error.js';
import { MIN_SCORED_BARS } from '../../src/scanners/model-score.js';
import { scoreSentiment } from '../../src/news/sentiment.js';


describe('loadConfig', () => {
  it('gives the contract defaults', () => {
    const c = loadConfig({ env: {} });
    expect(c).toMatchObject({
      mode: 'paper',
      httpHost: '127.0.0.1',
      httpPort: 0,
      modelScanIntervalMs: 180000,
      newsScanIntervalMs: 300000,
      positionCheckIntervalMs: 60000,
      healthIntervalMs: 30000,
      queueCapacity: 1000,
    });
    expect(c.universe.length).toBeGreaterThanOrEqual(20);
  });

  it('spells environment keys CONCLAVE_UPPER_SNAKE', () => {
    expect(envName('modelScanIntervalMs')).toBe('CONCLAVE_MODEL_SCAN_INTERVAL_MS');
    expect(envName('dataDir')).toBe('CONCLAVE_DATA_DIR');
  });

  it('layers defaults < file < environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ queueCapacity: 50, simSeed: 7 }));
    const c = loadConfig({ configFile: file, env: { CONCLAVE_QUEUE_CAPACITY: '60' } });
    expect(c.queueCapacity).toBe(60);
    expect(c.simSeed).toBe(7);
    expect(loadConfig({ env: { CONCLAVE_CONFIG: file } }).queueCapacity).toBe(50);
  });

  it('names the key, the value and what is allowed for a bad value', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_QUEUE_CAPACITY: '-5' } }));
    expect(e.message).toContain('CONCLAVE_QUEUE_CAPACITY');
    expect(e.message).toContain('-5');
    expect(e.message).toMatch(/Allowed: an integer from 1/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_MODE: 'yolo' } })).message).toMatch(/CONCLAVE_MODE.*"yolo".*"paper" or "live"/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_HTTP_PORT: 'eighty' } })).message).toMatch(/CONCLAVE_HTTP_PORT="eighty" is not a number/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_HTTP_PORT: '70000' } })).message).toMatch(/CONCLAVE_HTTP_PORT/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: '[oops' } })).message).toMatch(/CONCLAVE_UNIVERSE.*JSON/);
    // Which entry and field of a list is wrong, not only what.
    expect(configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: '[{"symbol":"AAA","name":"Acme"},{"symbol":"BBB"}]' } })).message).toMatch(/expected string, received undefined at \[1\]\.name\)/);
    // A symbol in small letters (btc/usdt for the store's BTC/USDT) is told as such, not as a regular expression.
    expect(configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: '[{"symbol":"btc/usdt","name":"Bitcoin"}]' } })).message).toMatch(/\(a symbol is up to 20 capital letters, digits and \. \/ : - starting with a letter or digit \(BTC\/USDT, BRK\.B\), as the market writes it at \[0\]\.symbol\)/);
  });

  it('says what is allowed when an environment value cannot even be read as its type', () => {
    expect(configError(() => loadConfig({ env: { CONCLAVE_HTTP_PORT: 'eighty' } })).message).toMatch(/Allowed: an integer from 0 to 65535 \(0 = off\)/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_STARTING_CASH: '1e400' } })).message).toMatch(/Allowed: a number > 0/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: '[oops' } })).message).toMatch(/Allowed: a JSON array of \{"symbol","name","aliases"\?\}/);
  });

  it('reads an environment number as a number even where the file gave the key a string, and refuses one too large', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ httpPort: '8080' }));
    // The environment wins over the file; it was kept as the string "9090" and blamed for being a string.
    expect(loadConfig({ configFile: file, env: { CONCLAVE_HTTP_PORT: '9090' } }).httpPort).toBe(9090);
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toMatch(/key "httpPort" in .*c\.json = "8080"/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_STARTING_CASH: '1e400' } })).message).toMatch(/CONCLAVE_STARTING_CASH="1e400" is too large a number/);
    // JSON reads 1e400 as Infinity, which JSON writes as null: the message quoted "= null", a value no one wrote.
    writeFileSync(file, '{"positionFraction": 1e400}');
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toBe(
      `Invalid configuration: key "positionFraction" in ${file} = Infinity. Allowed: a number from 0.0001 to 1 (Invalid input: expected number, received Infinity).`,
    );
    writeFileSync(file, '{"chief": {"buyThreshold": -1e400}}');
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toBe(`Invalid configuration: chief.buyThreshold = -Infinity (in key "chief" in ${file}). Allowed: a number in (0, 1].`);
  });

  it('rejects unknown keys in a file and bad files, with a hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ queueCapacty: 5 }));
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toMatch(/Unknown configuration key "queueCapacty".*queueCapacity/);
    // Three edits turn "foo" into "mode": no likely typo, so no hint that would send the reader the wrong way.
    writeFileSync(file, JSON.stringify({ foo: 1 }));
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toBe(`Unknown configuration key "foo" in ${file}.`);
    // An environment name in a file was "unknown", with no hint of the file key.
    writeFileSync(file, '{"CONCLAVE_HTTP_PORT": 8080}');
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toBe(
      `Unknown configuration key "CONCLAVE_HTTP_PORT" in ${file}: that is the environment variable's name; a file uses the file key "httpPort".`,
    );
    writeFileSync(file, '{ not json');
    expect(configError(() => loadConfig({ configFile: file, env: {} })).message).toMatch(/not valid JSON/);
    expect(configError(() => loadConfig({ configFile: join(dir, 'missing.json'), env: {} })).message).toMatch(/Cannot read/);
  });

  it('warns about unknown CONCLAVE_ variables instead of ignoring them silently', () => {
    const warnings: string[] = [];
    loadConfig({ env: { CONCLAVE_QUEUE_CAPACITI: '5' }, warn: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/CONCLAVE_QUEUE_CAPACITI.*CONCLAVE_QUEUE_CAPACITY/);
    // As in a file, FOO is no typo of MODE: the shared CONCLAVE_ prefix made it look like one.
    loadConfig({ env: { CONCLAVE_FOO: '1' }, warn: (m) => warnings.push(m) });
    expect(warnings[1]).toBe('Ignoring unknown environment variable CONCLAVE_FOO.');
    // Two neighbours swapped are one slip: MOED had no hint, for MODE of all settings.
    loadConfig({ env: { CONCLAVE_MOED: 'live' }, warn: (m) => warnings.push(m) });
    expect(warnings[2]).toBe('Ignoring unknown environment variable CONCLAVE_MOED. Did you mean CONCLAVE_MODE?');
    // Names are case-sensitive: a lower-case one in an env file was skipped without a word, its setting left at the default.
    const cased: string[] = [];
    const config = loadConfig({ env: { conclave_http_port: '8080', Conclave_Fooo: '1', CONCLAVEX: '1', OTHER: '1' }, warn: (m) => cased.push(m) });
    expect(config.httpPort).toBe(0);
    expect(cased).toEqual([
      'Ignoring environment variable conclave_http_port: conclave reads upper-case names only; write it as CONCLAVE_HTTP_PORT.',
      'Ignoring environment variable Conclave_Fooo: conclave reads upper-case names only.',
    ]);
    // The README's variable for the page tests' browser is not a typo of a key: it was warned of at every start.
    const quiet: string[] = [];
    loadConfig({ env: { CONCLAVE_CHROMIUM: '/usr/bin/chromium' }, warn: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
  });

  it('never starts live trading without the explicit confirmation', () => {
    expect(configError(() => loadConfig({ env: { CONCLAVE_MODE: 'live' } })).message).toMatch(/^Live trading was requested \(mode=live\) without confirmation\. Set CONCLAVE_LIVE_CONFIRM/);
    // A phrase set but not exact was told as if none had been set: the operator, sure of having set it, looked elsewhere.
    for (const [near, said] of [
      [LIVE_CONFIRMATION.toLowerCase(), 'yours has 35 characters, the phrase 35: character 1 differs'],
      [`${LIVE_CONFIRMATION} `, 'yours has 36 characters, the phrase 35'],
    ] as const) {
      const error = configError(() => loadConfig({ env: { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: near } }));
      expect(error.key).toBe('liveConfirm');
      expect(error.message).toContain(
        `without confirmation: liveConfirm is set, but not to the exact phrase (${said}; case, spaces and punctuation count). Set CONCLAVE_LIVE_CONFIRM="${LIVE_CONFIRMATION}"`,
      );
    }
    const confirmed = { CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: LIVE_CONFIRMATION };
    expect(configError(() => loadConfig({ env: confirmed })).message).toMatch(/exchangeApiKey and exchangeSecret; exchangeApiKey is not set \(set CONCLAVE_EXCHANGE_API_KEY\)/);
    // A key without its secret asks for the secret, not for the key that is there.
    const keyOnly = configError(() => loadConfig({ env: { ...confirmed, CONCLAVE_EXCHANGE_API_KEY: 'k' } }));
    expect(keyOnly.key).toBe('exchangeSecret');
    expect(keyOnly.message).toMatch(/exchangeSecret is not set \(set CONCLAVE_EXCHANGE_SECRET\)/);
    expect(loadConfig({ env: { ...confirmed, CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' } }).mode).toBe('live');
  });

  it('checks settings that only make sense together', () => {
    expect(configError(() => loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'replay' } })).message).toMatch(/CONCLAVE_REPLAY_FILES/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_NEWS_SOURCE: 'feed' } })).message).toMatch(/CONCLAVE_NEWS_FEEDS/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_NEWS_FEEDS: '["file:///etc/passwd"]' } })).message).toMatch(/CONCLAVE_NEWS_FEEDS/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_LLM_ROLES: '["bull"]' } })).message).toMatch(/CONCLAVE_LLM_URL/);
    expect(configError(() => loadConfig({ env: { CONCLAVE_LLM_ROLES: '["banker"]' } })).message).toMatch(/CONCLAVE_LLM_ROLES/);
  });

  it('refuses a data dir that is a file, naming the key', () => {
    expect(() => loadConfig({ env: { CONCLAVE_DATA_DIR: '/etc/passwd' } })).toThrow(/dataDir = "\/etc\/passwd" is a file, not a folder: point CONCLAVE_DATA_DIR at a folder/);
  });

  it('refuses a data dir holding "~" or $VAR, which only a shell expands, naming the key and the folder it would have made', () => {
    // CONCLAVE_DATA_DIR='~/conclave' (an env file, .env, Docker) made a folder named "~" in the working directory and
    // began a new account there; the next start from another directory began another.
    for (const [dir, held] of [['~/conclave', '"~"'], ['~', '"~"'], ['$HOME/conclave', '$HOME'], ['${STATE_DIRECTORY}/db', '${STATE_DIRECTORY}']] as const) {
      const e = configError(() => loadConfig({ env: { CONCLAVE_DATA_DIR: dir } }));
      expect(e.key).toBe('dataDir');
      expect(e.message).toBe(`Invalid configuration: CONCLAVE_DATA_DIR = ${JSON.stringify(dir)} holds ${held}, which only a shell expands (a configuration file, an env file, .env, Docker and systemd do not): the store would go into a new folder of that name under ${process.cwd()}. Write the full path there.`);
    }
    // Keys every object has are no configuration keys: they were taken silently (and __proto__ swapped the prototype).
    for (const key of ['constructor', 'toString', '__proto__']) {
      const keyFile = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'keys.json');
      writeFileSync(keyFile, `{"${key}":{"mode":"live"}}`);
      expect(configError(() => loadConfig({ env: {}, configFile: keyFile })).message).toBe(`Unknown configuration key "${key}" in ${keyFile}.`);
    }
    // Set in a configuration file: named there (it was told to be written in CONCLAVE_DATA_DIR).
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-config-')), 'my.json');
    writeFileSync(file, JSON.stringify({ dataDir: '~/conclave' }));
    expect(configError(() => loadConfig({ env: {}, configFile: file })).message).toMatch(new RegExp(`^Invalid configuration: key "dataDir" in ${file.replace(/[.]/g, '\\.')} = "~/conclave" holds "~", .* Write the full path there\\.$`));
    // A tilde inside a name is a name.
    expect(loadConfig({ env: { CONCLAVE_DATA_DIR: '/var/lib/conclave~old' } }).dataDir).toBe('/var/lib/conclave~old');
  });

  it("refuses a replay file's symbol the backtest would refuse (spaces, a semicolon, a control character, empty), naming the entry", () => {
    // The daemon replayed "A B;\u0000x" as a symbol, onto its orders and the store; the backtest refuses it in SYMBOL=path.
    for (const symbol of ['A B;', 'A\u0000B', '', '-X']) {
      const e = configError(() => loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: JSON.stringify([{ file: 'a.csv', symbol }]) } }));
      expect(e.key).toBe('replayFiles');
      expect(e.message).toContain('a symbol is up to 40 Latin letters (A-Z, a-z), digits and . _ / : - starting with a letter or digit (BTC/USDT, EURUSD, BRK.B) at [0].symbol');
    }
    expect(loadConfig({ env: { CONCLAVE_REPLAY_FILES: JSON.stringify([{ file: 'a.csv', symbol: 'BTC/USDT' }, { file: 'b.csv', symbol: 'brk.b' }]) } }).replayFiles).toHaveLength(2);
  });

  it('refuses a simulated bar longer than an hour, naming the key and the range: 1e13 ms made NaN prices and failed discussions', () => {
    const error = configError(() => loadConfig({ env: { CONCLAVE_SIM_BAR_MS: '1e13' } }));
    expect(error.key).toBe('simBarMs');
    expect(error.message).toBe('Invalid configuration: CONCLAVE_SIM_BAR_MS = 10000000000000. Allowed: an integer from 1000 to 3600000 (1 s to 1 h) (Too big: expected number to be <=3600000).');
    expect(configError(() => loadConfig({ env: { CONCLAVE_SIM_BAR_MS: String(86_400_000) } })).key).toBe('simBarMs');
    expect(loadConfig({ env: { CONCLAVE_SIM_BAR_MS: '3600000' } }).simBarMs).toBe(3_600_000);
  });

  it('refuses fewer scanned bars than the model scores on, saying why: 30 to 50 were accepted and no symbol was ever scored', () => {
    const error = configError(() => loadConfig({ env: { CONCLAVE_SCAN_BARS: '50' } }));
    expect(error.key).toBe('scanBars');
    expect(error.message).toBe('Invalid configuration: CONCLAVE_SCAN_BARS = 50. Allowed: an integer from 51 to 5000 (the model scores the last 51 closes) (Too small: expected number to be >=51).');
    expect(loadConfig({ env: { CONCLAVE_SCAN_BARS: String(MIN_SCORED_BARS) } }).scanBars).toBe(51);
  });

  it('refuses a minimum news sentiment of 1, which no score reaches (no news was ever published, unsaid)', () => {
    const error = configError(() => loadConfig({ env: { CONCLAVE_NEWS_MIN_SENTIMENT: '1' } }));
    expect(error.key).toBe('newsMinSentiment');
    expect(error.message).toMatch(/^Invalid configuration: CONCLAVE_NEWS_MIN_SENTIMENT = 1\. Allowed: a number ≥ 0 and < 1 \(a sentiment score never reaches 1\)/);
    // The strongest text scores below 1: twenty strong words in a row.
    const strongest = scoreSentiment(Array.from({ length: 20 }, () => 'Oracle soars, beats estimates, record profit.').join(' ')).score;
    expect(strongest).toBeGreaterThan(0.99);
    expect(strongest).toBeLessThan(1);
    expect(loadConfig({ env: { CONCLAVE_NEWS_MIN_SENTIMENT: String(strongest) } }).newsMinSentiment).toBe(strongest);
  });

  it('refuses a starting cash above a trillion, naming the key and the range: at 1.7e308 every size overflowed', () => {
    const error = configError(() => loadConfig({ env: { CONCLAVE_STARTING_CASH: '1.7e308' } }));
    expect(error.key).toBe('startingCash');
    expect(error.message).toMatch(/^Invalid configuration: CONCLAVE_STARTING_CASH = 1\.7e\+308\. Allowed: a number > 0 and ≤ 1000000000000 /);
    expect(loadConfig({ env: { CONCLAVE_STARTING_CASH: '1e12' } }).startingCash).toBe(1e12);
  });

  it('refuses a circuit cool-down over an hour, naming the key and the range: a market circuit open for days leaves positions unpriced', () => {
    const error = configError(() => loadConfig({ env: { CONCLAVE_BREAKER_COOLDOWN_MS: '1000000000' } }));
    expect(error.key).toBe('breakerCooldownMs');
    expect(error.message).toMatch(/^Invalid configuration: CONCLAVE_BREAKER_COOLDOWN_MS = 1000000000\. Allowed: an integer from 100 to 3600000 /);
    expect(loadConfig({ env: { CONCLAVE_BREAKER_COOLDOWN_MS: '3600000' } }).breakerCooldownMs).toBe(3_600_000);
  });

  it("tells a huge integer against the key's own bounds, not the safe-integer range zod checks first", () => {
    const message = configError(() => loadConfig({ env: { CONCLAVE_QUEUE_CAPACITY: '99999999999999999999' } })).message;
    expect(message).toContain('Allowed: an integer from 1 to 1000000 (Too big: expected number to be <=1000000)');
    expect(message).not.toContain('9007199254740991');
  });

  it('refuses a data dir whose path passes through a file, naming the file, and so do the commands (exit 78)', () => {
    // No start can make /etc/passwd/data: status said the daemon had not run there yet (exit 1), halt to check the
    // data dir's permissions (exit 1), the daemon that the data directory must be writable.
    expect(() => loadConfig({ env: { CONCLAVE_DATA_DIR: '/etc/passwd/data/conclave' } })).toThrow(
      'Invalid configuration: dataDir = "/etc/passwd/data/conclave" passes through /etc/passwd, which is a file, not a folder: point CONCLAVE_DATA_DIR at a folder (it is created if missing).',
    );
    for (const command of ['status', 'halt']) {
      const r = spawnSync(process.execPath, ['bin/conclave.js', command], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: '/etc/passwd/data' } });
      expect(r.stderr).toContain('passes through /etc/passwd, which is a file, not a folder');
      expect(r.status).toBe(78);
    }
  });
});
