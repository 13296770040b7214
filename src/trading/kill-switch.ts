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
import { shellArg } from '../core/shell-arg.js';
import { printable } from '../core/printable.js';

export interface KillSwitchState {
  halted: boolean;
  reason?: string;
  /** Epoch ms (or the string written by an operator) since when trading is halted. */
  since?: number | string;
  /** Whether open positions should be closed too. */
  flatten?: boolean;
  /** Whether this halt's flatten has closed them (then `flatten` is false): the log says what was done. */
  flattened?: boolean;
  /** The mode (paper, live or testnet) whose daemon or command engaged it (live, once live has); absent for a file written by hand. */
  mode?: string;
  /** The mode whose positions a pending flatten closes; absent: every mode's. */
  flattenMode?: string;
}

/** The settings that select a mode, as a command line's environment gives them. */
export const modeSettings = (mode: string): string => (mode === 'testnet' ? 'CONCLAVE_MODE=live CONCLAVE_EXCHANGE_TESTNET=true' : `CONCLAVE_MODE=${mode}`);

export interface KillSwitchOptions {
  /** Path of the halt file, conventionally `<dataDir>/HALT`. */
  file: string;
  /** Stamps `since`; without it `since` is the file's modification time. */
  clock?: Clock;
  /**
   * The mode of the daemon or command using it. Paper and live daemons on one data dir share the file, so a halt
   * records its mode: a flatten closes only that mode's positions, and another mode cannot lift it.
   */
  mode?: string;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** What `conclave halt` writes is well under this; a longer file is not one it wrote. */
const MAX_BYTES = 16 * 1024;
/** A reason is read at most this long (it goes into log lines and the cockpit), without control characters (status and health print it). */
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

/** A resume refused because another mode engaged the halt: the operator must act, nothing failed. */
export class ForeignHaltError extends OperationalError {}

export class KillSwitch {
  private readonly file: string;
  private readonly clock: Clock | undefined;
  private readonly mode: string | undefined;

  constructor(options: KillSwitchOptions) {
    this.file = options.file;
    this.clock = options.clock;
    this.mode = options.mode;
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

  /** The halt as the file has it; a flatten another mode asked for does not close this daemon's positions. */
  state(): KillSwitchState {
    const read = this.read();
    return read.flatten === true && !this.flattensHere(read) ? withChanges(read, { flatten: false }) : read;
  }

  /** Whether a pending flatten closes this daemon's positions: its own mode's, or every mode's. */
  private flattensHere(s: Pick<KillSwitchState, 'flatten' | 'flattenMode'>): boolean {
    return s.flatten === true && (s.flattenMode === undefined || this.mode === undefined || s.flattenMode === this.mode);
  }

  private read(): KillSwitchState {
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
    const reason = typeof record.reason === 'string' ? printable(record.reason) : '';
    const since = typeof record.since === 'number' ? record.since : typeof record.since === 'string' ? printable(record.since.slice(0, 100)) : Math.round(mtime);
    const modeOf = (value: unknown) => (value === 'paper' || value === 'live' || value === 'testnet' ? value : undefined);
    const mode = modeOf(record.mode);
    const flattenMode = record.flatten === true ? modeOf(record.flattenMode) : undefined;
    return {
      halted: true,
      reason: reason.trim() !== '' ? reason.slice(0, MAX_REASON) : `halt file ${this.file} present`,
      since,
      flatten: record.flatten === true,
      ...(record.flattened === true ? { flattened: true } : {}),
      ...(mode !== undefined ? { mode } : {}),
      ...(flattenMode !== undefined ? { flattenMode } : {}),
    };
  }

  /**
   * Halts entries; with `flatten` the daemon also closes open positions (then calls `flattened()`). A halt only adds:
   * a flatten still pending from an earlier halt stays (a second `halt` without it dropped it, positions left open).
   * Returns whether a flatten is pending after it.
   */
  halt(reason: string, flatten = false): boolean {
    const current = this.read();
    // Halted since the first halt: a second one (another reason, a flatten) moved "since" on, understating how long.
    const since = current.halted && current.since !== undefined ? current.since : this.clock?.now();
    const earlier = current.halted && current.flatten === true;
    // A halt live has engaged stays live's to lift, whoever halts again; otherwise the first mode's.
    const before = current.halted ? current.mode : undefined;
    const mode = before === 'live' || this.mode === 'live' ? 'live' : (before ?? this.mode);
    // A flatten closes the positions of the mode that asked for it; asked by two modes, of both.
    const flattenMode = !flatten ? current.flattenMode : earlier && current.flattenMode !== this.mode ? undefined : this.mode;
    // Cut as a read cuts it: a reason past the file's size limit made a file the next read refused, its flatten lost.
    const written: KillSwitchState = {
      halted: true, reason: reason.slice(0, MAX_REASON), ...(since === undefined ? {} : { since }), flatten: flatten || earlier,
      ...(mode !== undefined ? { mode } : {}), ...((flatten || earlier) && flattenMode !== undefined ? { flattenMode } : {}),
    };
    this.write(written);
    return this.flattensHere(written);
  }

  /** Records that the positions were closed, so a restart does not flatten again; trading stays halted. */
  flattened(): void {
    const current = this.read();
    if (!current.halted || !this.flattensHere(current)) return;
    // A flatten of every mode (written by hand) done by one daemon is still to do for the other's positions.
    // The testnet's done leaves paper's and live's both to do (one mode is all the file can name): its own flatten
    // stays asked, which finds nothing more to close.
    if (current.flattenMode === undefined && this.mode === 'testnet') return;
    if (current.flattenMode === undefined && this.mode !== undefined) return this.write(withChanges(current, { flattenMode: this.mode === 'live' ? 'paper' : 'live' }));
    const { flattenMode: _done, ...rest } = current;
    this.write(withChanges(rest, { flatten: false, flattened: true }));
  }

  /** Lifts the halt; throws when another mode's daemon or command engaged it (see `mode`). */
  resume(): void {
    const by = this.read();
    if (by.halted && by.mode !== undefined && this.mode !== undefined && by.mode !== this.mode) {
      throw new ForeignHaltError(
        `the kill switch in ${dirname(this.file)} was engaged by ${by.mode} (${by.reason}), and it halts every daemon on that data dir: ` +
          `lifted from ${this.mode}'s configuration it would let ${by.mode} trade again. Run \`conclave resume\` with ${by.mode}'s configuration ` +
          `(${modeSettings(by.mode)}), or give each mode its own CONCLAVE_DATA_DIR`,
      );
    }
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
      // A folder named HALT refuses the rename, and halts every daemon there already: "check the permissions" sent the
      // operator the wrong way, and read as if nothing were halted.
      const folder = code(error) === 'EISDIR' || code(error) === 'ENOTEMPTY';
      const what = folder
        ? `${this.file} is a folder, not the halt file: it halts every daemon on this data dir already (halted to be safe); remove it (rm -r ${shellArg(this.file)}) and halt again to record the reason`
        : "check the data dir's permissions";
      throw new OperationalError(`cannot write halt file ${this.file} (${errorMessage(error)}): ${what}`, {
        cause: error,
      });
    }
  }
}
