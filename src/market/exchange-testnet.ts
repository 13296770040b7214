import { ConfigError } from '../core/errors.js';

/** What of a ccxt exchange its testnet switch reads and calls. */
interface SandboxCapable {
  id: string;
  urls: Record<string, unknown>;
  setSandboxMode?(enabled: boolean): void;
}

/**
 * Points a ccxt exchange at its testnet (exchangeTestnet): ccxt's sandbox mode puts its test URLs (`urls.test`) in
 * place of its API URLs. The market and the broker both go through here, so a testnet daemon never mixes the two
 * (orders on the testnet decided on the real market's prices would fill at unrelated prices). An exchange whose ccxt
 * class knows no testnet is refused: ccxt would throw its own NotSupported, which said nothing of the setting.
 */
export function useTestnet(exchange: SandboxCapable): void {
  const test = exchange.urls['test'];
  if (test === undefined || test === null || (typeof test === 'object' && Object.keys(test).length === 0)) {
    throw new ConfigError(noTestnet(exchange.id), 'exchangeTestnet');
  }
  if (typeof exchange.setSandboxMode !== 'function') throw new Error(`${exchange.id}: this exchange client has no sandbox mode, so it cannot be put on the testnet`);
  exchange.setSandboxMode(true);
}

/** Why exchangeTestnet is refused on `id`, and what to do. */
export function noTestnet(id: string): string {
  return (
    `exchangeTestnet=true, but ccxt knows no testnet for ${id} (its class has no test URLs): there is no play-money ${id} to trade on. ` +
    `Set CONCLAVE_CCXT_EXCHANGE to an exchange with a testnet (binance: Binance's Spot Testnet, testnet.binance.vision), or CONCLAVE_EXCHANGE_TESTNET=false ` +
    `(with CONCLAVE_LIVE_CONFIRM, real money) or CONCLAVE_MODE=paper to try ${id} without money`
  );
}

/** The name a source or broker on `id` goes by: the testnet's says so, in every log line and stat that names it. */
export const exchangeName = (id: string, testnet: boolean | undefined): string => `ccxt:${id}${testnet ? '-testnet' : ''}`;
