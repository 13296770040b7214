import { storeCheckStatusLine, type StoreCheckRecord } from '../store/store-check-record.js';
import { money, quantity } from '../core/display-format.js';
import { heldText } from './other-mode-store.js';
import type { accountSummary } from './account-summary.js';
import type { HaltCause } from './entry-halt.js';
import { modeSettings, type KillSwitchState } from './kill-switch.js';

/**
 * A halt as `conclave status` and /status show it: what halts entries (entry-halt.ts), why and since when, and where this
 * mode's flatten stands (null: not halted).
 */
export interface HaltSummary {
  cause: HaltCause;
  reason: string | null;
  since: number | string | null;
  /** 'under way': open positions are being closed; 'done': they were; null: no flatten asked (or another mode's). */
  flatten: 'under way' | 'done' | null;
  /** The mode whose daemon or command engaged the kill switch (only that mode's `conclave resume` lifts it); absent: by hand. */
  engagedBy?: string;
}

export function haltSummary(state: KillSwitchState): HaltSummary | null {
  if (!state.halted) return null;
  const flatten = state.flatten === true ? 'under way' : state.flattened === true ? 'done' : null;
  return { cause: 'kill_switch', reason: state.reason ?? null, since: state.since ?? null, flatten, ...(state.mode !== undefined ? { engagedBy: state.mode } : {}) };
}

function haltText(halt: HaltSummary | null | undefined, mode: string): string {
  if (!halt) return ' (HALTED: no new entries)';
  // The store's damage is said on the next line, with what to do. (A fatal condition is the running daemon's alone.)
  if (halt.cause === 'store') return ' (HALTED: no new entries: the store was found damaged; `conclave resume` does not lift it)';
  // Another mode's halt is lifted only from that mode (kill-switch.ts resume): "`conclave resume` lifts it" was refused.
  const by = halt.engagedBy;
  const lifts = by !== undefined && by !== mode ? `engaged by ${by}: \`conclave resume\` with ${by}'s configuration (${modeSettings(by)}) lifts it` : '`conclave resume` lifts it';
  return ` (HALTED${sinceText(halt.since)}: no new entries${halt.reason ? `: ${halt.reason}` : ''}${flattenText(halt.flatten)}; ${lifts})`;
}


/** Since when the kill switch is on (its file's time, epoch ms or as written), as it follows HALTED ('' when unknown). */
export function sinceText(since: unknown): string {
  return typeof since === 'number' ? ` since ${new Date(since).toISOString()}` : typeof since === 'string' ? ` since ${since}` : '';
}

/** Where a halt's flatten stands, as `conclave status` and `conclave health` say it after HALTED ('' when none). */
export function flattenText(flatten: unknown): string {
  return flatten === 'under way' ? '; flatten under way: open positions are being closed' : flatten === 'done' ? '; flattened: the positions were closed' : '';
}

type StatusSummary = ReturnType<typeof accountSummary> & {
  mode: string;
  halted: boolean;
  /** exchangeStop is on (live): a position without its protective stop says `exchange stop none`. */
  exchangeStop?: boolean;
  /** What halts entries, why, since when and the flatten, when halted. */
  halt?: HaltSummary | null;
  /** What the other mode's store in the data dir holds, which no daemon of this mode manages (null: nothing). */
  otherMode?: { store: string; mode: string; positions: string[]; ordersInFlight: number } | null;
  /** Open positions whose mark the running daemon has not renewed for three checks: it cannot price them (cli-stale-marks.ts). */
  staleMarks?: { symbol: string; markedAt: string }[];
  /** Settings edited since the running daemon started, which it judges by only from its next start. */
  pendingSettings?: { since: string; settings: { key: string; running: number; configured: number }[] };
  /** The last periodic check of the store a daemon recorded in it (store-check-record.ts); null when none ran. */
  storeCheck?: StoreCheckRecord | null;
};

/**
 * A price with four decimals, and below 1 with five significant digits: with four fixed decimals a position in a coin
 * at 0.0000027 read "avg 0.0000  mark 0.0000  stop 0.0000".
 */
export function statusPrice(x: number): string {
  const a = Math.abs(x);
  const decimals = a >= 1 || !(a > 0) || !Number.isFinite(a) ? 4 : Math.min(20, 4 - Math.floor(Math.log10(a)));
  return x.toFixed(decimals);
}

/** What `conclave status` prints. */
export function statusLines(summary: StatusSummary, file = 'the store'): string[] {
  const lines = [
    `mode ${summary.mode}${summary.mode === 'testnet' ? ' (live on the exchange’s testnet: play money)' : ''}${summary.halted ? haltText(summary.halt, summary.mode) : ''}`,
    // Damage found is said before the money: it is what to act on first.
    ...(summary.storeCheck ? [storeCheckStatusLine(summary.storeCheck, file)] : []),
    `cash ${money(summary.cash)}  equity ${money(summary.equity)}  realized ${money(summary.realizedPnl)} before fees  fees ${money(summary.fees)}  (started with ${money(summary.startingCash)})`,
    `ledger ${summary.ledger.ok ? 'ok' : `BROKEN (diff ${summary.ledger.diff})`}`,
    `positions ${summary.positions.length}`,
  ];
  for (const p of summary.positions) {
    const stop = p.stopLevel !== null ? `  stop ${statusPrice(p.stopLevel)} (${p.stopRule!.replace('_', ' ')})` : '';
    const target = p.targetLevel !== null ? `  target ${statusPrice(p.targetLevel)}` : '';
    const guard = p.protectiveStop ? `  exchange stop ${p.protectiveStop.clientOrderId} (${p.protectiveStop.status})` : summary.exchangeStop ? '  exchange stop none' : '';
    lines.push(`  ${p.symbol.padEnd(10)} qty ${quantity(p.qty)}  avg ${statusPrice(p.avgPrice)}  mark ${statusPrice(p.markPrice)}  unrealized ${money(p.unrealizedPnl)}${stop}${target}${guard}`);
  }
  const stale = summary.staleMarks ?? [];
  // Every mark old at once is the daemon itself as often as the market (a hung or stopped process, SIGSTOP): a
  // delisting was blamed for each position of a daemon that had stopped working.
  // One position alone is as likely its symbol's fault (a delisting, what write-off is for): said per symbol.
  if (stale.length > 1 && stale.length === summary.positions.length) {
    const newest = stale.map((s) => s.markedAt).sort().at(-1)!;
    lines.push(`  no position's mark is newer than ${newest}: the running daemon has priced none for three position checks: it is stuck (conclave health says SILENT), or its market source is down (conclave health names it); no stop, target or exit runs meanwhile`);
  } else {
    for (const s of stale) {
      lines.push(`  ${s.symbol}: its mark is from ${s.markedAt}: the running daemon cannot price it (delisted? its source down?), so no stop, target or exit runs for it; conclave health and the daemon's log say why`);
    }
  }
  const pending = summary.pendingSettings;
  if (pending) {
    const which = pending.settings.map((p) => `${p.key} ${p.running} (configured: ${p.configured})`).join(', ');
    lines.push(`  levels of the daemon running since ${pending.since}, which judges by ${which}: the configured values apply from its next start`);
  }
  if (summary.inFlightOrders.length > 0) lines.push(`orders in flight ${summary.inFlightOrders.length}`);
  // Which: an operator deciding on a halt --flatten needs to know what is already on its way.
  for (const o of summary.inFlightOrders) lines.push(`  ${o.symbol.padEnd(10)} ${o.purpose === 'protective stop' ? 'protective stop ' : ''}${o.side} ${quantity(o.qty)}  ${o.status}  ${o.clientOrderId}`);
  const other = summary.otherMode;
  if (other) {
    lines.push(`other mode: ${other.store} holds ${heldText(other.positions, other.ordersInFlight)}, managed only while a ${other.mode} daemon (CONCLAVE_MODE=${other.mode}) runs on this data dir`);
  }
  lines.push(`counts ${Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines;
}
