import type { Clock } from '../core/clock.js';
import { ResilientSource, type ResilienceOptions, type SourceStats } from '../core/resilient-source.js';
import type { NewsItem, NewsSource } from './news-port.js';

/** A news source behind a timeout, retries for transient errors, a circuit breaker and a rate limit. */
export class ResilientNewsSource implements NewsSource {
  readonly name: string;
  private readonly guard: ResilientSource;

  constructor(
    private readonly inner: NewsSource,
    clock: Clock,
    options: ResilienceOptions = {},
  ) {
    this.name = inner.name;
    this.guard = new ResilientSource(inner.name, clock, options);
  }

  fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    return this.guard.call('fetch', (s) => this.inner.fetch(s), signal);
  }

  stats(): SourceStats {
    return this.guard.stats();
  }
}
