/** The live broker's ccxt exchange: built from its id with the account's keys, spot only, answers read with a byte limit. */
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import { ConfigError } from '../core/errors.js';
import { rebaseUrls } from '../core/url-rebase.js';
import { limitExchangeAnswers } from '../market/exchange-fetch.js';
import { useTestnet } from '../market/exchange-testnet.js';
import type { CcxtBrokerOptions } from './ccxt-broker.js';
import { tellingClock } from './exchange-outside.js';

type ExchangeCtor = new (config: Record<string, unknown>) => Exchange;

/** The broker's exchange (`o.exchange` when given), its requests told to the clock (exchange-outside.ts). */
export function buildExchange(o: CcxtBrokerOptions): Exchange {
  return tellingClock(o.exchange ?? newExchange(o), o.clock);
}

function newExchange(o: CcxtBrokerOptions): Exchange {
  const id = o.exchangeId ?? 'binance';
  const Ctor = (ccxt as unknown as Record<string, ExchangeCtor | undefined>)[id];
  if (!ccxt.exchanges.includes(id) || typeof Ctor !== 'function') {
    throw new ConfigError(`exchange id ${JSON.stringify(id)} is not allowed: expected a ccxt exchange id such as binance, kraken, okx`, 'exchange');
  }
  if (!o.apiKey || !o.secret) {
    throw new ConfigError('live trading needs both an exchange API key and secret: set them in the configuration or environment', 'apiKey');
  }
  const exchange = new Ctor({
    apiKey: o.apiKey,
    secret: o.secret,
    timeout: o.timeoutMs ?? 10_000,
    enableRateLimit: o.enableRateLimit ?? true,
    options: {
      defaultType: 'spot',
      // Spot only: skip futures/margin market downloads and the private currency call at start-up.
      fetchMarkets: { types: ['spot'] },
      fetchMargins: false,
      fetchCurrencies: false,
      fetchOpenOrders: { warnWithoutSymbol: false },
      // Requests are signed with the exchange's time (read with the markets): a clock a second ahead of Binance's, or
      // its recvWindow behind, had every order refused (-1021); the market warns that the clock is off (exchange-clock.ts).
      adjustForTimeDifference: true,
    },
  });
  limitExchangeAnswers(exchange, o.maxBytes);
  // Before the base URL: a fake or a proxy takes the place of the testnet's URLs then, as of the real ones otherwise.
  if (o.testnet) useTestnet(exchange);
  if (o.apiBaseUrl) exchange.urls['api'] = rebaseUrls(exchange.urls['api'], o.apiBaseUrl) as typeof exchange.urls.api;
  return exchange;
}
