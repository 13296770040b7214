import type { Clock } from '../core/clock.js';
import { gaussian, hashSeed, seededRandom, type Random } from '../core/random.js';
import type { Bar, MarketData } from './market-port.js';
import { immutable } from '../core/freeze.js';

export interface SimMarketOptions {
  clock: Clock;
  seed: number;
  symbols: readonly string[];
  barMs: number;
  /** Bars of history visible at start, so indicators have something to chew on. */
  historyBars?: number;
  /** Bars kept per symbol; older ones are forgotten (bounded memory). */
  maxBars?: number;
}

export interface Jump {
  symbol: string;
  time: number;
  /** Relative size: +0.06 is a 6 % gap up. */
  size: number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
// Crypto-like annualised volatilities, so that a simulated day has trades worth discussing.
const CALM_VOL = 0.6;
const STORMY_VOL = 1.6;
const JUMP_PER_BAR = 1 / 2500;
const TO_STORMY_PER_BAR = 1 / 1500;
const TO_CALM_PER_BAR = 1 / 240;
const NEW_TREND_PER_BAR = 1 / 600;
// Annualised drift of a trend segment (a few hours long): strong enough that intraday trends show through the noise,
// as momentum does in real markets, so the agents have something to find.
const TREND_DRIFT = 40;
const SUBSTEPS = 4;
const WINDOW_BARS = 1440;

interface SymbolState {
  random: Random;
  price: number;
  stormy: boolean;
  drift: number;
  /** Index of the next bar to generate (bar i opens at origin + i * barMs). */
  nextIndex: number;
  bars: Bar[];
}

/**
 * A seeded geometric Brownian motion per symbol, with volatility regimes (calm/stormy), trend segments
 * and occasional jumps. Bars are generated lazily as the clock advances; each symbol has its own random
 * stream, so the same seed gives the same prices whatever order symbols are asked in.
 */
export class SimMarket implements MarketData {
  readonly name = 'sim';
  private readonly states = new Map<string, SymbolState>();
  private readonly origin: number;
  private readonly jumps: Jump[] = [];
  private readonly maxBars: number;
  private static readonly MAX_JUMPS = 1000;

  constructor(private readonly options: SimMarketOptions) {
    const { clock, barMs, seed } = options;
    // Anchored to a fixed grid (every WINDOW_BARS bars), so a daemon restarted within the same window sees the
    // very same prices it saw before: positions opened before a crash are marked on the same path after it.
    const window = barMs * WINDOW_BARS;
    this.origin = Math.floor(clock.now() / window) * window;
    this.maxBars = options.maxBars ?? 2000;
    const history = options.historyBars ?? 300;
    for (const symbol of options.symbols) {
      const random = seededRandom(hashSeed(seed, symbol, this.origin));
      this.states.set(symbol, {
        random,
        price: 20 + random() * 180,
        stormy: false,
        drift: gaussian(random) * TREND_DRIFT,
        nextIndex: -history,
        bars: [],
      });
    }
  }

  symbols(): readonly string[] {
    return this.options.symbols;
  }

  barMs(): number {
    return this.options.barMs;
  }

  async bars(symbol: string, limit: number): Promise<Bar[]> {
    const state = this.state(symbol);
    this.generate(symbol, state);
    return state.bars.slice(-limit);
  }

  async price(symbol: string): Promise<number> {
    const state = this.state(symbol);
    this.generate(symbol, state);
    return state.bars.at(-1)!.close;
  }

  /** Jumps that happened in (from, to], for the simulated news to report on. */
  jumpsBetween(from: number, to: number): Jump[] {
    for (const [symbol, state] of this.states) this.generate(symbol, state);
    return this.jumps.filter((j) => j.time > from && j.time <= to);
  }

  private state(symbol: string): SymbolState {
    const state = this.states.get(symbol);
    if (!state) throw new RangeError(`unknown symbol ${symbol}: it is not in the configured universe`);
    return state;
  }

  private generate(symbol: string, s: SymbolState): void {
    const { barMs } = this.options;
    const now = this.options.clock.now();
    // A bar is visible once it has closed.
    const lastClosed = Math.floor((now - this.origin) / barMs) - 1;
    while (s.nextIndex <= lastClosed) {
      s.bars.push(this.nextBar(symbol, s, this.origin + s.nextIndex * barMs));
      s.nextIndex++;
    }
    if (s.bars.length > this.maxBars) s.bars.splice(0, s.bars.length - this.maxBars);
  }

  private nextBar(symbol: string, s: SymbolState, time: number): Bar {
    const r = s.random;
    if (r() < (s.stormy ? TO_CALM_PER_BAR : TO_STORMY_PER_BAR)) s.stormy = !s.stormy;
    if (r() < NEW_TREND_PER_BAR) s.drift = gaussian(r) * TREND_DRIFT * (s.stormy ? 2 : 1);
    const sigma = s.stormy ? STORMY_VOL : CALM_VOL;
    const dt = this.options.barMs / YEAR_MS / SUBSTEPS;

    const open = s.price;
    let high = open;
    let low = open;
    let price = open;
    let moved = 0;
    for (let i = 0; i < SUBSTEPS; i++) {
      const step = (s.drift - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * gaussian(r);
      price *= Math.exp(step);
      moved += Math.abs(step);
      high = Math.max(high, price);
      low = Math.min(low, price);
    }
    if (r() < JUMP_PER_BAR) {
      const size = (r() < 0.5 ? -1 : 1) * (0.03 + r() * 0.07);
      price *= 1 + size;
      moved += Math.abs(size);
      high = Math.max(high, price);
      low = Math.min(low, price);
      this.jumps.push({ symbol, time: time + this.options.barMs, size });
      if (this.jumps.length > SimMarket.MAX_JUMPS) this.jumps.shift();
    }
    s.price = price;
    const volume = Math.round(1000 * Math.exp(gaussian(r) * 0.3) * (1 + moved * 400) * (s.stormy ? 2 : 1));
    // Closed bars never change; frozen, they can be shared with untrusted agents without a copy.
    return immutable({ time, open, high, low, close: price, volume });
  }
}
