/**
 * The exit settings a daemon judges its positions by, recorded in its store at start: an operator who edits the
 * configuration and runs `conclave status` before the restart saw the levels of the edited settings, which the running
 * daemon does not judge by, and took them for in force. Status beside a running daemon shows the daemon's levels and
 * names the edited settings that wait for its next start.
 */
import type { Config } from '../config/config.js';
import type { Db } from '../store/database.js';
import { runningOwner } from '../store/store-lock.js';
import { hasMeta, metaValue, setMeta } from '../store/store-meta.js';
import { exitRulesOf, type ExitRules } from './exit-rules.js';

const KEY = 'exit_settings';
const KEYS = ['stopLossPct', 'takeProfitPct', 'trailingStopPct', 'trailingActivationPct', 'atrStopMultiple', 'maxHoldMs', 'maxHoldBars'] as const;
export type ExitSettings = Pick<Config, (typeof KEYS)[number]>;

const settingsOf = (config: ExitSettings): ExitSettings => Object.fromEntries(KEYS.map((k) => [k, config[k]])) as unknown as ExitSettings;

/** Records the exit settings this daemon judges by (at start). */
export function recordExitSettings(db: Db, config: Config): void {
  setMeta(db, KEY, JSON.stringify(settingsOf(config)));
}

export interface RunningExitSettings {
  /** The rules the running daemon judges by. */
  rules: ExitRules;
  /** When the daemon started (its lock's record). */
  since: string;
  /** The settings whose configured value the daemon does not judge by yet, until its next start. */
  pending: { key: string; running: number; configured: number }[];
}

/** The exit settings the last daemon started with, as recorded in the store; null when none were (or unreadable). */
export function recordedExitSettings(db: Db): ExitSettings | null {
  if (!hasMeta(db)) return null;
  const raw = metaValue(db, KEY);
  try {
    const recorded = raw === undefined ? null : (JSON.parse(raw) as ExitSettings | null);
    return recorded !== null && KEYS.every((k) => typeof recorded[k] === 'number') ? recorded : null;
  } catch {
    return null;
  }
}

/** The settings of `from` that `to` changes, each with both values. */
export function changedExitSettings(from: ExitSettings, to: ExitSettings): { key: string; running: number; configured: number }[] {
  return KEYS.filter((k) => from[k] !== to[k]).map((key) => ({ key, running: from[key], configured: to[key] }));
}

/** The settings of the daemon running on the store when they differ from `config`; null when none runs, or they are the same. */
export function runningExitSettings(db: Db, storeFile: string, config: Config): RunningExitSettings | null {
  const owner = runningOwner(storeFile);
  if (!owner) return null;
  const running = recordedExitSettings(db);
  if (running === null) return null;
  const pending = changedExitSettings(running, config);
  return pending.length === 0 ? null : { rules: exitRulesOf(running), since: owner.startedAt, pending };
}

const INTERVAL_KEY = 'position_check_interval_ms';

/**
 * The daemon records the interval it checks positions at (at start): status judges its marks by that, not by a
 * configuration edited since (lowered from 60 s to 10 s before a restart, every fresh mark read as stale).
 */
export function recordCheckInterval(db: Db, ms: number): void {
  setMeta(db, INTERVAL_KEY, String(ms));
}

export function recordedCheckInterval(db: Db): number | undefined {
  const ms = hasMeta(db) ? Number(metaValue(db, INTERVAL_KEY)) : NaN;
  return ms > 0 ? ms : undefined;
}
