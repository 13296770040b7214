import type { Config } from './config/config.js';
import { openStoreReadOnly } from './cli-stores.js';

/**
 * What a resume leaves of a flatten still under way: "resumed" alone read as if the positions asked to be closed were.
 * Those still held are managed again by their stops; an exit already sent fills all the same.
 */
export function flattenLeft(cfg: Config): string {
  const store = openStoreReadOnly(cfg);
  try {
    const held = store.positions().map((p) => p.symbol);
    const exits = store.inFlightOrders().filter((o) => o.side === 'sell').length;
    if (held.length === 0 && exits === 0) return '';
    const kept = held.length > 0 ? `${held.join(', ')} stay${held.length === 1 ? 's' : ''} open under ${held.length === 1 ? 'its' : 'their'} stops` : '';
    const sent = exits > 0 ? `${kept ? '; ' : ''}${exits} exit order(s) already sent still fill` : '';
    return `; the flatten asked for had not finished: ${kept}${sent} (\`conclave halt --flatten\` closes them)`;
  } finally {
    store.close();
  }
}
