/**
 * Notices the store's files being deleted or replaced under the running daemon. SQLite keeps writing into a deleted
 * file without an error, so a daemon would trade on into nothing, and its next start would open a fresh account.
 * The guard compares the files' identity (device and inode) with the ones opened, every `intervalMs`, and reports
 * the first difference once.
 */
import { statSync } from 'node:fs';
import type { Clock } from '../core/clock.js';

export interface StoreGuardOptions {
  clock: Clock;
  /** Files to watch: the store, its WAL, its lock file. Those missing at start are not watched. */
  files: string[];
  /** Of those, the ones that must never become empty (the database: a truncated store has lost everything). */
  nonEmpty?: string[];
  intervalMs: number;
  onLost: (message: string) => void;
}

const identity = (file: string, nonEmpty: boolean): string | null => {
  try {
    const s = statSync(file);
    return nonEmpty && s.size === 0 ? 'empty' : `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
};

export class StoreGuard {
  private readonly watched = new Map<string, string>();
  private cancel: (() => void) | null = null;
  private lost = false;

  constructor(private readonly options: StoreGuardOptions) {}

  start(): void {
    if (this.cancel) return;
    for (const file of this.options.files) {
      const id = identity(file, this.nonEmpty(file));
      if (id && id !== 'empty') this.watched.set(file, id);
    }
    this.schedule();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Checks now; true while every watched file is the one opened. */
  check(): boolean {
    if (this.lost) return false;
    for (const [file, id] of this.watched) {
      const now = identity(file, this.nonEmpty(file));
      if (now === id) continue;
      this.lost = true;
      this.stop();
      const what = now === null ? 'was deleted' : now === 'empty' ? 'was emptied (truncated to 0 bytes)' : 'was replaced by another file';
      this.options.onLost(`${file} ${what} while the daemon had it open`);
      return false;
    }
    return true;
  }

  private nonEmpty(file: string): boolean {
    return this.options.nonEmpty?.includes(file) ?? false;
  }

  private schedule(): void {
    this.cancel = this.options.clock.setTimer(this.options.intervalMs, () => {
      if (this.check()) this.schedule();
    });
  }
}
