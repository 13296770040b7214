/**
 * The liquidity cap (maxVolumeShare): an entry buys at most a share of what its symbol traded per bar lately, as
 * zipline's VolumeShareSlippage limits a bar's fills to 2.5 % of its volume. The one place it is computed, for the
 * daemon (paper and live) and the backtest alike. It reads only bars closed when the entry is decided: never the bar
 * the order fills in, nor any after it.
 */
import type { Bar } from '../market/market-port.js';

/** Closed bars whose mean volume an entry is capped by. */
export const VOLUME_BARS = 20;
/** Bars read to tell a market without volume (an FX file's 0s) from a quiet one (a thin pair's empty minutes). */
export const VOLUME_LOOKBACK = 101;

/** The cap of an entry or the measure of an exit: `share` of `meanVolume` over `bars` bars, `qty` in units of the symbol. */
export interface VolumeCap {
  qty: number;
  meanVolume: number;
  share: number;
  bars: number;
}

/** What the bars say: a cap, or no volume to cap by (no bar read carries any), or no bars at all (nothing known). */
export type VolumeReading = { cap: VolumeCap } | { noVolume: true } | { unknown: string };

const traded = (b: Bar): number => (Number.isFinite(b.volume) && b.volume > 0 ? b.volume : 0);

/**
 * The cap from `bars` (oldest first, all closed at decision time): `share` of the mean volume of the last VOLUME_BARS.
 * No bar carrying volume among them (a volume-less file): no cap. Some did, none lately (a thin pair at night): the
 * mean is 0 and so is the cap, since nothing traded to buy from.
 */
export function volumeCapOf(bars: readonly Bar[], share: number): VolumeReading {
  if (bars.length === 0) return { unknown: 'no bars' };
  if (!bars.some((b) => traded(b) > 0)) return { noVolume: true };
  const window = bars.slice(-VOLUME_BARS);
  const meanVolume = window.reduce((sum, b) => sum + traded(b), 0) / window.length;
  return { cap: { qty: share * meanVolume, meanVolume, share, bars: window.length } };
}

/** The bars to cap by, from the bars the discussion just read when at hand, else the market; `unknown` when none can be read. */
export async function readVolumeCap(
  market: { bars(symbol: string, limit: number): Promise<readonly Bar[]> },
  symbol: string,
  share: number,
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined,
): Promise<VolumeReading> {
  try {
    return volumeCapOf(recentBars?.(symbol, VOLUME_LOOKBACK) ?? (await market.bars(symbol, VOLUME_LOOKBACK)), share);
  } catch (error) {
    return { unknown: error instanceof Error ? error.message : String(error) };
  }
}

/** The cap as a person reads it, in the risk gate's reason: "2.5 % of the mean volume 36,301,200 over the last 20 bars". */
export function capWords(cap: VolumeCap): string {
  return `${+(cap.share * 100).toFixed(4)} % of the mean volume ${+cap.meanVolume.toPrecision(8)} over the last ${cap.bars} bars (maxVolumeShare)`;
}
