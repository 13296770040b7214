import type { EventBus } from '../bus/event-bus.js';
import type { BreakerEvent } from '../bus/events.js';
import type { FlattenEvent, PositionEvent, RiskEvent } from '../domain/events.js';
import type { Clock } from '../core/clock.js';
import { staleLoops, type LoopHealth } from '../health/staleness.js';
import type { HaltCause } from '../trading/entry-halt.js';
import { damagedWhileRunningAdvice } from '../store/restore-advice.js';
import { money, price, qty, type Notice, type NoticeKind } from './notice.js';

const DAY_MS = 86_400_000;
const HALT_RULES = new Set(['kill_switch', 'daily_loss_limit', 'max_drawdown']);
/** What still halts entries once the kill switch is lifted, by the health line's `haltCause`. */
const STILL_HALTED: Partial<Record<HaltCause, string>> = { store: 'the store is damaged', fatal: 'conclave is stopping on a fatal condition' };

export interface EventNoticesOptions {
  clock: Clock;
  bus: EventBus;
  /** Kinds to tell; the others are ignored. */
  kinds: ReadonlySet<NoticeKind>;
  /** Where each notice goes (the channels' queues: it must not block). */
  emit: (notice: Notice) => void;
  /** The kill switch's reason, when the health line says it is on. */
  haltReason?: () => string | undefined;
}

interface DayTally {
  entries: number;
  exits: number;
  realized: number;
  wins: number;
  halts: number;
  startEquity: number | null;
}

/**
 * Turns bus events into notices: entries, exits with P&L, halts (the risk gate's kill switch, daily loss and drawdown
 * rules, the kill switch seen by the health line, a halt --flatten done or waiting for a position it cannot sell yet),
 * loops gone stale, source breakers opening and closing, a fatal error, and a summary when the clock's UTC day rolls.
 * Each condition is told when it starts and when it ends, not on every event that meets it.
 */
export class EventNotices {
  private readonly offs: (() => void)[] = [];
  /** Halt rules already told, until entries pass again (or the day rolls, or the kill switch is lifted). */
  private readonly halts = new Set<string>();
  private stale = new Set<string>();
  /** Open positions the exchange refuses to price (the health line's positions.unpriced), told once each. */
  private unpriced = new Set<string>();
  private killSwitchOn: boolean | null = null;
  /** The running store found damaged (the health line's storeCheck.damage): told once, it lasts the run. */
  private storeDamageTold = false;
  private equity: number | null = null;
  private openPositions: number | null = null;
  private tally: DayTally = { entries: 0, exits: 0, realized: 0, wins: 0, halts: 0, startEquity: null };
  private cancelRoll: (() => void) | null = null;

  constructor(private readonly options: EventNoticesOptions) {}

  start(): void {
    const { bus } = this.options;
    this.offs.push(
      bus.on('position', (e) => this.onPosition(e)),
      bus.on('risk', (e) => this.onRisk(e)),
      bus.on('health', (h) => this.onHealth(h)),
      bus.on('source.breaker', (e) => this.onBreaker(e)),
      bus.on('flatten', (e) => this.onFlatten(e)),
      // At once, not with the next health line (which carries it too: told once either way).
      bus.on('store.damaged', (e) => this.onStoreDamage(e)),
      bus.on('fatal', (e) => this.tell('fatal', 'critical', 'conclave is stopping on a fatal error', `${e.error} (${e.reason})`)),
    );
    this.scheduleRoll();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.cancelRoll?.();
    this.cancelRoll = null;
  }

  private tell(kind: NoticeKind, severity: Notice['severity'], title: string, text: string): void {
    if (this.options.kinds.has(kind)) this.options.emit({ kind, severity, title, text, at: this.options.clock.now() });
  }

  private onPosition(e: PositionEvent): void {
    if (e.change === 'opened' || e.change === 'increased') {
      this.tally.entries++;
      this.tell('entry', 'info', `BUY ${e.symbol}`, `${e.change === 'opened' ? 'opened' : 'added to'} ${qty(e.qty)} @ ${price(e.price)}`);
      return;
    }
    const pnl = e.realizedPnl ?? 0;
    this.tally.exits++;
    this.tally.realized += pnl;
    if (pnl > 0) this.tally.wins++;
    const pct = e.avgPrice > 0 ? ` (${money((e.price / e.avgPrice - 1) * 100)} %)` : '';
    const what = e.change === 'closed' ? 'closed' : `reduced to ${qty(e.qty)}`;
    this.tell('exit', 'info', `SELL ${e.symbol}`, `${what} @ ${price(e.price)}, entry ${price(e.avgPrice)}: P&L ${money(pnl)}${pct}${e.reason ? `; ${e.reason}` : ''}`);
  }

  private onRisk(e: RiskEvent): void {
    if (e.outcome !== 'rejected') {
      this.halts.clear(); // entries pass again: the next halt is news
      return;
    }
    if (!e.rule || !HALT_RULES.has(e.rule) || this.halts.has(e.rule)) return;
    this.halts.add(e.rule);
    this.tally.halts++;
    this.tell('halt', 'critical', `trading halted (${e.rule.replace(/_/g, ' ')})`, e.reason);
  }

  private onHealth(h: Record<string, unknown>): void {
    if (typeof h.equity === 'number') this.equity = h.equity;
    this.tally.startEquity ??= this.equity;
    const open = (h.positions as { open?: unknown } | undefined)?.open;
    if (typeof open === 'number') this.openPositions = open;
    // A position the exchange no longer lists no longer turns the position check stale: told here instead.
    const unpriced = (h.positions as { unpriced?: unknown } | undefined)?.unpriced;
    if (h.positions && typeof h.positions === 'object') {
      const now = new Set(Array.isArray(unpriced) ? unpriced.map(String) : []);
      for (const symbol of now) if (!this.unpriced.has(symbol)) this.tell('stale', 'warning', `position in ${symbol} unmanaged`, 'the exchange refuses the symbol (delisted?): no stop, target or exit runs for it; the log says why');
      for (const symbol of this.unpriced) if (!now.has(symbol)) this.tell('stale', 'info', `position in ${symbol} managed again`, 'it is priced again, or no longer held');
      this.unpriced = now;
    }

    this.onStoreDamage(h.storeCheck);
    // Halted by a damaged store or a fatal condition, not by the kill switch: each is told as itself (above, `fatal`). A
    // line without `killSwitch` (none but a test's) takes every halt for the switch's.
    const killSwitch = typeof h.killSwitch === 'boolean' ? h.killSwitch : typeof h.halted === 'boolean' ? h.halted : undefined;
    if (killSwitch !== undefined && killSwitch !== this.killSwitchOn) {
      const before = this.killSwitchOn;
      this.killSwitchOn = killSwitch;
      if (killSwitch && !this.halts.has('kill_switch')) {
        this.halts.add('kill_switch');
        this.tally.halts++;
        this.tell('halt', 'critical', 'kill switch on', `${this.options.haltReason?.() ?? 'halt file present'}: no new entries until \`conclave resume\``);
      } else if (!killSwitch && before === true) {
        this.halts.delete('kill_switch');
        this.tell('halt', 'info', 'kill switch lifted', h.halted === true ? `entries stay halted: ${STILL_HALTED[h.haltCause as HaltCause] ?? 'the store is damaged or conclave is stopping'}` : 'entries allowed again');
      }
    }

    const loops = h.loops as Record<string, LoopHealth> | undefined;
    if (loops && typeof loops === 'object') {
      const now = this.options.clock.now();
      const stale = new Set(staleLoops(loops, now));
      for (const name of stale) {
        if (this.stale.has(name)) continue;
        const loop = loops[name]!;
        const since = loop.lastOkAt ?? loop.startedAt ?? null;
        const ago = since === null ? 'never succeeded' : `last success ${Math.round((now - since) / 1000)} s ago`;
        this.tell('stale', 'warning', `loop ${name} stale`, `${ago} (interval ${Math.round(loop.intervalMs / 1000)} s, errors ${loop.errors})`);
      }
      for (const name of this.stale) if (!stale.has(name)) this.tell('stale', 'info', `loop ${name} fresh again`, 'it succeeded within its intervals');
      this.stale = stale;
    }
  }

  /** The running store found damaged by its periodic check: halted for the rest of the run; what to do. */
  private onStoreDamage(check: unknown): void {
    const { damage, file } = (check ?? {}) as { damage?: unknown; file?: unknown };
    if (typeof damage !== 'string' || this.storeDamageTold) return;
    this.storeDamageTold = true;
    this.tally.halts++;
    const store = typeof file === 'string' ? file : 'the store';
    this.tell(
      'halt',
      'critical',
      'store damaged: new entries halted',
      `the periodic check found ${store} damaged (${damage}): no new entries until conclave is restarted on a sound store (\`conclave resume\` does not lift it); ` +
        `open positions are still watched and exited. Do not trade on it: ${damagedWhileRunningAdvice(store)}`,
    );
  }

  /** A halt --flatten's outcome (its position monitor tells each once): an operator away from the screen learns it. */
  private onFlatten(e: FlattenEvent): void {
    const why = e.reason ? ` (${e.reason})` : '';
    if (e.state === 'done') this.tell('halt', 'info', 'flatten done', `every position is closed${why}; entries stay halted until \`conclave resume\``);
    else this.tell('halt', 'warning', 'flatten waiting', `cannot sell yet: ${e.waitingFor.join('; ')}${why}. The flatten goes on and ends once they are sold; \`conclave status\` says where it stands`);
  }

  private onBreaker(e: BreakerEvent): void {
    if (e.to === 'open' && e.from === 'closed') {
      this.tell('breaker', 'warning', `source ${e.source} unavailable`, `circuit opened after ${e.consecutiveFailures} failures${e.lastError ? `: ${e.lastError}` : ''}`);
    } else if (e.to === 'closed') {
      this.tell('breaker', 'info', `source ${e.source} recovered`, 'circuit closed after a good probe');
    }
  }

  /** The day's summary at each UTC midnight of the clock (replay time in replay, wall time live). */
  private scheduleRoll(): void {
    const now = this.options.clock.now();
    const next = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    const roll = () => {
      // Timers run on the monotonic clock: after the wall clock stepped back, midnight is still to come. Summing up
      // now would tell the day early, and again at its real end.
      const at = this.options.clock.now();
      if (at < next) {
        this.cancelRoll = this.options.clock.setTimer(next - at, roll);
        return;
      }
      this.summarize(next - DAY_MS);
      this.scheduleRoll();
    };
    this.cancelRoll = this.options.clock.setTimer(next - now, roll);
  }

  private summarize(dayStart: number): void {
    const t = this.tally;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const parts = [`${t.entries} entries`, `${t.exits} exits (${t.wins} won)`, `realised P&L ${money(t.realized)}`];
    if (this.equity !== null) {
      const change = t.startEquity ? ` (${money((this.equity / t.startEquity - 1) * 100)} % on the day)` : '';
      parts.push(`equity ${this.equity.toFixed(2)}${change}`);
    }
    if (this.openPositions !== null) parts.push(`${this.openPositions} open positions`);
    if (t.halts > 0) parts.push(`${t.halts} halts`);
    this.tell('summary', 'info', `daily summary ${day}`, parts.join(', '));
    this.tally = { entries: 0, exits: 0, realized: 0, wins: 0, halts: 0, startEquity: this.equity };
    this.halts.delete('daily_loss_limit'); // a new day: the daily loss limit starts over
  }
}
