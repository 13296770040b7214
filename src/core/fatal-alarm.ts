/**
 * A condition under which the daemon must not go on (its store deleted, the disk full): raised once by whoever
 * notices it, it halts new entries at once and tells the process entry to stop and exit non-zero.
 */
export interface FatalCondition {
  reason: string;
  /** What the operator should do about it. */
  action: string;
  error?: unknown;
}

export class FatalAlarm {
  private condition: FatalCondition | null = null;
  private readonly listeners: ((condition: FatalCondition) => void)[] = [];

  /** The first condition raised, or null. */
  get raised(): FatalCondition | null {
    return this.condition;
  }

  /** Raises the alarm; only the first condition counts (the later ones are its consequences). */
  raise(condition: FatalCondition): void {
    if (this.condition) return;
    this.condition = condition;
    for (const listener of this.listeners) listener(condition);
  }

  /** Calls `listener` on the first raise (at once, if that has happened already). */
  on(listener: (condition: FatalCondition) => void): void {
    this.listeners.push(listener);
    if (this.condition) listener(this.condition);
  }
}
