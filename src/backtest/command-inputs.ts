// What the backtest command reads before a run: its configuration, and an output folder able to take the outputs.
import { accessSync, constants, statSync } from 'node:fs';
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

/** The output folder, made if missing and writable, before any run: a folder that cannot take the outputs is said up front. */
export function prepareOutDir(outDir: string): void {
  try {
    makeFolder(outDir);
    if (!statSync(outDir).isDirectory()) throw new Error('not a folder');
    accessSync(outDir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`--out ${outDir} cannot hold the outputs (${reason}): name a folder you can write, or one to be made`, '--out');
  }
}
