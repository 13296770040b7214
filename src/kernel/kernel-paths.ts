import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { otherModeOf, runMode } from '../config/run-mode.js';
import type { SymbolAlias } from '../news/symbol-map.js';

/** The store's file: one SQLite file per mode under the data dir (the testnet's apart from live's: play money never mixes with real). */
export const storeFile = (config: Config): string => modeStore(config, runMode(config));
const modeStore = (config: Config, mode: string): string => join(config.dataDir, `conclave-${mode}.db`);
/** The store of the mode whose positions no daemon of this one manages (live's for paper and the testnet, paper's for live). */
export const otherModeStoreFile = (config: Config): string => modeStore(config, otherModeOf(runMode(config)));
/** The kill switch's file: `conclave halt` from another process and `touch data/HALT` both work through it. */
export const haltFile = (config: Config): string => join(config.dataDir, 'HALT');
/** The universe as the news mapper reads it: each ticker with its company name and aliases. */
export const symbolAliases = (config: Config): SymbolAlias[] =>
  config.universe.map((u) => ({ symbol: u.symbol, names: [u.name, ...(u.aliases ?? [])] }));
