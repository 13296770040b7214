import type { VerdictEvent } from '../../src/domain/events.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import type { AuditRepository, OpportunityStatus, RiskDecisionRow, StoredDiscussion, VerdictListing } from '../../src/store/audit-repository.js';
import { MemoryTransactions } from './memory-transactions.js';

const withoutKey = <T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> => {
  delete value[key];
  return value;
};

interface State {
  opportunities: Map<string, { opportunity: Opportunity; status: OpportunityStatus }>;
  discussions: Map<string, StoredDiscussion>;
  riskDecisions: RiskDecisionRow[];
}

/** The audit trail in memory (same contract: audit-repository.test.ts). */
export class MemoryAuditRepository implements AuditRepository {
  private state: State = { opportunities: new Map(), discussions: new Map(), riskDecisions: [] };

  constructor(private readonly transactions = new MemoryTransactions()) {
    transactions.join(
      () => this.state,
      (state) => (this.state = state),
    );
  }

  /** An opportunity's status, or undefined when it was never recorded. */
  statusOf(id: string): OpportunityStatus | undefined {
    return this.state.opportunities.get(id)?.status;
  }

  get riskDecisions(): readonly RiskDecisionRow[] {
    return this.state.riskDecisions;
  }

  tx<T>(fn: () => T): T {
    return this.transactions.tx(fn);
  }

  insertOpportunity(o: Opportunity): void {
    if (!this.state.opportunities.has(o.id)) this.state.opportunities.set(o.id, { opportunity: structuredClone(o), status: 'queued' });
  }

  setOpportunityStatus(id: string, status: OpportunityStatus): void {
    const row = this.state.opportunities.get(id);
    if (row) row.status = status;
  }

  expireQueuedOpportunities(): number {
    let n = 0;
    for (const row of this.state.opportunities.values()) {
      if (row.status !== 'queued') continue;
      row.status = 'expired';
      n++;
    }
    return n;
  }

  newsPublishedSince(symbol: string, reasonStart: string, since: number): boolean {
    return [...this.state.opportunities.values()].some(({ opportunity: o }) => o.source === 'news' && o.symbol === symbol && o.createdAt >= since && o.reason.startsWith(reasonStart));
  }

  lastPublished(): { source: string; symbol: string; createdAt: number }[] {
    const out = new Map<string, { source: string; symbol: string; createdAt: number }>();
    for (const { opportunity: o } of this.state.opportunities.values()) {
      if (o.kind === 'review') continue;
      const key = `${o.source} ${o.symbol}`;
      if ((out.get(key)?.createdAt ?? -Infinity) < o.createdAt) out.set(key, { source: o.source, symbol: o.symbol, createdAt: o.createdAt });
    }
    return [...out.values()];
  }

  lastDiscussedBars(): Map<string, number> {
    const out = new Map<string, number>();
    for (const { opportunity: o, status } of this.state.opportunities.values()) {
      if (o.source !== 'model' || status !== 'discussed' || o.barTime === undefined) continue;
      out.set(o.symbol, Math.max(out.get(o.symbol) ?? -Infinity, o.barTime));
    }
    return out;
  }

  insertDiscussion(event: VerdictEvent, durationMs: number): void {
    this.tx(() => {
      const opportunity = this.state.opportunities.get(event.opportunity.id);
      if (!opportunity) throw new Error(`FOREIGN KEY constraint failed: no opportunity ${event.opportunity.id}`);
      if (this.state.discussions.has(event.verdictId)) throw new Error(`UNIQUE constraint failed: verdicts.id (${event.verdictId})`);
      this.state.discussions.set(event.verdictId, {
        verdictId: event.verdictId,
        decidedAt: event.decidedAt,
        durationMs,
        // What the SQLite tables keep: neither an opportunity's kind nor a verdict's hypothesis.
        opportunity: withoutKey(structuredClone(opportunity.opportunity), 'kind'),
        outcomes: structuredClone(event.outcomes),
        verdict: withoutKey(structuredClone(event.verdict), 'hypothesis'),
      });
      opportunity.status = 'discussed';
    });
  }

  discussion(verdictId: string): StoredDiscussion | null {
    const d = this.state.discussions.get(verdictId);
    return d ? structuredClone(d) : null;
  }

  recentVerdicts(limit: number): VerdictListing[] {
    return [...this.state.discussions.values()]
      .map((d, order) => ({ d, order }))
      .sort((a, b) => b.d.decidedAt - a.d.decidedAt || b.order - a.order)
      .slice(0, limit)
      .map(({ d }) => ({ id: d.verdictId, symbol: d.opportunity.symbol, action: d.verdict.action, conviction: d.verdict.conviction, decidedAt: d.decidedAt }));
  }

  insertRiskDecision(d: RiskDecisionRow): void {
    this.state.riskDecisions.push({ ...d });
  }
}
