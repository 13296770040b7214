import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { CcxtBroker } from './ccxt-broker.js';

/** The live broker; configuration has already required mode=live, the confirmation phrase and both keys. */
export function buildLiveBroker(config: Config, clock: Clock): CcxtBroker {
  return new CcxtBroker({
    clock,
    exchangeId: config.ccxtExchange,
    apiKey: config.exchangeApiKey,
    secret: config.exchangeSecret,
    timeoutMs: config.ccxtTimeoutMs,
    ...(config.ccxtApiBaseUrl ? { apiBaseUrl: config.ccxtApiBaseUrl } : {}),
  });
}
