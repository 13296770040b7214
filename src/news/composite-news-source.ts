import { errorMessage } from '../core/errors.js';
import type { SourceStats } from '../core/resilient-source.js';
import type { NewsItem, NewsSource } from './news-port.js';

/**
 * Several news sources scanned as one: all fetched in parallel, each failure isolated and recorded, so a dead or
 * slow feed (which has its own deadline in its ResilientNewsSource) never stalls or fails the others.
 * Throws only when every source failed, with each one's reason.
 */
export interface SourceOutcome {
  name: string;
  ok: boolean;
  items: number;
  error?: string;
}

type StatsSource = NewsSource & { stats?: () => SourceStats };

export class CompositeNewsSource implements NewsSource {
  readonly name: string;
  private outcomes: SourceOutcome[] = [];

  constructor(
    private readonly sources: readonly StatsSource[],
    name = 'news',
  ) {
    this.name = name;
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    const results = await Promise.allSettled(this.sources.map((s) => s.fetch(signal)));
    const items: NewsItem[] = [];
    this.outcomes = results.map((r, i) => {
      const name = this.sources[i]!.name;
      if (r.status === 'fulfilled') {
        items.push(...r.value);
        return { name, ok: true, items: r.value.length };
      }
      return { name, ok: false, items: 0, error: errorMessage(r.reason) };
    });
    const failed = this.outcomes.filter((o) => !o.ok);
    if (this.sources.length > 0 && failed.length === this.sources.length) {
      throw new AggregateError(
        results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
        `all ${failed.length} news sources failed: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`,
      );
    }
    return items;
  }

  /** Per-source result of the last fetch. */
  lastOutcomes(): readonly SourceOutcome[] {
    return this.outcomes;
  }

  /** Per-source breaker state and counters, for the health line (sources without stats are left out). */
  stats(): Record<string, SourceStats> {
    const out: Record<string, SourceStats> = {};
    for (const s of this.sources) if (s.stats) out[s.name] = s.stats();
    return out;
  }
}
