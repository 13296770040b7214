// What the backtest command reads before a run: its configuration, and an output folder able to take the outputs.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { ConfigError } from '../core/errors.js';
import { makeFolder } from '../core/make-folder.js';
import type { CliIo } from './backtest-command.js';

/** Keys whose errors come from live trading settings (mode=live without its confirmation, keys or exchange prices). */
const LIVE_KEYS = new Set(['liveConfirm', 'exchangeApiKey', 'mode']);

/**
 * The daemon's configuration, which a backtest reads too. A live operator's settings that do not validate said
 * "set CONCLAVE_LIVE_CONFIRM to trade real money", advice no backtest needs: it runs on paper whatever mode says.
 */
export function backtestConfig(io: Pick<CliIo, 'err'>, file: string | undefined): Config {
  try {
    return loadConfig({ dotenv: true, warn: (m) => io.err(`conclave: ${m}`), ...(file ? { configFile: file } : {}) });
  } catch (error) {
    if (!(error instanceof ConfigError) || !LIVE_KEYS.has(error.key ?? '')) throw error;
    throw new ConfigError(`${error.message} A backtest never trades real money (it runs on paper whatever mode says) but reads the same configuration: run it with CONCLAVE_MODE=paper in front (CONCLAVE_MODE=paper conclave backtest ...).`, error.key);
  }
}

/** Why, in words beside the code: "(EACCES)" or "(EROFS)" alone said nothing to most users. The path is the --out's. */
function why(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === undefined) return message;
  if (!message.startsWith(`${code}: `)) return code;
  const comma = message.indexOf(', ');
  return comma > 0 ? message.slice(0, comma) : message;
}

const refused = (outDir: string, error: unknown) =>
  new ConfigError(`--out ${outDir} cannot hold the outputs (${why(error)}): name a folder you can write, or one to be made`, '--out');

/**
 * An --out named on the command line, checked before any file is read, nothing made: it was refused only after the
 * files had loaded (minutes for large ones) and their warnings were printed. It must be a writable folder, or its
 * nearest existing parent one it can be made in; prepareOutDir still has the last word.
 */
export function checkOutDir(outDir: string): void {
  const wanted = resolve(outDir);
  let at = wanted;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    if (!statSync(at).isDirectory()) throw new Error(at === wanted ? 'not a folder' : `${at} is not a folder`);
    accessSync(at, constants.W_OK);
  } catch (error) {
    throw refused(outDir, error);
  }
}

/** The output folder, made if missing and writable, before any run: a folder that cannot take the outputs is said up front. */
export function prepareOutDir(outDir: string): void {
  try {
    makeFolder(outDir);
  } catch (error) {
    throw refused(outDir, error);
  }
  // Made (or there already): the same check as before any file was read, now of the folder itself.
  checkOutDir(outDir);
}
