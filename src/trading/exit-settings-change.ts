/**
 * Exit settings changed between two starts while positions are held: what each held position is judged by changes
 * at the first check (a trailing stop turned on sells one already that far below its peak; a stopLossPct lowered
 * changes nothing for a position that carries its BUY's own stop). Said once at start, per position, so the operator
 * learns it from the daemon rather than from the fills.
 */
import type { Logger } from '../core/logger.js';
import type { PositionRow } from '../store/account-repository.js';
import { exitLevels } from './bar-exit.js';
import { exitPositionOf, exitRulesOf } from './exit-rules.js';
import { changedExitSettings, type ExitSettings } from './running-exit-settings.js';
import { statusPrice } from './status-text.js';

/** A position's stop and target under `settings`, as status shows them. */
function levelsText(p: Readonly<PositionRow>, settings: ExitSettings): string {
  const rules = exitRulesOf(settings);
  const { stop, target } = exitLevels(exitPositionOf(p), p, rules);
  return `stop ${stop ? `${statusPrice(stop.level)} (${stop.reason.replace('_', ' ')})` : 'none'}, target ${target !== null ? statusPrice(target) : 'none'}`;
}

/** Whether the time stop now ends holdings sooner: turned on, or shortened, in the same unit (bars or ms). */
function timeStopTighter(previous: ExitSettings, now: ExitSettings): boolean {
  if (now.maxHoldBars > 0) return previous.maxHoldBars === 0 || now.maxHoldBars < previous.maxHoldBars;
  if (now.maxHoldMs > 0) return previous.maxHoldBars > 0 || previous.maxHoldMs === 0 || now.maxHoldMs < previous.maxHoldMs;
  return false;
}

/** Says which exit settings changed since the last start and what that does to each held position's levels. */
export function reportExitSettingsChange(previous: ExitSettings | null, now: ExitSettings, positions: readonly PositionRow[], logger: Logger): void {
  if (previous === null || positions.length === 0) return;
  const changed = changedExitSettings(previous, now);
  if (changed.length === 0) return;
  const settings = changed.map((c) => `${c.key} ${c.running} → ${c.configured}`).join(', ');
  const moved = positions
    .map((p) => ({ symbol: p.symbol, before: levelsText(p, previous), after: levelsText(p, now) }))
    .filter((m) => m.before !== m.after);
  const time = changed.some((c) => c.key === 'maxHoldMs' || c.key === 'maxHoldBars')
    ? ' The time stop counts from each position\'s entry: one held longer than the new limit exits at the first check.'
    : '';
  if (moved.length === 0 && !timeStopTighter(previous, now)) {
    logger.info({ changed }, `exit settings changed since the last start (${settings}): no held position's stop or target moves (each carries the stop and target of its BUY where it has them).${time}`);
    return;
  }
  const levels = moved.length > 0
    ? `held positions are judged from the first check by ${moved.map((m) => `${m.symbol} ${m.before} → ${m.after}`).join('; ')}; a level the price is already past exits then.`
    : "no held position's stop or target moves.";
  logger.warn({ changed, positions: moved }, `exit settings changed since the last start (${settings}): ${levels}${time}`);
}
