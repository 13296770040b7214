/**
 * The kill switch is a file in the data dir (`HALT`), so `conclave halt` and `conclave resume` from another process,
 * and a plain `touch data/HALT`, all work without talking to the daemon. While the file exists no entry passes the
 * risk gate. Reading is a stat, cheap enough for every decision; a file that cannot be read or parsed counts as halted,
 * because the safe side of doubt is not trading.
 */
import { closeSync, constants, fstatSync, openSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { makeFolder } from '../core/make-folder.js';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock.js';
import { OperationalError, errorMessage } from '../core/errors.js';
import { withChanges } from '../core/with-changes.js';

export interface KillSwitchState {
  halted: boolean;
  reason?: string;
  /** Epoch ms (or the string written by an operator) since when trading is halted. */
  since?: number | string;
  /** Whether open positions should be closed too. */
  flatten?: boolean;
  /** Whether this halt's flatten has closed them (then `flatten` is false): the log says what was done. */
  flattened?: boolean;
}

export interface KillSwitchOptions {
  /** Path of the halt file, conventionally `<dataDir>/HALT`. */
  file: string;
  /** Stamps `since`; without it `since` is the file's modification time. */
  clock?: Clock;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** What `conclave halt` writes is well under this; a longer file is not one it wrote. */
const MAX_BYTES = 16 * 1024;
/** A reason is read at most this long (it goes into log lines and the cockpit). */
const MAX_REASON = 1_000;

/**
 * The halt file's text, or what is wrong with it. It is read on every position check and health line, on the event
 * loop: a FIFO there blocked the daemon for good (SIGTERM could not end it), a link to /dev/zero filled its memory and
 * a huge file stalled it. So: opened without blocking, a regular file only, at most MAX_BYTES read.
 */
function readSmallFile(file: string): { text: string; mtime: number } | string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return 'is not a regular file';
    if (info.size > MAX_BYTES) return `is ${info.size} bytes, not a halt file conclave wrote (at most ${MAX_BYTES})`;
    const buffer = Buffer.alloc(MAX_BYTES);
    const n = readSync(fd, buffer, 0, MAX_BYTES, 0);
    return { text: buffer.toString('utf8', 0, n), mtime: info.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

export class KillSwitch {
  private readonly file: string;
  private readonly clock: Clock | undefined;

  constructor(options: KillSwitchOptions) {
    this.file = options.file;
    this.clock = options.clock;
  }

  isHalted(): boolean {
    try {
      statSync(this.file);
      return true;
    } catch (error) {
      // Only "no such file" means running; any other failure (permissions, I/O) is doubt, and doubt halts.
      return code(error) !== 'ENOENT';
    }
  }

  state(): KillSwitchState {
    let text: string;
    let mtime: number;
    try {
      const read = readSmallFile(this.file);
      if (typeof read === 'string') return { halted: true, reason: `halt file ${this.file} ${read}; halted to be safe: remove it or run \`conclave resume\`` };
      ({ text, mtime } = read);
    } catch (error) {
      if (code(error) === 'ENOENT') return { halted: false };
      return { halted: true, reason: `cannot read halt file ${this.file} (${errorMessage(error)}); halted to be safe` };
    }
    if (text.trim() === '') return { halted: true, reason: `halt file ${this.file} present`, since: Math.round(mtime) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return {
        halted: true,
        reason: `halt file ${this.file} is not valid JSON (${errorMessage(error)}); halted to be safe: fix it or run \`conclave resume\``,
        since: Math.round(mtime),
      };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { halted: true, reason: `halt file ${this.file} does not hold a JSON object; halted to be safe`, since: Math.round(mtime) };
    }
    const record = parsed as Record<string, unknown>;
    const since = typeof record.since === 'number' ? record.since : typeof record.since === 'string' ? record.since.slice(0, 100) : Math.round(mtime);
    return {
      halted: true,
      reason: typeof record.reason === 'string' && record.reason !== '' ? record.reason.slice(0, MAX_REASON) : `halt file ${this.file} present`,
      since,
      flatten: record.flatten === true,
      ...(record.flattened === true ? { flattened: true } : {}),
    };
  }

  /**
   * Halts entries; with `flatten` the daemon also closes open positions (then calls `flattened()`). A halt only adds:
   * a flatten still pending from an earlier halt stays (a second `halt` without it dropped it, positions left open).
   * Returns whether a flatten is pending after it.
   */
  halt(reason: string, flatten = false): boolean {
    const since = this.clock?.now();
    const pending = flatten || (this.state().halted && this.state().flatten === true);
    this.write({ halted: true, reason, ...(since === undefined ? {} : { since }), flatten: pending });
    return pending;
  }

  /** Records that the positions were closed, so a restart does not flatten again; trading stays halted. */
  flattened(): void {
    const current = this.state();
    if (!current.halted || !current.flatten) return;
    this.write(withChanges(current, { flatten: false, flattened: true }));
  }

  resume(): void {
    try {
      unlinkSync(this.file);
    } catch (error) {
      if (code(error) === 'ENOENT') return;
      throw new OperationalError(`cannot remove halt file ${this.file} (${errorMessage(error)}): remove it by hand to resume trading`, {
        cause: error,
      });
    }
  }

  private write(state: KillSwitchState): void {
    // Write then rename: a reader sees the old file or the new one, never half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      makeFolder(dirname(this.file));
      writeFileSync(tmp, `${JSON.stringify(state)}\n`);
      renameSync(tmp, this.file);
    } catch (error) {
      // A half-written or unrenamed temporary file is no halt: left behind, it would only puzzle the operator.
      try {
        rmSync(tmp, { force: true });
      } catch {
        // The write's own error below says more than a failed clean-up would.
      }
      throw new OperationalError(`cannot write halt file ${this.file} (${errorMessage(error)}): check the data dir's permissions`, {
        cause: error,
      });
    }
  }
}
