/**
 * The health line's `exchangeClock` (this machine's clock against the exchange's, market/exchange-clock.ts) as
 * `conclave health` says it: a line only when the clocks surely disagree by more than the log's warning does.
 */
import { CLOCK_WARN_MS } from '../market/exchange-clock.js';

const SYNC = 'sync it (timedatectl set-ntp true, or chrony; in Docker, the host clock)';

export function clockText(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const { offsetMs, uncertaintyMs } = value as { offsetMs?: unknown; uncertaintyMs?: unknown };
  if (typeof offsetMs !== 'number' || typeof uncertaintyMs !== 'number') return null;
  const measured = `(measured ${offsetMs} ms ± ${uncertaintyMs})`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (offsetMs - uncertaintyMs > CLOCK_WARN_MS) {
    return `CLOCK: this machine's clock is at least ${seconds(offsetMs - uncertaintyMs)} ahead of the exchange's ${measured}: candles are judged by the exchange's time meanwhile, and the exchange may refuse orders; ${SYNC}`;
  }
  if (offsetMs + uncertaintyMs < -CLOCK_WARN_MS) {
    return `CLOCK: this machine's clock is at least ${seconds(-(offsetMs + uncertaintyMs))} behind the exchange's ${measured}: closed candles are read that much late, and the exchange may refuse orders; ${SYNC}`;
  }
  return null;
}
