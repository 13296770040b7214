import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { errorMessage, TransientError } from '../core/errors.js';
import type { SourceStats } from '../core/resilient-source.js';
import type { NewsItem, NewsSource } from './news-port.js';

/**
 * Several news sources scanned as one: each fetched independently, each failure isolated and recorded, so a dead or
 * slow feed (which has its own deadline in its ResilientNewsSource) never stalls or fails the others.
 *
 * With a `budgetMs`, a scan waits that long at most: a source still fetching then (a slow body, retries with
 * backoff) goes on in the background, its result kept for the next scan, and no second fetch of it starts while one
 * is in flight (an idle source is fetched afresh each scan, so a result that came in between scans is merged with
 * a new one). So a scan finishes within its budget however the feeds behave, and the loop that runs it stays fresh.
 * Throws only when every source failed (none succeeded, none still fetching), with each one's reason.
 */
export interface SourceOutcome {
  name: string;
  ok: boolean;
  items: number;
  error?: string;
  /** Still fetching when the scan's budget ran out: its items come with a later scan. */
  pending?: true;
}

export interface CompositeOptions {
  /** How long one fetch() waits for its sources, ms. Without it (or a clock), it waits for every source. */
  budgetMs?: number;
  clock?: Clock;
  /**
   * Where a source's failure is said while others work (once, when it starts failing; info when it recovers): the
   * health line's `sources` alone held it, and a feed refused for good went unsaid.
   */
  logger?: Logger;
}

type StatsSource = NewsSource & { stats?: () => SourceStats };
type Result = { ok: true; items: NewsItem[] } | { ok: false; error: unknown };

/** One source's fetch in flight, and its results until a scan collects them (at most two: one fetch runs at a time). */
interface Slot {
  source: StatsSource;
  running: Promise<void> | null;
  results: Result[];
}

export class CompositeNewsSource implements NewsSource {
  readonly name: string;
  private outcomes: SourceOutcome[] = [];
  private readonly slots: Slot[];
  /** Sources failing since their failure was said. */
  private readonly failing = new Set<string>();

  constructor(
    private readonly sources: readonly StatsSource[],
    name = 'news',
    private readonly options: CompositeOptions = {},
  ) {
    this.name = name;
    this.slots = sources.map((source) => ({ source, running: null, results: [] }));
  }

  async fetch(signal?: AbortSignal): Promise<NewsItem[]> {
    for (const slot of this.slots) if (!slot.running) this.launch(slot, signal);
    await this.settle(signal);
    const items: NewsItem[] = [];
    const errors: unknown[] = [];
    this.outcomes = this.slots.map((slot): SourceOutcome => {
      const name = slot.source.name;
      const results = slot.results;
      slot.results = [];
      if (results.length === 0) return { name, ok: false, items: 0, pending: true, error: `still fetching after ${this.options.budgetMs} ms; its items come with a later scan` };
      let count = 0;
      let failure: unknown = undefined;
      for (const result of results) {
        if (!result.ok) {
          failure = result.error;
          continue;
        }
        for (const item of result.items) items.push(item);
        count += result.items.length;
      }
      // A source counts as failed only when none of its results since the last scan succeeded.
      if (results.some((r) => r.ok)) return { name, ok: true, items: count };
      errors.push(failure);
      return { name, ok: false, items: 0, error: errorMessage(failure) };
    });
    const failed = this.outcomes.filter((o) => !o.ok && !o.pending);
    this.sayChanges();
    if (this.slots.length > 0 && failed.length === this.slots.length) {
      // A known condition (feeds down, their circuits open), told by its message: as an AggregateError the news loop
      // logged its stack at every failed scan.
      throw new TransientError(`all ${failed.length} news sources failed: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`, { cause: new AggregateError(errors) });
    }
    return items;
  }

  private sayChanges(): void {
    const { logger } = this.options;
    if (!logger) return;
    for (const o of this.outcomes) {
      if (o.pending) continue;
      if (!o.ok && !this.failing.has(o.name)) {
        this.failing.add(o.name);
        logger.warn({ source: o.name, err: o.error }, `news source ${o.name} failed: ${o.error}; the other sources go on, and the health line's sources show its state`);
      } else if (o.ok && this.failing.delete(o.name)) logger.info({ source: o.name, items: o.items }, `news source ${o.name} works again`);
    }
  }

  private launch(slot: Slot, signal: AbortSignal | undefined): void {
    let running: Promise<NewsItem[]>;
    try {
      running = slot.source.fetch(signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    slot.running = running
      .then(
        (items) => void slot.results.push({ ok: true, items }),
        (error: unknown) => void slot.results.push({ ok: false, error }),
      )
      .finally(() => (slot.running = null));
  }

  /** Resolves when every source has a result, the budget is spent, or the caller aborts. */
  private async settle(signal: AbortSignal | undefined): Promise<void> {
    const running = this.slots.flatMap((s) => (s.running ? [s.running] : []));
    if (running.length === 0) return;
    const all = Promise.all(running).then(() => undefined);
    const { budgetMs, clock } = this.options;
    if (budgetMs === undefined || !clock) return all;
    let cancel: () => void = () => undefined;
    let onAbort: () => void = () => undefined;
    const budget = new Promise<void>((resolve) => {
      cancel = clock.setTimer(budgetMs, resolve);
      onAbort = resolve;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([all, budget]);
    } finally {
      cancel();
      signal?.removeEventListener('abort', onAbort);
    }
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
