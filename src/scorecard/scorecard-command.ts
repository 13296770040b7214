/**
 * `conclave scorecard`: each agent's and the chief's stances against the forward returns realised so far, per horizon
 * (in the symbol's bars), overall, by question asked (a long or a short entry, a review of a held position: questionOf)
 * and by symbol. Stances come from the stored discussions (the chief's is the verdict's score), forward returns from
 * forward_returns (written by the ForwardTracker as they become known); a stance whose return is not known yet is
 * pending. Scoring is the backtest report's (scoreStances).
 */
import type { Database as Db } from 'better-sqlite3';
import { scoreStances, type AgentScorecard } from './score-stances.js';
import { QUESTIONS, type Question } from '../domain/opportunity.js';
import { notFollowedReason, retiredHorizons } from './retired-horizons.js';

export interface ScorecardRow extends AgentScorecard {
  horizonBars: number;
  /** 'all', or one symbol. */
  symbol: string;
  /** 'all', or the question the panel was asked (over all symbols): a long or a short entry, or a review. */
  question: 'all' | Question;
  /** Stances whose return can never be known (recorded lost: the bars are gone): not pending, not scored. */
  unscorable: number;
  /** Those by the reason recorded. */
  unscorableReasons: Record<string, number>;
}

/** One group's stances and their forward returns at each horizon, as numbers (NaN: abstained, or not known yet). */
class Column {
  length = 0;
  private stances = new Float64Array(16);
  /** By horizon (the horizons' order), then by row. */
  private forwards: Float64Array<ArrayBuffer>[];
  /** By horizon: the rows whose return is recorded lost, with the reason (few: a map, not a column). */
  private readonly lost: Map<number, string>[];

  constructor(horizons: number) {
    this.forwards = Array.from({ length: horizons }, () => new Float64Array(16));
    this.lost = Array.from({ length: horizons }, () => new Map());
  }

  push(row: readonly (number | string | null)[], first: number): void {
    if (this.length === this.stances.length) {
      this.stances = grown(this.stances);
      this.forwards = this.forwards.map(grown);
    }
    this.stances[this.length] = (row[first] as number | null) ?? NaN;
    const n = this.forwards.length;
    for (let h = 0; h < n; h++) this.forwards[h]![this.length] = (row[first + 1 + h] as number | null) ?? NaN;
    for (let h = 0; h < n; h++) {
      const reason = row[first + 1 + n + h] as string | null | undefined;
      if (typeof reason === 'string' && Number.isNaN(this.forwards[h]![this.length]!)) this.lost[h]!.set(this.length, reason);
    }
    this.length++;
  }

  /** The stances (abstentions left out) whose return at the horizon is recorded lost, by reason. */
  lostReasons(horizon: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [i, reason] of this.lost[horizon]!) if (!Number.isNaN(this.stances[i]!)) out[reason] = (out[reason] ?? 0) + 1;
    return out;
  }

  items(horizon: number): { stance: number | null; forward: number | null }[] {
    const forwards = this.forwards[horizon]!;
    const out = new Array<{ stance: number | null; forward: number | null }>(this.length);
    for (let i = 0; i < this.length; i++) {
      const stance = this.stances[i]!;
      const forward = forwards[i]!;
      out[i] = { stance: Number.isNaN(stance) ? null : stance, forward: Number.isNaN(forward) ? null : forward };
    }
    return out;
  }
}

function grown(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

export function readScorecards(db: Db): ScorecardRow[] {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forward_returns'`).get() !== undefined;
  if (!hasTable) return [];
  // Stores from before forward_returns_lost record no lost return: their stances stay pending.
  const hasLost = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forward_returns_lost'`).get() !== undefined;
  const horizons = db.prepare(`SELECT horizon_bars FROM forward_returns${hasLost ? ' UNION SELECT horizon_bars FROM forward_returns_lost' : ''} ORDER BY 1`).pluck().all() as number[];
  if (horizons.length === 0) return [];
  // Scored: verdicts on a bar, the model opportunity's or (news) the newest the panel saw. Stores from before
  // basis_bar_time have no bar for news verdicts: those are left out, as they were then.
  const basis = db.prepare(`SELECT 1 FROM pragma_table_info('verdicts') WHERE name = 'basis_bar_time'`).get() !== undefined ? 'v.basis_bar_time' : 'NULL';
  const scored = `FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id WHERE COALESCE(o.bar_time, ${basis}) IS NOT NULL`;
  // As questionOf reads an opportunity; stores from before opportunities.kind know no review: their entries' directions.
  const hasKind = db.prepare(`SELECT 1 FROM pragma_table_info('opportunities') WHERE name = 'kind'`).get() !== undefined;
  const question = `CASE WHEN ${hasKind ? "o.kind = 'review'" : '0'} THEN 'review' ELSE o.direction END question`;
  // The stances are streamed into typed columns by role and by role and symbol, each with its returns at every
  // horizon: holding every stance as an object, with its opportunity's id to look its returns up by, took 650 MB
  // on a store of 87,000 verdicts.
  // A stance decided after its horizon stopped being followed has no return there by design: unscorable, with why.
  const retired = retiredHorizons(db);
  const params: (number | string)[] = [];
  const reasons = horizons.map((h, i) => {
    const since = retired.get(h);
    const lost = hasLost ? `l${i}.reason` : 'NULL';
    if (since === undefined) return lost;
    params.push(since, notFollowedReason(h, since));
    return `COALESCE(${lost}, CASE WHEN f${i}.forward_return IS NULL AND v.decided_at >= ? THEN ? END)`;
  });
  const stances = db
    .prepare(
      `SELECT v.symbol, v.role, v.question, v.stance, ${horizons.map((_, i) => `f${i}.forward_return`).join(', ')}, ${reasons.join(', ')} FROM (
         SELECT v.opportunity_id, v.symbol, s.role, v.question, CASE WHEN s.status = 'ok' THEN s.stance END stance, v.decided_at
         FROM agent_signals s JOIN (SELECT v.id, v.opportunity_id, v.symbol, ${question}, v.decided_at ${scored}) v ON v.id = s.verdict_id
         UNION ALL SELECT v.opportunity_id, v.symbol, 'chief', ${question}, v.score, v.decided_at ${scored}
       ) v ${horizons.map((h, i) => `LEFT JOIN forward_returns f${i} ON f${i}.opportunity_id = v.opportunity_id AND f${i}.horizon_bars = ${h}`).join(' ')}
       ${hasLost ? horizons.map((h, i) => `LEFT JOIN forward_returns_lost l${i} ON l${i}.opportunity_id = v.opportunity_id AND l${i}.horizon_bars = ${h}`).join(' ') : ''}`,
    )
    .raw();
  const byRole = new Map<string, Column>();
  const byRoleSymbol = new Map<string, Map<string, Column>>();
  const byRoleQuestion = new Map<string, Map<string, Column>>();
  const into = (groups: Map<string, Map<string, Column>>, role: string, key: string) => {
    const ofRole = groups.get(role) ?? groups.set(role, new Map()).get(role)!;
    return ofRole.get(key) ?? ofRole.set(key, new Column(horizons.length)).get(key)!;
  };
  for (const row of stances.iterate(...params) as IterableIterator<(number | string | null)[]>) {
    const role = row[1] as string;
    (byRole.get(role) ?? byRole.set(role, new Column(horizons.length)).get(role)!).push(row, 3);
    into(byRoleSymbol, role, row[0] as string).push(row, 3);
    into(byRoleQuestion, role, row[2] as string).push(row, 3);
  }
  const roles = [...byRole.keys()].sort((a, b) => (a === 'chief' ? 1 : b === 'chief' ? -1 : a.localeCompare(b)));
  const symbols = [...new Set([...byRoleSymbol.values()].flatMap((m) => [...m.keys()]))].sort();
  const asked = QUESTIONS.filter((q) => [...byRoleQuestion.values()].some((m) => m.has(q)));
  const groups: { symbol: string; question: ScorecardRow['question']; column: (role: string) => Column | undefined }[] = [
    { symbol: 'all', question: 'all', column: (role) => byRole.get(role) },
    ...asked.map((question) => ({ symbol: 'all', question, column: (role: string) => byRoleQuestion.get(role)?.get(question) })),
    ...(symbols.length > 1 ? symbols : []).map((symbol) => ({ symbol, question: 'all' as const, column: (role: string) => byRoleSymbol.get(role)?.get(symbol) })),
  ];
  const rows: ScorecardRow[] = [];
  horizons.forEach((h, i) => {
    for (const group of groups) {
      for (const role of roles) {
        const column = group.column(role);
        const card = scoreStances(role, column?.items(i) ?? []);
        const unscorableReasons = column?.lostReasons(i) ?? {};
        const unscorable = Object.values(unscorableReasons).reduce((a, b) => a + b, 0);
        rows.push(Object.assign({ horizonBars: h, symbol: group.symbol, question: group.question }, card, { pending: card.pending - unscorable, unscorable, unscorableReasons }));
      }
    }
  });
  return rows;
}

/**
 * What `conclave scorecard` says when no return is known yet: whether discussed bars wait for theirs, or there is none
 * (it said "no discussed bar has a known forward return" to both, so a store of no discussion read as one waiting).
 */
export function noScorecardYet(db: Db): string {
  const has = (table: string, column: string) => db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) !== undefined;
  const bar = [has('opportunities', 'bar_time') ? 'o.bar_time' : null, has('verdicts', 'basis_bar_time') ? 'v.basis_bar_time' : null].filter((x) => x !== null);
  const waiting = bar.length === 0 ? 0 : (db.prepare(`SELECT COUNT(*) FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id WHERE COALESCE(${bar.join(', ')}, NULL) IS NOT NULL`).pluck().get() as number);
  if (waiting === 0) return 'no scorecard yet: the store holds no discussed bar (no verdict on a model opportunity or news has been recorded): nothing to score';
  const bars = waiting === 1 ? '1 discussed bar waits for its' : `${waiting} discussed bars wait for their`;
  return `no scorecard yet: ${bars} forward returns, known as the bars 1, 5 and 20 (and scorecardHorizonBars) after each close: ask again once the next bar has closed`;
}

const num = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export function formatScorecards(rows: readonly ScorecardRow[]): string {
  if (rows.length === 0) return 'no scorecard yet: no discussed bar has a known forward return';
  const header = ['horizon', 'symbol', 'question', 'role', 'scored', 'pending', 'unscorable', 'hit rate', 'by chance', 'up share', 'rank corr.', 'mean stance'];
  const body = rows.map((r) => [`${r.horizonBars} bar${r.horizonBars === 1 ? '' : 's'}`, r.symbol, r.question, r.role, String(r.scored), String(r.pending), String(r.unscorable), pct(r.hitRate), pct(r.chanceHitRate), pct(r.upShare), num(r.spearman), num(r.meanStance)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  // Why stances cannot be scored, per horizon (the chief's row of all symbols: one stance per discussed bar).
  const notes = rows
    .filter((r) => r.symbol === 'all' && r.question === 'all' && r.role === 'chief' && r.unscorable > 0)
    .map((r) => `${r.horizonBars} bar${r.horizonBars === 1 ? '' : 's'}: ${r.unscorable} discussed bar${r.unscorable === 1 ? '' : 's'} cannot be scored (${Object.entries(r.unscorableReasons).map(([reason, n]) => `${n}: ${reason}`).join('; ')})`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
