/** Percentile by nearest rank over an unsorted sample; 0 for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Keeps the most recent `capacity` samples: bounded memory for latency percentiles in a daemon that runs for months. */
export class RecentSamples {
  private readonly values: number[] = [];
  private index = 0;
  constructor(private readonly capacity = 1024) {}

  add(value: number): void {
    if (this.values.length < this.capacity) this.values.push(value);
    else this.values[this.index] = value;
    this.index = (this.index + 1) % this.capacity;
  }

  percentile(p: number): number {
    return percentile(this.values, p);
  }

  get size(): number {
    return this.values.length;
  }
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
