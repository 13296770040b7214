import { VERDICT_RULES, type VerdictRule } from '../../domain/verdict.js';
import type { DecisionRecord } from '../backtest-record.js';
import type { DecisionReport } from './report-types.js';

const ORDER = Object.keys(VERDICT_RULES) as VerdictRule[];

/**
 * The verdicts counted by action and by the chief's rule that decided them, and the risk gate's outcomes: what tells
 * a reader why a run traded little or not at all (most verdicts below the threshold, entries held back by costs...).
 */
export function decisionTally(record: DecisionRecord): DecisionReport {
  const byRule = new Map<string, { action: string; count: number }>();
  let buy = 0;
  let sell = 0;
  let hold = 0;
  for (const v of record.verdicts) {
    if (v.action === 'BUY') buy++;
    else if (v.action === 'SELL') sell++;
    else hold++;
    const rule = v.rule ?? 'unknown';
    const entry = byRule.get(rule);
    if (entry) entry.count++;
    else byRule.set(rule, { action: v.action, count: 1 });
  }
  const known = (rule: string): rule is VerdictRule => rule in VERDICT_RULES;
  const rank = (rule: string): number => (known(rule) ? ORDER.indexOf(rule) : ORDER.length);
  const rules = [...byRule]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([rule, { action, count }]) => ({ rule, label: known(rule) ? VERDICT_RULES[rule] : 'decided by no named rule', action, count }));

  const gate = { judged: record.riskGate.length, accepted: 0, clamped: 0, rejected: 0 };
  const gateRules = new Map<string, number>();
  for (const r of record.riskGate) {
    gate[r.outcome]++;
    if (r.outcome !== 'accepted') gateRules.set(r.rule ?? 'unnamed', (gateRules.get(r.rule ?? 'unnamed') ?? 0) + 1);
  }
  return {
    verdicts: record.verdicts.length,
    buy,
    sell,
    hold,
    rules,
    riskGate: {
      judged: gate.judged,
      accepted: gate.accepted,
      clamped: gate.clamped,
      rejected: gate.rejected,
      rules: [...gateRules].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([rule, count]) => ({ rule, count })),
    },
  };
}
