/** At most one opportunity per key within `ms`. Bounded: expired keys are swept as new ones arrive. */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly ms: number) {}

  /** True, and the key is marked, when `key` is not cooling down at `now`. */
  tryAcquire(key: string, now: number): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.ms) return false;
    this.last.set(key, now);
    if (this.last.size > 10_000) for (const [k, t] of this.last) if (now - t >= this.ms) this.last.delete(k);
    return true;
  }
}
