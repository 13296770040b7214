/**
 * `conclave scorecard`: each agent's and the chief's stances against the forward returns realised so far, per horizon
 * (in the symbol's bars), overall and by symbol. Stances come from the stored discussions (the chief's is the verdict's
 * score), forward returns from forward_returns (written by the ForwardTracker as they become known); a stance whose
 * return is not known yet is pending. Scoring is the backtest report's (scoreStances).
 */
import type { Database as Db } from 'better-sqlite3';
import { scoreStances, type AgentScorecard } from './score-stances.js';

export interface ScorecardRow extends AgentScorecard {
  horizonBars: number;
  /** 'all', or one symbol. */
  symbol: string;
}

interface StanceRow {
  opportunityId: string;
  symbol: string;
  role: string;
  stance: number | null;
}

export function readScorecards(db: Db): ScorecardRow[] {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forward_returns'`).get() !== undefined;
  if (!hasTable) return [];
  // Scored: verdicts on a bar, the model opportunity's or (news) the newest the panel saw. Stores from before
  // basis_bar_time have no bar for news verdicts: those are left out, as they were then.
  const basis = db.prepare(`SELECT 1 FROM pragma_table_info('verdicts') WHERE name = 'basis_bar_time'`).get() !== undefined ? 'v.basis_bar_time' : 'NULL';
  const scored = `FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id WHERE COALESCE(o.bar_time, ${basis}) IS NOT NULL`;
  const scoredRows = db
    .prepare(
      `SELECT v.opportunity_id opportunityId, v.symbol, s.role, CASE WHEN s.status = 'ok' THEN s.stance END stance
       FROM agent_signals s JOIN (SELECT v.id, v.opportunity_id, v.symbol ${scored}) v ON v.id = s.verdict_id
       UNION ALL SELECT v.opportunity_id, v.symbol, 'chief', v.score ${scored}`,
    )
    .all() as StanceRow[];
  const forwards = new Map<string, Map<number, number>>();
  const horizons = new Set<number>();
  for (const f of db.prepare('SELECT opportunity_id id, horizon_bars h, forward_return r FROM forward_returns').all() as { id: string; h: number; r: number }[]) {
    let m = forwards.get(f.id);
    if (!m) forwards.set(f.id, (m = new Map()));
    m.set(f.h, f.r);
    horizons.add(f.h);
  }
  // The stances grouped once, by role and by role and symbol, in the rows' order: filtering every row again for each
  // horizon, symbol and role took 9 s on a 40-day store of 20 symbols, and grew with the universe times the store.
  const byRole = new Map<string, StanceRow[]>();
  const byRoleSymbol = new Map<string, StanceRow[]>();
  const push = (groups: Map<string, StanceRow[]>, key: string, row: StanceRow) => void (groups.get(key) ?? groups.set(key, []).get(key)!).push(row);
  for (const r of scoredRows) {
    push(byRole, r.role, r);
    push(byRoleSymbol, `${r.role}\u0000${r.symbol}`, r);
  }
  const rows: ScorecardRow[] = [];
  const roles = [...byRole.keys()].sort((a, b) => (a === 'chief' ? 1 : b === 'chief' ? -1 : a.localeCompare(b)));
  const symbols = [...new Set(scoredRows.map((r) => r.symbol))].sort();
  for (const h of [...horizons].sort((a, b) => a - b)) {
    for (const symbol of ['all', ...(symbols.length > 1 ? symbols : [])]) {
      for (const role of roles) {
        const group = (symbol === 'all' ? byRole.get(role) : byRoleSymbol.get(`${role}\u0000${symbol}`)) ?? [];
        const items = group.map((r) => ({ stance: r.stance, forward: forwards.get(r.opportunityId)?.get(h) ?? null }));
        rows.push(Object.assign({ horizonBars: h, symbol }, scoreStances(role, items)));
      }
    }
  }
  return rows;
}

const num = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export function formatScorecards(rows: readonly ScorecardRow[]): string {
  if (rows.length === 0) return 'no scorecard yet: no discussed bar has a known forward return';
  const header = ['horizon', 'symbol', 'role', 'scored', 'pending', 'hit rate', 'by chance', 'up share', 'rank corr.', 'mean stance'];
  const body = rows.map((r) => [`${r.horizonBars} bar${r.horizonBars === 1 ? '' : 's'}`, r.symbol, r.role, String(r.scored), String(r.pending), pct(r.hitRate), pct(r.chanceHitRate), pct(r.upShare), num(r.spearman), num(r.meanStance)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
