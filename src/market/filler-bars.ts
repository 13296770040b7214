import { counted } from '../core/plural.js';
import { isoTime } from '../core/iso-time.js';
import type { Bar } from './market-port.js';
import { inferBarMs } from './bar-gaps.js';

const HOUR = 3_600_000;

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

/**
 * Bars with no range (open = high = low = close) in a file without any volume, where fillerBars can tell nothing: closes
 * alone written as bars (Barchart's S&P 500 until 1999: 12,582 of its 19,180 days), or days filled in. Nothing marks them
 * untraded, so a run fills orders at them (at the close, which is their open) and judges stops on the close alone: said,
 * when they are a tenth of the file or more, as check-data said "OK" of such a file without a word.
 */
export function rangelessBars(bars: readonly Bar[]): Bar[] {
  if (bars.some((b) => b.volume > 0)) return [];
  // Days or longer only: a currency's quiet minutes without volume have no range and are bars all the same.
  const barMs = inferBarMs(bars);
  if (barMs === undefined || barMs < 20 * HOUR) return [];
  const flat = bars.filter((b) => b.open === b.high && b.high === b.low && b.low === b.close);
  // A few (a currency's holidays written flat) say little where nothing tells a filled-in day from a traded one.
  return flat.length * 10 >= bars.length ? flat : [];
}

export function rangelessBarsText(flat: readonly Bar[], total: number): string {
  const first = flat.slice(0, 3).map((b) => isoTime(b.time)).join(', ');
  const most = flat.length * 2 >= total ? `; here they are most of the file (${flat.length} of ${total})` : '';
  return (
    `${counted(flat.length, 'bar')} with no range (open = high = low = close) and a file with no volume to tell them by (the first ${first}, the last ${isoTime(flat.at(-1)!.time)})${most}: ` +
    'closes alone written as bars, or days filled in with the last price? A backtest takes them as bars: an order fills at one (at its close, which is its open) and a stop is judged on its close alone'
  );
}

/** What flat bars of a file say: filled-in bars among bars that trade, or bars without a range in a file with no volume. */
export function flatBarsNotice(bars: readonly Bar[]): string | undefined {
  const filler = fillerBars(bars);
  if (filler.length > 0) return fillerBarsText(filler, bars.length);
  const rangeless = rangelessBars(bars);
  return rangeless.length > 0 ? rangelessBarsText(rangeless, bars.length) : undefined;
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
