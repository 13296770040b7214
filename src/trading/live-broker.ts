import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import { onTestnet } from '../config/run-mode.js';
import type { CcxtBroker } from './ccxt-broker.js';

/**
 * The live broker; configuration has already required mode=live, the confirmation phrase (but on the testnet: play
 * money), both keys and an exchange live mode supports (config/live-exchanges.ts).
 * ccxt (about 40 MB of heap) is loaded only here, so paper trading never carries it.
 */
export async function buildLiveBroker(config: Config, clock: Clock, logger?: Logger): Promise<CcxtBroker> {
  const { CcxtBroker } = await import('./ccxt-broker.js');
  // Before any request: the exchange's ccxt class must send what live mode's safety rests on (a ConfigError, exit 78).
  const { checkLiveCapability } = await import('./exchange-capability.js');
  await checkLiveCapability(config.ccxtExchange);
  return new CcxtBroker({
    clock,
    exchangeId: config.ccxtExchange,
    apiKey: config.exchangeApiKey,
    secret: config.exchangeSecret,
    timeoutMs: config.ccxtTimeoutMs,
    maxBytes: config.ccxtMaxBytes,
    maxEntrySlippageBps: config.maxEntrySlippageBps,
    ...(logger ? { logger } : {}),
    ...(config.ccxtApiBaseUrl ? { apiBaseUrl: config.ccxtApiBaseUrl } : {}),
    ...(onTestnet(config) ? { testnet: true } : {}),
  });
}
