import { existsSync, statSync } from 'node:fs';
import { FileTooLargeError, readCappedFile } from '../core/capped-file.js';
import { dirname, join, resolve } from 'node:path';
import { loadDotEnv } from './env-file.js';
import { duplicateKeys } from './duplicate-keys.js';
import { ConfigError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { CONFIG_KEYS, FIELDS, envName, isSecretKey, type Config, type ConfigKey } from './config-schema.js';
import { applyCrossKeyRules, checkDurationPairs } from './config-rules.js';
import { jsonErrorPosition, jsonFaultHint } from './json-error-position.js';
import { nestedProblem } from './nested-problem.js';
import { quotedValue } from './shown-value.js';
import { LIVE_CONFIRMATION } from './live-confirmation.js';
import { tellingIssue } from './telling-issue.js';
import { settingsText } from './settings-text.js';

export type { Config } from './config-schema.js';

/**
 * The environment variables that are not configuration keys: CONCLAVE_CONFIG steers loading; CONCLAVE_CHROMIUM is the
 * page tests' browser (README), which a developer exports in the shell that also runs the daemon.
 */
const META_ENV = new Set(['CONCLAVE_CONFIG', 'CONCLAVE_CHROMIUM']);

export interface LoadOptions {
  /** A file named by --config (wins over CONCLAVE_CONFIG). */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Load `.env` from the working directory into `env` (only keys not already set). */
  dotenv?: boolean;
  /** Reports unknown CONCLAVE_* variables (likely typos) without failing. */
  warn?: (message: string) => void;
  /** Filled with where each key's value came from, for the keys a file or the environment set (`conclave config`). */
  origins?: Map<ConfigKey, string>;
}

export const defaultConfigPath = (): string => join(packageRoot(), 'config', 'default.json');

/** The largest configuration file read (a log or /dev/zero named by mistake took a gigabyte, or never ended). */
const CONFIG_FILE_MAX_BYTES = 16 << 20;

function readJson(path: string, what: string): Record<string, unknown> {
  let bytes: Buffer;
  try {
    bytes = readCappedFile(path, CONFIG_FILE_MAX_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new ConfigError(`${what} ${path} holds more than ${CONFIG_FILE_MAX_BYTES} bytes, more than any configuration (a universe of 5000 symbols is under 1 MB): check the path.`);
    throw new ConfigError(`Cannot read ${what} ${path}: ${(error as Error).message}. Check the path.`);
  }
  const text = settingsText(bytes, what, path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error, which may be a secret: keep its words, drop the quote.
    const reason = (error as Error).message.replace(/(\.\.\.)?"[^]*"(\.\.\.)?/g, '(text not shown)');
    const at = jsonErrorPosition(text);
    const hint = jsonFaultHint(text, at?.index ?? text.length);
    throw new ConfigError(`${what} ${path} is not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${hint || reason}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${what} ${path} must hold a JSON object of configuration keys.`);
  }
  const twice = duplicateKeys(text)[0];
  if (twice) {
    throw new ConfigError(`${what} ${path}: key ${twice.path} is given twice (${twice.firstLine === twice.line ? `both on line ${twice.line}` : `lines ${twice.firstLine} and ${twice.line}`}); JSON would keep the second silently: remove one.`, twice.path);
  }
  return value as Record<string, unknown>;
}

/**
 * A key's default (config/default.json, validated): what the daemon uses when nothing sets the key, for a command that
 * falls back to it without a configuration (check-feed's limits).
 */
export function configDefault<K extends ConfigKey>(key: K): Config[K] {
  const result = FIELDS[key].schema.safeParse(readJson(defaultConfigPath(), 'the defaults file')[key]);
  if (!result.success) throw new ConfigError(`Configuration key "${key}" of config/default.json is missing or invalid. Allowed: ${FIELDS[key].allowed}.`, key);
  return result.data as Config[K];
}

/** Turns an environment string into the JSON type the key's default has. */
function coerceEnv(raw: string, sample: unknown, name: string, allowed: string): unknown {
  const text = raw.trim();
  if (typeof sample === 'number') {
    if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
      throw new ConfigError(`${name}=${quotedValue(raw)} is not a number. Allowed: ${allowed}.`, name);
    }
    const value = Number(text);
    // 1e400 parses as Infinity, which JSON (and so the error message) would show as null.
    if (!Number.isFinite(value)) throw new ConfigError(`${name}=${quotedValue(raw)} is too large a number. Allowed: ${allowed}.`, name);
    return value;
  }
  if (typeof sample === 'boolean') {
    if (!/^(true|false|1|0)$/i.test(text)) throw new ConfigError(`${name}=${quotedValue(raw)} must be true or false.`, name);
    return /^(true|1)$/i.test(text);
  }
  if (typeof sample === 'object') {
    try {
      return JSON.parse(text);
    } catch {
      throw new ConfigError(`${name}=${quotedValue(raw)} must be valid JSON (an array or object). Allowed: ${allowed}.`, name);
    }
  }
  return raw;
}

function closest(name: string, candidates: string[]): string | undefined {
  // Edits, a swap of two neighbours counting as one (optimal string alignment): MOED was two edits from MODE, past
  // the limit for a name that short, and got no hint.
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const row = d[i]!;
        row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  };
  let best: string | undefined;
  // At most 3 edits, and at most a third of the name: "foo" is three edits from "mode", not a typo of it.
  let bestD = Math.min(4, Math.floor(name.length / 3) + 1);
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/**
 * Defaults file < --config file (or CONCLAVE_CONFIG) < CONCLAVE_* environment (.env included).
 * Every value is validated; the first bad one throws a ConfigError naming the key, the value and what is allowed.
 */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  if (options.dotenv) loadDotEnv(env);

  const defaults = readJson(defaultConfigPath(), 'the defaults file');
  const merged: Record<string, unknown> = { ...defaults };
  const origin: Record<string, string> = {};
  for (const key of Object.keys(merged)) origin[key] = `config/default.json key "${key}"`;
  // The keys a file or the environment set (the rest keep their defaults).
  const given = new Set<string>();

  const file = options.configFile ?? env.CONCLAVE_CONFIG;
  // `--config "$CFG"` with CFG unset ran on the defaults without a word, where the file was meant to be read.
  if (file !== undefined && file.trim() === '') {
    throw new ConfigError(`The configuration file named (--config or CONCLAVE_CONFIG) is empty: name the file, or give neither for the defaults; an unset shell variable gives an empty one.`, 'config');
  }
  if (file) {
    const path = resolve(file);
    for (const [key, value] of Object.entries(readJson(path, 'the configuration file'))) {
      if (!Object.hasOwn(FIELDS, key)) { // not "in": constructor, toString and __proto__ passed as keys
        // An environment name copied into a file (the README's table and the env example show those first).
        const fileKey = CONFIG_KEYS.find((k) => envName(k) === key.toUpperCase());
        if (fileKey) {
          throw new ConfigError(`Unknown configuration key "${key}" in ${path}: that is the environment variable's name; a file uses the file key "${fileKey}".`, key);
        }
        const hint = closest(key, CONFIG_KEYS);
        throw new ConfigError(`Unknown configuration key "${key}" in ${path}.${hint ? ` Did you mean "${hint}"?` : ''}`, key);
      }
      merged[key] = value;
      origin[key] = `key "${key}" in ${path}`;
      given.add(key);
    }
  }

  const envNames = new Map(CONFIG_KEYS.map((k) => [envName(k), k]));
  for (const [name, raw] of Object.entries(env)) {
    // Names are case-sensitive: conclave_mode=live in an env file was skipped without a word, the default used.
    if (!name.startsWith('CONCLAVE_') && name.toUpperCase().startsWith('CONCLAVE_') && raw !== undefined) {
      const upper = name.toUpperCase();
      options.warn?.(`Ignoring environment variable ${name}: conclave reads upper-case names only${envNames.has(upper) ? `; write it as ${upper}` : ''}.`);
      continue;
    }
    if (!name.startsWith('CONCLAVE_') || raw === undefined || META_ENV.has(name)) continue;
    const key = envNames.get(name);
    if (!key) {
      // Measured without the shared prefix: CONCLAVE_FOO is three edits from CONCLAVE_MODE, but FOO is no typo of MODE.
      const PREFIX = 'CONCLAVE_'.length;
      const near = closest(name.slice(PREFIX), [...envNames.keys()].map((n) => n.slice(PREFIX)));
      const hint = near === undefined ? undefined : `CONCLAVE_${near}`;
      options.warn?.(`Ignoring unknown environment variable ${name}.${hint ? ` Did you mean ${hint}?` : ''}`);
      continue;
    }
    // The default's type, not the file's: a file's wrong type must not turn a right environment value into a string.
    merged[key] = coerceEnv(raw, key in defaults ? defaults[key] : merged[key], name, FIELDS[key].allowed);
    origin[key] = name;
    given.add(key);
  }

  const config: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const field = FIELDS[key];
    if (!(key in merged)) throw new ConfigError(`Configuration key "${key}" is missing from config/default.json.`, key);
    const result = field.schema.safeParse(merged[key]);
    if (!result.success) {
      const where = origin[key] ?? key;
      nestedProblem(field.schema, merged[key], result.error, key, where);
      const issue = tellingIssue(result.error.issues);
      // Where in a list or object value ("[0].name": a universe entry without its name), not only what.
      const at = issue && issue.path.length > 0 ? ` at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')}` : '';
      const detail = issue ? `${issue.message}${at}` : 'invalid';
      // A secret is never echoed, not even when it has the wrong type: only its type is told.
      const shown = isSecretKey(key) ? `(secret ${describeType(merged[key])}, not shown)` : quotedValue(merged[key]);
      throw new ConfigError(
        `Invalid configuration: ${where} = ${shown}. Allowed: ${field.allowed} (${detail}).`,
        key,
      );
    }
    config[key] = result.data;
  }
  for (const key of given) options.origins?.set(key as ConfigKey, origin[key]!);
  checkDataDir(config as Config, origin.dataDir ?? 'dataDir');
  checkDurationPairs(config as Config, (key) => given.has(key));
  return applyCrossKeyRules(crossCheck(config as Config));
}

/**
 * The data dir may not exist yet (it is created), but where it does it must be a folder, not a file; nor may its path
 * pass through a file, which no start can create (status said the daemon had not run yet, halt to check permissions).
 */
function checkDataDir(config: Config, where: string): void {
  const unexpanded = unexpandedShellWord(config.dataDir);
  if (unexpanded) {
    // Where it was set: a configuration file's "dataDir" was told to be written in CONCLAVE_DATA_DIR.
    throw new ConfigError(`Invalid configuration: ${where} = ${JSON.stringify(config.dataDir)} holds ${unexpanded}, which only a shell expands (a configuration file, an env file, .env, Docker and systemd do not): the store would go into a new folder of that name under ${process.cwd()}. Write the full path there.`, 'dataDir');
  }
  let isFile = false;
  try {
    isFile = !statSync(config.dataDir).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') return; // absent (created at start), or unreadable (the store says why when it opens)
    throw new ConfigError(`Invalid configuration: dataDir = ${JSON.stringify(config.dataDir)} passes through ${fileOnPath(config.dataDir)}, which is a file, not a folder: point ${envName('dataDir')} at a folder (it is created if missing).`, 'dataDir');
  }
  if (isFile) {
    throw new ConfigError(`Invalid configuration: dataDir = ${JSON.stringify(config.dataDir)} is a file, not a folder: point ${envName('dataDir')} at a folder (it is created if missing).`, 'dataDir');
  }
}

/** "~" at the start, or a $VAR or ${VAR}: a folder named "~" was made in the working directory and a new account begun there. */
function unexpandedShellWord(path: string): string | undefined {
  if (/^~(\/|$)/.test(path)) return '"~"';
  return /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(path)?.[0];
}

/** The nearest existing ancestor of `path` (the file that an ENOTDIR met on the way). */
function fileOnPath(path: string): string {
  for (let at = dirname(path); at !== dirname(at); at = dirname(at)) {
    if (existsSync(at)) return at;
  }
  return path;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export { LIVE_CONFIRMATION };

/** Rules that span several keys. */
function crossCheck(config: Config): Config {
  // The testnet trades play money: its keys are needed, not the confirmation (but see config-rules.ts for a proxy).
  if (config.mode === 'live' && !config.exchangeTestnet && config.liveConfirm !== LIVE_CONFIRMATION) {
    throw new ConfigError(
      // A phrase set but not exact (another case, a trailing space) read as if none had been set at all.
      `Live trading was requested (mode=live) without confirmation${config.liveConfirm === '' ? '' : `: liveConfirm is set, but not to the exact phrase (yours has ${config.liveConfirm.length} characters, the phrase ${LIVE_CONFIRMATION.length}${config.liveConfirm.length === LIVE_CONFIRMATION.length ? `: character ${[...LIVE_CONFIRMATION].findIndex((c, i) => c !== config.liveConfirm[i]) + 1} differs` : ''}; case, spaces and punctuation count)`}. Set CONCLAVE_LIVE_CONFIRM="${LIVE_CONFIRMATION}" to trade real money, or use CONCLAVE_MODE=paper (or CONCLAVE_EXCHANGE_TESTNET=true for the exchange's testnet, play money).`,
      'liveConfirm' satisfies ConfigKey,
    );
  }
  const need = (ok: boolean, key: ConfigKey, message: string) => {
    if (!ok) throw new ConfigError(`Invalid configuration: ${message} (set ${envName(key)}).`, key);
  };
  need(config.marketSource !== 'replay' || config.replayFiles.length > 0, 'replayFiles', 'marketSource=replay needs at least one file in replayFiles');
  need(config.newsSource !== 'feed' || config.newsFeeds.length > 0 || config.newsDirectory !== '', 'newsFeeds', 'newsSource=feed needs newsFeeds URLs');
  need(config.newsSource !== 'directory' || config.newsDirectory !== '', 'newsDirectory', 'newsSource=directory needs newsDirectory');
  // Settings that only work together: the one named is the one missing, so the message asks for what is not set.
  const pair = (wanted: boolean, keys: [ConfigKey, ConfigKey], message: string) => {
    for (const key of keys) need(!wanted || config[key] !== '', key, `${message}; ${key} is not set`);
  };
  pair(config.llmRoles.length > 0, ['llmUrl', 'llmModel'], 'llmRoles needs llmUrl and llmModel');
  pair(config.mode === 'live', ['exchangeApiKey', 'exchangeSecret'], 'mode=live needs exchangeApiKey and exchangeSecret');
  const telegram = config.notifyTelegramToken !== '' || config.notifyTelegramChatId !== '';
  pair(telegram, ['notifyTelegramToken', 'notifyTelegramChatId'], 'Telegram notifications need both notifyTelegramToken and notifyTelegramChatId');
  const symbols = new Set<string>();
  for (const entry of config.universe) {
    if (symbols.has(entry.symbol)) throw new ConfigError(`Invalid configuration: universe lists ${entry.symbol} twice.`, 'universe');
    symbols.add(entry.symbol);
  }
  return config;
}
