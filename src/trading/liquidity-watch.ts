/**
 * The trader's side of the liquidity cap (volume-cap.ts): reads the cap for an entry, says once per symbol that its
 * bars carry no volume (so its entries are not capped), and counts and warns of an exit above the cap, which is never
 * held back (reducing risk is always allowed).
 */
import type { EventBus } from '../bus/event-bus.js';
import { quantity } from '../core/display-format.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Bar, MarketData } from '../market/market-port.js';
import { capWords, readVolumeCap, VOLUME_LOOKBACK, volumeCapOf, type VolumeReading } from './volume-cap.js';

export interface LiquidityWatchOptions {
  /** maxVolumeShare; 0 turns the cap off. */
  share: number;
  market: Pick<MarketData, 'bars' | 'barsAtHand'>;
  logger: Logger;
  bus: Pick<EventBus, 'emit'>;
  recentBars?: ((symbol: string, limit: number) => readonly Bar[] | undefined) | undefined;
}

export class LiquidityWatch {
  private readonly toldNoVolume = new Set<string>();

  constructor(private readonly options: LiquidityWatchOptions) {}

  /** The entry's reading of its symbol's recent volume; undefined when the cap is off. */
  async entry(symbol: string): Promise<VolumeReading | undefined> {
    const { share, market, recentBars } = this.options;
    if (!(share > 0)) return undefined;
    const reading = await readVolumeCap(market, symbol, share, recentBars);
    if ('noVolume' in reading) this.tellNoVolume(symbol);
    return reading;
  }

  /**
   * Measures an exit of `qty` against the cap it would have as an entry, from the bars closed before `before` (the bar
   * a stop fired in) when given: above it, counted, warned of and told on the bus. The exit is already placed: this
   * neither waits for a read nor throws. Bars held in memory (a backtest's, the ones the discussion read) are read at
   * once, so the count is deterministic; else from the market, in the background.
   */
  exit(symbol: string, qty: number, reason: string, before?: number): void {
    const { share, market } = this.options;
    if (!(share > 0)) return;
    const limit = VOLUME_LOOKBACK + 1;
    const earlier = (bars: readonly Bar[]) => (before === undefined ? bars : bars.filter((b) => b.time < before));
    const atHand = market.barsAtHand?.(symbol, limit) ?? this.options.recentBars?.(symbol, limit);
    if (atHand) return this.judgeExit(symbol, qty, reason, volumeCapOf(earlier(atHand), share));
    readVolumeCap({ bars: async (s, n) => earlier(await market.bars(s, n + 1)) }, symbol, share)
      .then((reading) => this.judgeExit(symbol, qty, reason, reading))
      .catch((error: unknown) => this.options.logger.warn({ symbol, err: errorMessage(error) }, 'measuring an exit against the liquidity cap failed; the exit went out as placed'));
  }

  private judgeExit(symbol: string, qty: number, reason: string, reading: VolumeReading): void {
    if ('noVolume' in reading) return this.tellNoVolume(symbol);
    if (!('cap' in reading) || qty <= reading.cap.qty) return;
    const { cap } = reading;
    this.options.logger.warn(
      { symbol, qty: quantity(qty), cap: quantity(cap.qty), meanVolume: cap.meanVolume, reason },
      `exit above the liquidity cap (${capWords(cap)}): sold in full all the same, since exits are never held back; a fill this size would move a real market`,
    );
    this.options.bus.emit('liquidity', { kind: 'exit_over_cap', symbol, qty, cap: cap.qty, meanVolume: cap.meanVolume, reason });
  }

  private tellNoVolume(symbol: string): void {
    if (this.toldNoVolume.has(symbol)) return;
    this.toldNoVolume.add(symbol);
    this.options.logger.info({ symbol }, "no volume in the symbol's bars (an FX file's, volume 0 or absent): its entries are not capped by maxVolumeShare");
    this.options.bus.emit('liquidity', { kind: 'no_volume', symbol });
  }
}
