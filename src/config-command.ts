import { resolve } from 'node:path';
import { runMode, type RunMode } from './config/run-mode.js';
import type { Command } from 'commander';
import { configDefault, type Config } from './config/config.js';
import { changedLeaves } from './config/changed-leaves.js';
import { CONFIG_KEYS, envName, isSecretKey, type ConfigKey } from './config/config-schema.js';
import { envFileOf } from './config/env-file.js';
import { shownValue } from './config/shown-value.js';
import { storeFile } from './kernel/kernel-paths.js';
import { ConfigError } from './core/errors.js';

/** What `config --json` prints for a configuration it refuses (a value, the file, the env file --environment-file names). */
export function invalidJson(error: ConfigError): string {
  return JSON.stringify({ valid: false, key: error.key ?? null, error: error.message }, null, 2);
}

export interface ConfigEntry {
  key: ConfigKey;
  env: string;
  /** As the daemon reads it; a secret only as "(set, not shown)" or "(empty)". */
  value: unknown;
  /** Where it came from: an environment variable (and the environment file that set it), a configuration file, or "default". */
  from: string;
}

/** The effective settings: each key's value and where it came from; `all` includes the keys left at their defaults. */
export function configEntries(config: Config, origins: ReadonlyMap<ConfigKey, string>, all: boolean): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  for (const key of CONFIG_KEYS) {
    const origin = origins.get(key);
    if (origin === undefined && !all) continue;
    const file = origin !== undefined && origin.startsWith('CONCLAVE_') ? envFileOf(origin) : undefined;
    const value = isSecretKey(key) ? (config[key] === '' ? '(empty)' : '(set, not shown)') : config[key];
    entries.push({ key, env: envName(key), value, from: origin === undefined ? 'default' : file ? `${origin}, in ${file}` : origin });
  }
  return entries;
}

/** What the mode trades, said beside it: live and the testnet must never be taken for one another. */
const MONEY: Record<RunMode, string> = { paper: '', live: ' (LIVE: real money)', testnet: ' (TESTNET: live on the exchange’s testnet, play money)' };
/** What no look at the settings alone can tell: said after a valid configuration, so "valid" is not read as more. */
const CHECKED_AT_START = 'Checked at start only: the exchange (its keys and markets), the feeds, the LLM endpoint, the replay files and the store.';

/**
 * `conclave config [--all] [--json]`: the configuration exactly as `conclave start` would read it (defaults, --config
 * or CONCLAVE_CONFIG, the environment, .env and --environment-file), validated by the same rules, so a change is
 * checked before the restart that would otherwise find it (exit 78, the daemon down with its positions unmanaged).
 * Exit 0 and the settings when valid; 78 and the message naming the key when not.
 */
export function addConfigCommand(
  program: Command,
  withConfig: (cmd: Command) => Command,
  load: (opts: { config?: string }, origins: Map<ConfigKey, string>) => Config,
  out: (line: string) => void,
): void {
  withConfig(program.command('config').description('check the configuration as `conclave start` would read it, and print the settings not at their defaults and where each came from; exit 78 naming the key when invalid'))
    .option('--all', 'list every key, those at their defaults too')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; all?: boolean; json?: boolean }) => {
      const origins = new Map<ConfigKey, string>();
      let config: Config;
      try {
        config = load(opts, origins);
        if (config.marketSource === 'ccxt') {
          // The one check the daemon makes of a setting alone at start (loading ccxt's list takes a second).
          const { assertKnownExchange } = await import('./market/ccxt-market.js');
          await assertKnownExchange(config.ccxtExchange);
        }
      } catch (error) {
        // `conclave config --json | jq .valid` read nothing at all from an invalid configuration; the message and the
        // exit code 78 follow as without --json.
        if (opts.json && error instanceof ConfigError) out(invalidJson(error));
        throw error;
      }
      const entries = configEntries(config, origins, opts.all ?? false);
      const store = resolve(storeFile(config));
      if (opts.json) {
        out(JSON.stringify({ valid: true, mode: runMode(config), store, settings: entries }, null, 2));
        return;
      }
      out(`valid: conclave start would run in ${runMode(config)} mode on the store ${store}${MONEY[runMode(config)]}`);
      const atDefault = CONFIG_KEYS.length - origins.size;
      out(opts.all ? `${CONFIG_KEYS.length} keys (${atDefault} at their defaults):` : origins.size === 0 ? `every key at its default (--all lists them)` : `${origins.size} set, ${atDefault} at their defaults (--all lists every key):`);
      // Without --all, a nested setting (chief, agents) shows the options that differ from its default, not all of them.
      const rows = entries.flatMap((e): [string, string, string][] => {
        if (isSecretKey(e.key)) return [[e.key, String(e.value), e.from]];
        if (opts.all || typeof e.value !== 'object' || e.value === null || Array.isArray(e.value)) return [[e.key, shownValue(e.value), e.from]];
        const leaves = changedLeaves(e.key, e.value, configDefault(e.key));
        return leaves.length === 0 ? [[e.key, '(every option at its default)', e.from]] : leaves.map(([path, v]) => [path, shownValue(v), e.from]);
      });
      const width = Math.max(0, ...rows.map(([key]) => key.length));
      for (const [key, value, from] of rows) out(`  ${key.padEnd(width)}  ${value}  [${from}]`);
      out(CHECKED_AT_START);
    });
}
