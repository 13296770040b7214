import type { Config } from '../config/config.js';

/**
 * Settings of the paper broker that a backtest does not use, said rather than dropped: its orders fill whole, at the
 * next bar's open (run-backtest.ts sets partialFillProbability to 0). A configuration with partial fills ran with
 * whole ones and the same figures as without, with nothing said.
 */
export function ignoredSettingsWarnings(config: Pick<Config, 'partialFillProbability'>): string[] {
  if (config.partialFillProbability <= 0) return [];
  return [`partialFillProbability ${config.partialFillProbability} is the live paper broker's; a backtest fills every order whole, at the next bar's open, so it is not used`];
}
