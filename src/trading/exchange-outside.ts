/**
 * Every request the live broker's exchange sends, told to the clock as work waiting on the outside (Clock.outside), as
 * a source's attempts are: a virtual clock's driver then holds time still while an order, a cancel, a balance or an
 * order read waits for the exchange's answer, and moves it through the sleeps of those who ask again. Without it a
 * test's clock ran on while an answer came over loopback, and the broker recorded it at a later time than it came.
 */
import type { Exchange } from 'ccxt';
import type { Clock } from '../core/clock.js';

/**
 * Wraps `exchange`'s fetch2, through which each of ccxt's REST calls goes (its rate limiter's wait, the request and the
 * answer read; ccxt's waits are in real time, not on the clock), and returns it. A clock without `outside` (the live
 * one) leaves it untouched.
 */
export function tellingClock(exchange: Exchange, clock: Clock): Exchange {
  const outside = clock.outside?.bind(clock);
  if (!outside) return exchange;
  const send = exchange.fetch2.bind(exchange);
  exchange.fetch2 = (...request: Parameters<Exchange['fetch2']>) => outside(send(...request));
  return exchange;
}
