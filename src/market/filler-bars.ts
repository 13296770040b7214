import { counted } from '../core/plural.js';
import { isoTime } from '../core/iso-time.js';
import type { Bar } from './market-port.js';

/**
 * Bars with open = high = low = close and no volume, in a file whose other bars carry volume: rows filled in, not
 * traded. A file with no volume at all says nothing either way (a currency's file of 0s). Counted when such rows were
 * most of the file too: Dukascopy writes every hour of the week unless its flats are filtered out, and Novo Nordisk's
 * hours of 2024 were 6,792 filled in among 8,784, which went unsaid where a file's few holidays were counted.
 */
export function fillerBars(bars: readonly Bar[]): Bar[] {
  if (!bars.some((b) => b.volume > 0)) return [];
  return bars.filter(isFlatWithoutVolume);
}

/** open = high = low = close and no volume: one price, and no trade at it. */
export function isFlatWithoutVolume(b: Readonly<Bar>): boolean {
  return b.volume === 0 && b.open === b.high && b.high === b.low && b.low === b.close;
}

/** What the filled-in bars are, and, when they are most of the file, what they do to a run. */
export function fillerBarsText(flat: readonly Bar[], total: number): string {
  const first = flat.slice(0, 3).map((b) => isoTime(b.time)).join(', ');
  const text = `${counted(flat.length, 'bar')} with no range and no volume, in a file whose other bars trade (the first ${first}): a holiday, or a session or minute without trades, filled in with the last price (or a close alone)? They are used as bars and count in indicators and returns, but a backtest fills no order at them (its orders wait for the next bar that traded)`;
  if (flat.length * 2 < total) return text;
  return (
    `${text}. Here they are most of the file (${flat.length} of ${total}): the hours the market was closed, written out as bars` +
    " (Dukascopy's exports, unless flats are filtered out)? If so, delete those rows (or export without them) for a run to read the" +
    ' sessions as they were'
  );
}
