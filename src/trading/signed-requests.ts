/**
 * What an exchange says of the requests the live broker signs: what its key may do (read once, at a live start), and a
 * refusal for the request's time.
 */
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/**
 * Requests are signed with the exchange's time, read with the markets (ccxt's adjustForTimeDifference); a refusal for
 * the time means the clock moved since, so the markets (and the time) are read again before the next request.
 */
export const CLOCK_OFF =
  "this machine's clock is off from the exchange's: its time is read again for the next request; sync the clock (timedatectl set-ntp true, or chrony)";

/** Binance's answer on an API key (GET /sapi/v1/account/apiRestrictions), the fields read here. */
interface KeyRestrictions {
  enableSpotAndMarginTrading?: unknown;
  enableWithdrawals?: unknown;
  ipRestrict?: unknown;
}

/**
 * At a live start, what the key may do, where the exchange says (Binance and its kin, through ccxt): a key that may
 * not trade spot stops the start (exit 78), where it passed the start's reads and then had every order refused, a
 * stop's sale among them; a key that may withdraw is warned of (a leaked key could empty the account). An exchange
 * that does not say, or an answer that does not come, is left to the first order.
 */
export async function checkKeyPermissions(
  exchange: object & { id: string },
  clean: (error: unknown) => string,
  logger?: Logger,
  loadMarkets?: () => Promise<unknown>,
): Promise<void> {
  const ask = (exchange as { sapiGetAccountApiRestrictions?: () => Promise<KeyRestrictions> }).sapiGetAccountApiRestrictions;
  if (typeof ask !== 'function') return;
  // A testnet (ccxt's sandbox mode) serves no /sapi (Binance's Spot Testnet: /api/v3 only): nothing to ask, said once.
  if ((exchange as { isSandboxModeEnabled?: boolean }).isSandboxModeEnabled === true) {
    logger?.info({ exchange: exchange.id }, `${exchange.id}'s testnet does not say what an API key may do (it serves no /sapi): an order the key may not place is refused when sent`);
    return;
  }
  let key: KeyRestrictions;
  try {
    // The exchange's time is read with the markets: asked before them, a clock a second ahead had the question refused
    // (-1021), and a key that may not trade passed the start.
    await loadMarkets?.();
    key = await ask.call(exchange);
  } catch (error) {
    logger?.info({ exchange: exchange.id, err: clean(error) }, `the API key's permissions could not be read from ${exchange.id}: an order the key may not place is refused when sent`);
    return;
  }
  if (key.enableSpotAndMarginTrading === false) {
    throw new ConfigError(
      `${exchange.id} says the API key may not trade spot ("Enable Spot & Margin Trading" is off): every order, a stop's sale included, would be refused; turn it on for the key (or create one with it), then start again`,
      'exchangeApiKey',
    );
  }
  if (key.enableWithdrawals === true) {
    logger?.warn(
      { exchange: exchange.id, ipRestrict: key.ipRestrict === true },
      `${exchange.id} says the API key may withdraw funds: anyone who gets the key${key.ipRestrict === true ? ' and this machine' : ''} can empty the account; conclave never withdraws: create a key with withdrawals off, restricted to this machine's IP`,
    );
  }
}
