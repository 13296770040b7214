/**
 * How many LLM requests a day the panel may make (`llmMaxRequestsPerDay`), all LLM roles together: each request is
 * paid for, and a discussion per bar close over many symbols, or a restart loop, would otherwise spend without bound.
 * Past the budget an LLM role abstains (the chief decides with the rest of the panel), said once a day. The day is
 * the clock's UTC day, as providers bill. The count can be kept across restarts (`saved`): a daemon restarted at noon
 * does not get a second budget.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface LlmBudgetOptions {
  clock: Clock;
  /** Requests a day; 0 for no limit. */
  perDay: number;
  logger?: Pick<Logger, 'warn'>;
  /** Where the day's count is kept between runs (the daemon's store); none keeps it in memory. */
  saved?: { load(): { day: string; requests: number } | null; save(day: string, requests: number): void };
}

export interface LlmBudgetStats {
  day: string;
  /** Requests made today. */
  requests: number;
  /** 0: no limit. */
  perDay: number;
  /** Requests refused today for the budget (each an abstention). */
  refused: number;
}

export class LlmBudget {
  private day = '';
  private requests = 0;
  private refused = 0;

  constructor(private readonly options: LlmBudgetOptions) {
    const saved = options.saved?.load();
    if (saved) {
      this.day = saved.day;
      this.requests = saved.requests;
    }
  }

  /** Takes one request from today's budget: null when it may be made, else why not (the agent's abstention). */
  take(): string | null {
    this.roll();
    const { perDay } = this.options;
    if (perDay > 0 && this.requests >= perDay) {
      this.refused++;
      const why = `the LLM budget of ${perDay} requests a day (llmMaxRequestsPerDay) is spent until 00:00 UTC: LLM roles abstain`;
      if (this.refused === 1) this.options.logger?.warn({ perDay, day: this.day }, `${why}; raise llmMaxRequestsPerDay to spend more`);
      return why;
    }
    this.requests++;
    this.options.saved?.save(this.day, this.requests);
    return null;
  }

  /**
   * Gives back a request taken on `day` (stats().day when it was taken) that never reached the provider (its connection
   * failed): counted, an endpoint down spent the day's budget on requests nobody could bill, and the LLM roles then
   * abstained for the rest of the day once it was back. A request taken before midnight is not given to the new day.
   */
  giveBack(day: string): void {
    this.roll();
    if (day !== this.day || this.requests === 0) return;
    this.requests--;
    this.options.saved?.save(this.day, this.requests);
  }

  stats(): LlmBudgetStats {
    this.roll();
    return { day: this.day, requests: this.requests, perDay: this.options.perDay, refused: this.refused };
  }

  private roll(): void {
    const day = new Date(this.options.clock.now()).toISOString().slice(0, 10);
    if (day === this.day) return;
    this.day = day;
    this.requests = 0;
    this.refused = 0;
  }
}
