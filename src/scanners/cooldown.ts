/** At most one opportunity per key within a duration. Bounded: expired keys are swept as new ones arrive. */
export class Cooldown {
  private readonly until = new Map<string, number>();

  constructor(private readonly ms: number) {}

  /** True, and the key is marked for `ms` (the constructor's by default), when `key` is not cooling down at `now`. */
  tryAcquire(key: string, now: number, ms = this.ms): boolean {
    const until = this.until.get(key);
    // A mark further ahead than `ms` was set before the wall clock stepped back: it holds for `ms` from now, not for
    // the step as well (an hour's step silenced the symbol an hour).
    if (until !== undefined && now < until) {
      if (until - now > ms) this.until.set(key, now + ms);
      return false;
    }
    this.until.set(key, now + ms);
    if (this.until.size > 10_000) for (const [k, t] of this.until) if (now >= t) this.until.delete(k);
    return true;
  }
}
