import type { Clock } from '../core/clock.js';
import { hashSeed, pick, seededRandom, type Random } from '../core/random.js';
import type { Jump, SimMarket } from '../market/sim-market.js';
import type { NewsItem, NewsSource } from './news-port.js';

/** What the simulated news reads of a market: its jumps, which make news in their direction. */
export type JumpSource = Pick<SimMarket, 'jumpsBetween'>;

export interface SimNewsOptions {
  clock: Clock;
  seed: number;
  market: JumpSource;
  universe: readonly { symbol: string; name: string }[];
  /** Background headlines per hour, unrelated to jumps. */
  perHour: number;
  /** Items kept available to fetch (a feed shows its latest items). */
  window?: number;
}

const GOOD = [
  '{name} beats estimates and raises guidance',
  '{name} shares soar after record profit',
  'Analysts upgrade {ticker} on strong demand',
  '{name} announces buyback as sales surge',
  '{name} wins major contract, stock rallies',
];
const BAD = [
  '{name} misses estimates and cuts guidance',
  '{name} shares plunge on weak outlook',
  'Analysts downgrade {ticker} amid slowing growth',
  '{name} faces regulatory probe over accounting',
  '{name} recalls products after safety concerns',
];
const MILD_GOOD = ['{name} expands into new markets', '{ticker} partners with major retailer', '{name} reports solid quarterly growth'];
const MILD_BAD = ['{name} delays product launch', '{ticker} faces lawsuit from former partner', '{name} warns of supply shortages'];

/**
 * Seeded headlines naming universe symbols. Jumps of the simulated market make news in their direction
 * (so news carries real information, as it does in markets); background items add noise.
 */
export class SimNews implements NewsSource {
  readonly name = 'sim';
  private readonly random: Random;
  private readonly items: NewsItem[] = [];
  /** Jump news dated after the fetch that found its jump: released once its time has come, as a real feed would. */
  private readonly pending: NewsItem[] = [];
  private lastFetch: number;
  private seq = 0;

  constructor(private readonly options: SimNewsOptions) {
    this.random = seededRandom(hashSeed(options.seed, 'news'));
    this.lastFetch = options.clock.now() - 3600_000;
  }

  async fetch(): Promise<NewsItem[]> {
    const now = this.options.clock.now();
    const from = this.lastFetch;
    this.lastFetch = now;
    for (const jump of await this.options.market.jumpsBetween(from, now)) this.pending.push(this.jumpItem(jump));
    this.release(now);
    const hours = (now - from) / 3600_000;
    const count = this.poisson(this.options.perHour * hours);
    for (let i = 0; i < count; i++) this.add(this.backgroundItem(from + this.random() * (now - from)));
    return [...this.items];
  }

  private release(now: number): void {
    let kept = 0;
    for (const item of this.pending) {
      if (item.publishedAt <= now) this.add(item);
      else this.pending[kept++] = item;
    }
    this.pending.length = kept;
  }

  private add(item: NewsItem): void {
    this.items.push(item);
    const window = this.options.window ?? 100;
    if (this.items.length > window) this.items.splice(0, this.items.length - window);
  }

  private headline(template: string, entry: { symbol: string; name: string }): string {
    return template.replace('{name}', entry.name).replace('{ticker}', entry.symbol);
  }

  private jumpItem(jump: Jump): NewsItem {
    const entry = this.options.universe.find((u) => u.symbol === jump.symbol) ?? { symbol: jump.symbol, name: jump.symbol };
    const title = this.headline(pick(this.random, jump.size > 0 ? GOOD : BAD), entry);
    return this.item(title, jump.time + Math.floor(this.random() * 120_000));
  }

  private backgroundItem(time: number): NewsItem {
    const entry = pick(this.random, this.options.universe);
    const title = this.headline(pick(this.random, this.random() < 0.5 ? MILD_GOOD : MILD_BAD), entry);
    return this.item(title, Math.floor(time));
  }

  private item(title: string, publishedAt: number): NewsItem {
    const id = `sim-${this.options.seed}-${++this.seq}`;
    return { id, title, summary: title + '.', link: `sim://news/${id}`, publishedAt, source: 'sim' };
  }

  private poisson(mean: number): number {
    // Knuth's method; means here are small (a few per scan).
    const limit = Math.exp(-Math.min(mean, 50));
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.random();
    } while (p > limit);
    return k - 1;
  }
}
