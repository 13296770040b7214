import type { FatalAlarm } from '../core/fatal-alarm.js';
import type { KillSwitch, KillSwitchState } from './kill-switch.js';
import { haltSummary, type HaltSummary } from './status-text.js';

/** What halts new entries: the running store found damaged, a fatal condition (the daemon is stopping), the kill switch. */
export type HaltCause = 'store' | 'fatal' | 'kill_switch';

/**
 * Whether new entries are halted now, by what and why. The one answer the risk gate, the health line, /status and
 * /metrics read: each had worked it out from its own sources, and a new cause added to one was missing from another
 * (/status said "not halted" while a fatal alarm or a damaged store halted every entry).
 */
export interface EntryHalt {
  halted: boolean;
  cause: HaltCause | null;
  /** Why, for the operator (the risk gate's refusal, /status): null when not halted. */
  reason: string | null;
  /** What lifts it, when `conclave resume` does not. */
  action: string | null;
  /** The kill switch's state as read for this answer (its flatten, its time), whatever the cause. */
  killSwitch: KillSwitchState;
}

export interface EntryHaltSources {
  killSwitch: Pick<KillSwitch, 'state'>;
  fatal: Pick<FatalAlarm, 'raised'>;
  /** The running store's damage found by its periodic check (periodic-store-check.ts), and what to do; null while sound. */
  storeDamage?: () => { advice: string } | null;
}

/** Why an entry is refused once the running store was found damaged: `conclave resume` does not lift it. */
export const DAMAGED_STORE_HALT =
  'the store was found damaged by its periodic check: no new entries until conclave is restarted on a sound store (restore your latest backup; `conclave resume` does not lift this)';

/**
 * The halt reader. A fatal condition first (the process is on its way out), then a damaged store (only a restart on a
 * sound store lifts it), then the kill switch. `killSwitch` is a state already read (the health line reads it once to
 * log its changes); by default it is read now.
 */
export function entryHaltOf(sources: EntryHaltSources): (killSwitch?: KillSwitchState) => EntryHalt {
  return (killSwitch = sources.killSwitch.state()) => {
    const fatal = sources.fatal.raised;
    if (fatal) return { halted: true, cause: 'fatal', reason: `the daemon is stopping on a fatal condition (${fatal.reason}): no new entries`, action: fatal.action, killSwitch };
    const damage = sources.storeDamage?.() ?? null;
    if (damage) return { halted: true, cause: 'store', reason: DAMAGED_STORE_HALT, action: damage.advice, killSwitch };
    if (killSwitch.halted) return { halted: true, cause: 'kill_switch', reason: killSwitch.reason ?? 'kill switch is on', action: null, killSwitch };
    return { halted: false, cause: null, reason: null, action: null, killSwitch };
  };
}

/** The risk gate's reading: the kill switch keeps its own refusal (`true`), any other cause refuses with its reason. */
export function riskGateHalt(halt: EntryHalt): boolean | string {
  if (!halt.halted) return false;
  return halt.cause === 'kill_switch' ? true : halt.reason!;
}

/** The halt as /status and `conclave status --json` have it: a cause other than the kill switch keeps its flatten. */
export function haltStatus(halt: EntryHalt): HaltSummary | null {
  if (halt.cause === null) return null;
  if (halt.cause === 'kill_switch') return haltSummary(halt.killSwitch);
  return { cause: halt.cause, reason: halt.action ? `${halt.reason!}; ${halt.action}` : halt.reason, since: null, flatten: haltSummary(halt.killSwitch)?.flatten ?? null };
}
