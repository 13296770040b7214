import { staleLoops, type LoopHealth } from './staleness.js';
import { flattenText, sinceText } from '../trading/status-text.js';
import { clockText } from './clock-text.js';
import { storeCheckText } from './store-check-text.js';
import { sourcesText } from './sources-text.js';

export interface HealthLine {
  time: number;
  uptimeS?: number;
  queue?: { depth: number; capacity: number; published: number; consumed: number; dropped: number };
  loops?: Record<string, LoopHealth>;
  eventLoopDelayMs?: { p50: number; p99: number; max: number };
  memory?: { rssMb: number; heapUsedMb: number };
  /** lastHour: absent from the lines of a daemon before it. */
  discussions?: { total: number; p50Ms: number; p95Ms: number; agentFailures: number; lastHour?: { discussions: number; agentFailures: number } };
  positions?: { open: number; unpriced?: string[] };
  equity?: number;
  [key: string]: unknown;
}

/** The last health line among log lines (other lines, and lines that are not JSON, are skipped; a prefix before the JSON is read past). */
export interface LatestHealth {
  line: HealthLine;
  count: number;
  /** "conclave stopped" logged after the latest health line. */
  stoppedAt?: number;
  /** The last fatal line logged after the latest health line: the daemon stopped on an error, not by an operator. */
  fatal?: { at: number; message: string };
  /** The kill switch's reason and since when, from its last "kill switch on" line, while the latest health line is halted. */
  halt?: { reason: string; since?: number | string };
}

export function latestHealth(lines: Iterable<string>): LatestHealth | null {
  const reader = new HealthLogReader();
  for (const line of lines) reader.add(line);
  return reader.result().health;
}

export interface HealthLog {
  health: LatestHealth | null;
  lastFatal?: { at: number; message: string };
}

/**
 * One pass over log lines, a line at a time: the latest health line (as latestHealth), and the last fatal line wherever
 * it stands (with no health line, the only account of a start that failed). The log read can be months of a journal,
 * more than one string or the heap holds, so nothing but the latest lines of interest is kept.
 */
export class HealthLogReader {
  private latest: HealthLine | null = null;
  private count = 0;
  // The daemon's last words on a clean stop ("conclave stopped; store closed"): after the last health line, it is not
  // silent, it stopped. A fatal line says why it stopped: that it stopped at all is then the lesser news.
  private stoppedAt: number | undefined;
  private fatal: { at: number; message: string } | undefined;
  // The health line says only that the daemon is halted; why and since when are in the kill switch's own line.
  private halt: { at: number; reason: string; since?: number | string } | undefined;

  add(raw: string): void {
    // A journald or `docker logs -t` prefix before the JSON ("Dec 02 07:15:27 vm conclave[1234]: {...}") is skipped.
    const text = raw.slice(Math.max(0, raw.indexOf('{'))).trim();
    const stop = text.includes('"conclave stopped');
    const dying = text.includes('"level":"fatal"') || text.includes('"level":60');
    const killSwitch = text.includes('"kill switch on');
    if (!text.startsWith('{') || (!stop && !dying && !killSwitch && !text.includes('"health"'))) return;
    try {
      const parsed = JSON.parse(text) as HealthLine & { msg?: string; level?: unknown };
      // A time no date can hold (1e400, 99999999999999999: a mangled line) is no line to judge; it threw "Invalid time value".
      if (typeof parsed.time !== 'number' || Number.isNaN(new Date(parsed.time).getTime())) return;
      if (stop && parsed.msg?.startsWith('conclave stopped')) this.stoppedAt = Math.max(this.stoppedAt ?? parsed.time, parsed.time);
      if (killSwitch && parsed.msg?.startsWith('kill switch on')) {
        const since = parsed.since;
        this.halt = { at: parsed.time, reason: String(parsed.reason ?? 'halt file present'), ...(typeof since === 'number' || typeof since === 'string' ? { since } : {}) };
      }
      if ((parsed.level === 'fatal' || parsed.level === 60) && (!this.fatal || parsed.time >= this.fatal.at)) this.fatal = { at: parsed.time, message: String(parsed.msg ?? '') };
      // Another program's "health" line (a pino app in the same journal) is not the daemon's: without loops it read as
      // "all loops fresh" with an exit 0, whatever the daemon was doing.
      if (parsed.msg !== 'health' || !hasLoops(parsed)) return;
      this.count++;
      if (!this.latest || parsed.time >= this.latest.time) this.latest = parsed;
    } catch {
      // Not every line of a journal is ours; skip it.
    }
  }

  result(): HealthLog {
    const { latest, count, stoppedAt, fatal, halt } = this;
    const health = latest && {
      line: latest,
      count,
      ...(halt && latest.halted === true && halt.at <= latest.time ? { halt: { reason: halt.reason, ...(halt.since !== undefined ? { since: halt.since } : {}) } } : {}),
      ...(stoppedAt !== undefined && stoppedAt >= latest.time ? { stoppedAt } : {}),
      ...(fatal && fatal.at >= latest.time ? { fatal } : {}),
    };
    return { health, ...(fatal ? { lastFatal: fatal } : {}) };
  }
}

const hasLoops = (line: HealthLine): boolean =>
  typeof line.loops === 'object' && line.loops !== null && !Array.isArray(line.loops) && Object.keys(line.loops).length > 0;

/** A human summary of a health line, and the loops that had gone stale at the line's time. */
export function formatHealth({ line, count, halt }: { line: HealthLine; count: number; halt?: LatestHealth['halt'] }): { text: string; stale: string[]; stalled: string[] } {
  const stale = staleLoops(line.loops ?? {}, line.time);
  const stalled = Array.isArray(line.stalled) ? line.stalled.map(String) : [];
  const out: string[] = [];
  out.push(`latest health line of ${count}: ${new Date(line.time).toISOString()} (uptime ${line.uptimeS ?? '?'} s)`);
  if (line.queue) out.push(`queue     depth ${line.queue.depth}/${line.queue.capacity}  published ${line.queue.published}  consumed ${line.queue.consumed}  dropped ${line.queue.dropped}`);
  for (const [name, loop] of Object.entries(line.loops ?? {})) {
    const before = (t: number) => `${((line.time - t) / 1000).toFixed(1)} s before`;
    // Counted from its start until its first success, as staleness is: a first run under way is not a failure.
    const age =
      loop.lastOkAt !== null ? `last ok ${before(loop.lastOkAt)}` : loop.startedAt != null && !stale.includes(name) ? `first run under way (started ${before(loop.startedAt)})` : 'never succeeded';
    out.push(`loop      ${name.padEnd(16)} runs ${loop.runs}  errors ${loop.errors}  ${age}${stale.includes(name) ? '  STALE' : ''}`);
  }
  if (line.eventLoopDelayMs) out.push(`event loop delay  p50 ${line.eventLoopDelayMs.p50} ms  p99 ${line.eventLoopDelayMs.p99} ms  max ${line.eventLoopDelayMs.max} ms`);
  if (line.memory) out.push(`memory    rss ${line.memory.rssMb} MB  heap ${line.memory.heapUsedMb} MB`);
  if (line.discussions) out.push(`discussions ${line.discussions.total}  p50 ${line.discussions.p50Ms} ms  p95 ${line.discussions.p95Ms} ms  agent failures ${line.discussions.agentFailures}${lastHourText(line.discussions.lastHour)}`);
  if (line.positions) out.push(`positions open ${line.positions.open}  equity ${line.equity ?? '?'}`);
  out.push(...sourcesText(line.sources));
  // The operator's alerts not delivered, and money appearing or vanishing, were in the line and not in this report.
  const notify = line.notify as { sent?: unknown; failed?: unknown; dropped?: unknown; channels?: Record<string, { lastError?: unknown }> } | null | undefined;
  if (notify && typeof notify === 'object') {
    const last = Object.entries(notify.channels ?? {}).flatMap(([, c]) => (c && typeof c.lastError === 'string' ? [c.lastError] : []));
    // A channel's lastError is there only while its latest message failed (channel.ts).
    out.push(`notify    sent ${String(notify.sent)}  failed ${String(notify.failed)}  dropped ${String(notify.dropped)}${last.length > 0 ? `  NOT DELIVERED, last error: ${last.join('; ')}` : ''}`);
  }
  const ledger = line.ledger as { ok?: unknown; diff?: unknown } | null | undefined;
  if (ledger && typeof ledger === 'object' && ledger.ok === false) out.push(`LEDGER BROKEN (difference ${String(ledger.diff)}): cash plus the cost of open positions no longer equals starting cash plus realised P&L less fees; inspect the store (conclave status)`);
  const unpriced = line.positions?.unpriced ?? [];
  if (unpriced.length > 0) out.push(`UNPRICED: ${unpriced.join(', ')}: the market refuses the symbol (delisted?), so no stop, target or exit runs for the position; the log says why`);
  const clock = clockText(line.exchangeClock);
  if (clock) out.push(clock);
  const limit = line.limit as { rule?: unknown; reason?: unknown; since?: unknown } | null | undefined;
  if (limit && typeof limit === 'object') out.push(`LIMIT: ${String(limit.rule)} stops new entries since ${typeof limit.since === 'number' ? new Date(limit.since).toISOString() : '?'}: ${String(limit.reason)}`);
  const storeCheck = storeCheckText(line.storeCheck, line.mode);
  if (storeCheck) out.push(storeCheck);
  const damaged = typeof (line.storeCheck as { damage?: unknown } | null | undefined)?.damage === 'string';
  // Between a fatal condition and the exit the line is halted with the switch off: the FATAL line that follows says why.
  if (line.halted === true && line.haltCause === 'fatal') out.push('HALTED: no new entries: conclave is stopping on a fatal condition (its FATAL line says why)');
  // A halted daemon read "all loops fresh" and nothing else: an operator (or a drawdown halt) had stopped its entries unseen.
  // A halt the store's damage alone made is said above: `conclave resume` does not lift that one. A daemon's line from
  // before `killSwitch` was in it says only `halted`.
  const killSwitch = typeof line.killSwitch === 'boolean' ? line.killSwitch : line.halted === true && (!damaged || halt !== undefined);
  if (killSwitch) {
    out.push(`HALTED${sinceText(halt?.since)}: no new entries${halt ? `: ${halt.reason}` : ' (`conclave status` says why)'}${flattenText(line.flatten)}; \`conclave resume\` lifts the kill switch`);
  }
  const llm = line.llm as { requests?: unknown; perDay?: unknown; refused?: unknown } | null | undefined;
  if (llm && typeof llm === 'object') out.push(`llm       ${String(llm.requests)} requests today of ${llm.perDay === 0 ? 'no limit' : String(llm.perDay)}${typeof llm.refused === 'number' && llm.refused > 0 ? `  BUDGET SPENT: ${llm.refused} not asked (LLM roles abstain until 00:00 UTC)` : ''}`);
  out.push(stale.length > 0 ? `STALE: ${stale.join(', ')} (no success within three intervals)` : 'all loops fresh');
  if (stalled.length > 0) out.push(`STALLED: ${stalled.join(', ')} (alive but not working: market data not advancing, or queued work not decided)`);
  return { text: out.join('\n'), stale, stalled };
}

/** The last hour's agent failures beside the total since the start: one failure in the first hour is not news days later. */
function lastHourText(h: { discussions: number; agentFailures: number } | undefined): string {
  return h ? ` (${h.agentFailures} in the last hour, of ${h.discussions} discussion${h.discussions === 1 ? '' : 's'})` : '';
}
