/**
 * `conclave explain <verdict-id>`: a stored discussion as text a trader can follow, top to bottom: what was found,
 * what each agent said and why, the chief's arithmetic, and what the trader was told to do.
 */
import { printable } from '../core/printable.js';
import type { AgentOutcome, Verdict } from '../domain/verdict.js';
import type { Opportunity } from '../domain/opportunity.js';

export interface DiscussionRecord {
  verdictId: string;
  decidedAt: number;
  opportunity: Opportunity;
  outcomes: AgentOutcome[];
  verdict: Verdict;
  /** Wall time of the whole discussion, when stored. */
  durationMs?: number;
}

const signed = (x: number, digits = 2) => (x >= 0 ? '+' : '') + x.toFixed(digits);
const percent = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
const when = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
/** Agent text is untrusted (an LLM may answer): no control characters reach the terminal. */
const clean = printable;
const price = (x: number) => (x >= 100 ? x.toFixed(2) : x >= 1 ? x.toFixed(4) : x.toPrecision(4));

function agentBlock(o: AgentOutcome, width: number): string[] {
  const head = `  ${o.role.padEnd(width)}  ${o.status.padEnd(7)}`;
  const timing = `${Math.round(o.latencyMs)} ms`;
  if (o.status !== 'ok' || !o.signal) {
    return [`${head}  abstained            ${timing}`, `      ${clean(o.error ?? 'no reason recorded')}`];
  }
  const s = o.signal;
  const lines = [`${head}  stance ${signed(s.stance)}  conf ${s.confidence.toFixed(2)}  ${timing}`];
  for (const line of s.rationale) lines.push(`      ${clean(line)}`);
  if (s.risk) {
    lines.push(`      advice: ${s.risk.veto ? 'VETO entries' : 'entries allowed'}, fraction ${percent(s.risk.fraction)}, stop distance ${percent(s.risk.stopDistance)}`);
  }
  return lines;
}

function metricsBlock(outcomes: readonly AgentOutcome[], width: number): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    const entries = Object.entries(o.signal?.metrics ?? {});
    if (entries.length === 0) continue;
    const text = entries.map(([k, v]) => `${clean(k)} ${Number.isInteger(v) ? v : Number(v.toPrecision(4))}`).join(', ');
    lines.push(`  ${o.role.padEnd(width)}  ${text}`);
  }
  return lines.length > 0 ? lines : ['  (none)'];
}

function actionLine(record: DiscussionRecord): string {
  const { verdict: v, opportunity: opp } = record;
  const tail = `conviction ${v.conviction.toFixed(2)}, score ${signed(v.score)}`;
  if (v.action === 'BUY') {
    const ref = opp.price;
    const stop = v.stop !== undefined ? `, stop ${price(v.stop)} (${signed((v.stop / ref - 1) * 100, 1)} %)` : '';
    const target = v.target !== undefined ? `, target ${price(v.target)} (${signed((v.target / ref - 1) * 100, 1)} %)` : '';
    const atr = v.atrFraction !== undefined ? `, ATR ${percent(v.atrFraction)} of price (for the ATR stop)` : '';
    return `BUY ${opp.symbol}: at most ${percent(v.sizeFraction)} of equity near ${price(ref)} (the trader sizes the position to risk riskPerTrade over the stop)${stop}${target}${atr}; ${tail} (the risk gate may still cut or refuse it)`;
  }
  if (v.action === 'SELL') return `SELL ${opp.symbol}: exit the open position if there is one (spot, long-only); ${tail}`;
  return `HOLD ${opp.symbol}: no order; ${tail}`;
}

/** The bar it is about, as the market dates it: in a replay or backtest the clock's time is not the bar's. */
const barOf = (opp: Opportunity): string => (opp.barTime !== undefined ? `, about the bar of ${when(opp.barTime)}` : '');

export function formatDiscussion(record: DiscussionRecord): string {
  const { opportunity: opp, outcomes, verdict } = record;
  const width = Math.max(10, ...outcomes.map((o) => o.role.length));
  const answered = outcomes.filter((o) => o.status === 'ok').length;
  const duration = record.durationMs !== undefined ? ` in ${Math.round(record.durationMs)} ms` : '';
  return [
    `Verdict ${record.verdictId}: ${verdict.action} ${opp.symbol}, decided ${when(record.decidedAt)}${duration}`,
    '',
    'Opportunity',
    opp.kind === 'review'
      ? `  ${opp.id}: review of the open ${opp.symbol} position (hold or exit?), price ${price(opp.price)}, ${when(opp.createdAt)}${barOf(opp)}`
      : `  ${opp.id}: ${opp.symbol} ${opp.direction} from the ${opp.source} scanner, score ${signed(opp.score)}, price ${price(opp.price)}, found ${when(opp.createdAt)}${barOf(opp)}`,
    `  ${clean(opp.reason)}`,
    '',
    `Panel: ${answered} of ${outcomes.length} agents answered`,
    ...outcomes.flatMap((o) => agentBlock(o, width)),
    '',
    'Key metrics',
    ...metricsBlock(outcomes, width),
    '',
    'Chief',
    ...verdict.reasons.map((r) => `  ${clean(r)}`),
    '',
    'Action',
    `  ${actionLine(record)}`,
    '',
  ].join('\n');
}
