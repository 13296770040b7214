import type { Clock } from '../core/clock.js';
import { gaussian, hashSeed, seededRandom, type Random } from '../core/random.js';
import type { Bar, MarketData } from './market-port.js';
import { immutable } from '../core/freeze.js';
import { TurnBudget } from '../core/turn-budget.js';

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
// The level each window starts at: a mean-reverting walk around the symbol's base price, of this persistence per window,
// remembering this many windows (the weight of older ones is below 2 %), and wandering at most about this far (in log).
const ANCHOR_PERSISTENCE = 0.98;
const ANCHOR_MEMORY = 200;
const ANCHOR_MAX_SD = 0.3;

/** Where the path of one symbol stands: the window it is in, its random stream, its regime, and the next bar. */
interface PathState {
  window: number;
  random: Random;
  stormy: boolean;
  drift: number;
  /** Added to each substep's log return so the window ends at the next window's start (a Brownian bridge). */
  correction: number;
  price: number;
}

interface SymbolState extends PathState {
  base: number;
  /** Index of the next bar to generate (bar n opens at n * barMs). */
  nextIndex: number;
  bars: Bar[];
}

/**
 * A seeded geometric Brownian motion per symbol, with volatility regimes (calm/stormy), trend segments and occasional
 * jumps. Bars are generated lazily as the clock advances; each symbol has its own random stream, so the same seed
 * gives the same prices whatever order symbols are asked in.
 *
 * The path is a function of the seed, the symbol and the time only, so a daemon restarted at any later time sees the
 * very prices it saw before, and its open positions are judged on the path they were bought on. Time is cut into
 * windows of WINDOW_BARS bars; each starts at a level drawn from a slow walk that a restart computes in a few hundred
 * steps, and runs on its own stream, bent (a Brownian bridge) to end where the next one starts: no gap between windows,
 * and no need to replay the days the daemon was down.
 */
export class SimMarket implements MarketData {
  readonly name = 'sim';
  private readonly states = new Map<string, SymbolState>();
  private readonly jumps: Jump[] = [];
  private readonly maxBars: number;
  private readonly anchorVol: number;
  private static readonly MAX_JUMPS = 1000;

  constructor(private readonly options: SimMarketOptions) {
    const { clock, barMs, seed } = options;
    this.maxBars = options.maxBars ?? 2000;
    this.anchorVol = Math.min(CALM_VOL * Math.sqrt((barMs * WINDOW_BARS) / YEAR_MS), ANCHOR_MAX_SD * Math.sqrt(1 - ANCHOR_PERSISTENCE ** 2));
    const history = options.historyBars ?? 300;
    const first = Math.floor(clock.now() / barMs) - history;
    for (const symbol of options.symbols) {
      const base = 20 + seededRandom(hashSeed(seed, symbol))() * 180;
      const window = Math.floor(first / WINDOW_BARS);
      const state: SymbolState = Object.assign(this.enter(symbol, base, window), { base, nextIndex: window * WINDOW_BARS, bars: [] as Bar[] });
      // The start of the window, walked through unseen, so the history shown is the path's and not a fresh start.
      while (state.nextIndex < first) this.advance(symbol, state, false);
      this.states.set(symbol, state);
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

  /**
   * Jumps that happened in (from, to], for the simulated news to report on. Every symbol's path is brought up to now
   * first, giving the event loop a turn between symbols: entering a new window costs about 0.6 ms a symbol, which
   * over a large universe held the loop for seconds once a day.
   */
  async jumpsBetween(from: number, to: number): Promise<Jump[]> {
    const budget = new TurnBudget(this.options.clock);
    for (const [symbol, state] of this.states) {
      await budget.spend();
      this.generate(symbol, state);
    }
    return this.jumps.filter((j) => j.time > from && j.time <= to);
  }

  private state(symbol: string): SymbolState {
    const state = this.states.get(symbol);
    if (!state) throw new RangeError(`unknown symbol ${symbol}: it is not in the configured universe`);
    return state;
  }

  private generate(symbol: string, s: SymbolState): void {
    // A bar is visible once it has closed.
    const lastClosed = Math.floor(this.options.clock.now() / this.options.barMs) - 1;
    while (s.nextIndex <= lastClosed) this.advance(symbol, s, true);
    if (s.bars.length > this.maxBars) s.bars.splice(0, s.bars.length - this.maxBars);
  }

  /** Makes the next bar (kept when `keep`), entering the next window first when it starts one. */
  private advance(symbol: string, s: SymbolState, keep: boolean): void {
    const window = Math.floor(s.nextIndex / WINDOW_BARS);
    if (window !== s.window) Object.assign(s, this.enter(symbol, s.base, window));
    const time = s.nextIndex * this.options.barMs;
    const bar = this.nextBar(s, time, keep ? symbol : null);
    s.nextIndex++;
    if (keep) s.bars.push(immutable(bar));
  }

  /** A window's start: its level, its stream and regime, and the bend that brings its end to the next window's level. */
  private enter(symbol: string, base: number, window: number): PathState {
    const start = this.anchor(symbol, base, window);
    const end = this.anchor(symbol, base, window + 1);
    const fresh = (): PathState => {
      const random = seededRandom(hashSeed(this.options.seed, symbol, window));
      return { window, random, stormy: false, drift: gaussian(random) * TREND_DRIFT, correction: 0, price: 1 };
    };
    // The unbent path's move over the window, from the same stream (its draws do not depend on the price).
    const dry = fresh();
    for (let i = 0; i < WINDOW_BARS; i++) this.nextBar(dry, 0, null);
    const path = fresh();
    path.correction = (Math.log(end / start) - Math.log(dry.price)) / (WINDOW_BARS * SUBSTEPS);
    path.price = start;
    return path;
  }

  /** The level window `window` starts at: a walk of ANCHOR_PERSISTENCE around `base`, each step drawn from its window. */
  private anchor(symbol: string, base: number, window: number): number {
    // One hash per symbol, then a window's step from its index (a string hash per step was most of a restart's cost).
    const levels = hashSeed(this.options.seed, symbol, 'level');
    let x = 0;
    let weight = 1;
    for (let j = 1; j <= ANCHOR_MEMORY; j++) {
      x += weight * gaussian(seededRandom((levels + Math.imul(window - j, 0x9e3779b1)) >>> 0));
      weight *= ANCHOR_PERSISTENCE;
    }
    return base * Math.exp(this.anchorVol * x);
  }

  /** The next bar of the path; a jump in it is kept for the news when `symbol` is given. */
  private nextBar(s: PathState, time: number, symbol: string | null): Bar {
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
      price *= Math.exp(step + s.correction);
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
      if (symbol !== null) {
        this.jumps.push({ symbol, time: time + this.options.barMs, size });
        if (this.jumps.length > SimMarket.MAX_JUMPS) this.jumps.shift();
      }
    }
    s.price = price;
    // Shares of a mid-cap's minute (about 100,000 to 300,000): at a thousand, the default account's entries were a tenth
    // of a minute's volume, four times what maxVolumeShare lets an entry buy. The same draws, scaled: the shape is unchanged.
    const volume = 100 * Math.round(1000 * Math.exp(gaussian(r) * 0.3) * (1 + moved * 400) * (s.stormy ? 2 : 1));
    // Closed bars never change; frozen (by the caller), they can be shared with untrusted agents without a copy.
    return { time, open, high, low, close: price, volume };
  }
}
