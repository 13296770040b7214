import type { Config } from './config-schema.js';

/**
 * What a daemon runs as: paper, live on real money, or live on the exchange's testnet (play money). The testnet is
 * mode=live with exchangeTestnet: it trades as live does, through the exchange's own order flow, but it is named apart
 * wherever the mode is said (its store, the logs, status, health, the cockpit), so an operator never takes one for the other.
 */
export type RunMode = 'paper' | 'live' | 'testnet';

/** True when live mode trades on the exchange's testnet (ccxt's sandbox mode), prices and orders both. */
export const onTestnet = (config: Pick<Config, 'mode' | 'exchangeTestnet'>): boolean => config.mode === 'live' && config.exchangeTestnet;

/** exchangeStop in force: live mode (real money or the testnet) with the setting on; paper and backtests ignore it. */
export const exchangeStopOn = (config: Pick<Config, 'mode' | 'exchangeStop'>): boolean => config.mode === 'live' && config.exchangeStop;

export const runMode = (config: Pick<Config, 'mode' | 'exchangeTestnet'>): RunMode => (onTestnet(config) ? 'testnet' : config.mode);

/**
 * The mode whose store beside this one holds positions no daemon of this mode manages (other-mode-store.ts): paper's
 * other is live and live's paper, as before; the testnet's is live, whose positions left so are real money without a stop.
 */
export const otherModeOf = (mode: RunMode): 'paper' | 'live' => (mode === 'live' ? 'paper' : 'live');
