import type { VerdictEvent } from '../domain/events.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { AgentOutcome, Verdict } from '../domain/verdict.js';
import type { StoreDatabase, Transactional } from './store-database.js';

export type OpportunityStatus = 'queued' | 'discussed' | 'dropped' | 'expired' | 'failed';

export interface StoredDiscussion {
  verdictId: string;
  decidedAt: number;
  durationMs: number;
  opportunity: Opportunity;
  outcomes: AgentOutcome[];
  verdict: Verdict;
}

export interface VerdictListing {
  id: string;
  symbol: string;
  action: string;
  conviction: number;
  decidedAt: number;
}

/** What the risk gate decided about an entry. */
export interface RiskDecisionRow {
  verdictId?: string;
  symbol: string;
  outcome: string;
  rule?: string;
  reason: string;
  requestedQty: number;
  approvedQty: number;
  time: number;
}

/** The audit trail of decisions: opportunities, discussions (a verdict with its agents' signals) and risk decisions. */
export interface AuditRepository extends Transactional {
  /** Records an opportunity (queued); one already recorded is left as it is. */
  insertOpportunity(o: Opportunity): void;
  setOpportunityStatus(id: string, status: OpportunityStatus): void;
  /** Marks opportunities a previous run left queued: they were never discussed and are stale now. The number marked. */
  expireQueuedOpportunities(): number;
  /** Whether a news opportunity on `symbol` whose reason starts with `reasonStart` was recorded at or after `since`. */
  newsPublishedSince(symbol: string, reasonStart: string, since: number): boolean;
  /** Per symbol, the open time of the newest bar a model opportunity (an entry or a review) was discussed on. */
  lastDiscussedBars(): Map<string, number>;
  /** Per source and symbol, when its newest opportunity other than a review was published: the cooldowns start there. */
  lastPublished(): { source: string; symbol: string; createdAt: number }[];
  /** Records a verdict with every agent's outcome, and marks its opportunity discussed, in one transaction. */
  insertDiscussion(event: VerdictEvent, durationMs: number): void;
  discussion(verdictId: string): StoredDiscussion | null;
  /** The latest verdicts, newest first. */
  recentVerdicts(limit: number): VerdictListing[];
  insertRiskDecision(d: RiskDecisionRow): void;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly database: StoreDatabase) {}

  tx<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  insertOpportunity(o: Opportunity): void {
    this.database
      .statement(
        // Only a repeated id is skipped: OR IGNORE also skipped a row breaking NOT NULL (a NaN price binds as NULL), so
        // its discussion later failed on a foreign key with nothing said of why.
        `INSERT INTO opportunities (id, symbol, source, direction, score, price, reason, created_at, bar_time, kind)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(o.id, o.symbol, o.source, o.direction, o.score, o.price, o.reason, o.createdAt, o.barTime ?? null, o.kind ?? null);
  }

  setOpportunityStatus(id: string, status: OpportunityStatus): void {
    this.database.statement(`UPDATE opportunities SET status = ? WHERE id = ?`).run(status, id);
  }

  expireQueuedOpportunities(): number {
    return this.database.statement(`UPDATE opportunities SET status = 'expired' WHERE status = 'queued'`).run().changes;
  }

  newsPublishedSince(symbol: string, reasonStart: string, since: number): boolean {
    return (
      this.database
        .statement(`SELECT 1 FROM opportunities WHERE created_at >= ? AND source = 'news' AND symbol = ? AND substr(reason, 1, length(?)) = ? LIMIT 1`)
        .get(since, symbol, reasonStart, reasonStart) !== undefined
    );
  }

  lastDiscussedBars(): Map<string, number> {
    const rows = this.database
      .statement(`SELECT symbol, MAX(bar_time) AS bar FROM opportunities WHERE source = 'model' AND status = 'discussed' AND bar_time IS NOT NULL GROUP BY symbol`)
      .all() as { symbol: string; bar: number }[];
    return new Map(rows.map((r) => [r.symbol, r.bar]));
  }

  lastPublished(): { source: string; symbol: string; createdAt: number }[] {
    return this.database
      .statement(`SELECT source, symbol, MAX(created_at) AS createdAt FROM opportunities WHERE kind IS NOT 'review' GROUP BY source, symbol`)
      .all() as { source: string; symbol: string; createdAt: number }[];
  }

  insertDiscussion(event: VerdictEvent, durationMs: number): void {
    const v = event.verdict;
    this.tx(() => {
      this.database
        .statement(
          `INSERT INTO verdicts (id, opportunity_id, symbol, action, conviction, score, size_fraction, stop, target, reasons, decided_at, duration_ms, atr_fraction, basis_bar_time)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          event.verdictId,
          event.opportunity.id,
          event.opportunity.symbol,
          v.action,
          v.conviction,
          v.score,
          v.sizeFraction,
          v.stop ?? null,
          v.target ?? null,
          JSON.stringify(v.reasons),
          event.decidedAt,
          durationMs,
          v.atrFraction ?? null,
          event.basisBarTime ?? null,
        );
      const insert = this.database.statement(
        `INSERT INTO agent_signals (verdict_id, role, status, stance, confidence, rationale, metrics, risk, error, latency_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const o of event.outcomes) {
        insert.run(
          event.verdictId,
          o.role,
          o.status,
          o.signal?.stance ?? null,
          o.signal?.confidence ?? null,
          json(o.signal?.rationale),
          json(o.signal?.metrics),
          json(o.signal?.risk),
          o.error ?? null,
          o.latencyMs,
        );
      }
      this.setOpportunityStatus(event.opportunity.id, 'discussed');
    });
  }

  discussion(verdictId: string): StoredDiscussion | null {
    const v = this.database.statement(`SELECT * FROM verdicts WHERE id = ?`).get(verdictId) as Record<string, never> | undefined;
    if (!v) return null;
    const o = this.database.statement(`SELECT * FROM opportunities WHERE id = ?`).get(v.opportunity_id) as Record<string, never>;
    const signals = this.database.statement(`SELECT * FROM agent_signals WHERE verdict_id = ? ORDER BY id`).all(verdictId) as Record<string, never>[];
    return {
      verdictId,
      decidedAt: v.decided_at,
      durationMs: v.duration_ms,
      opportunity: {
        id: o.id,
        symbol: o.symbol,
        source: o.source,
        direction: o.direction,
        score: o.score,
        price: o.price,
        reason: o.reason,
        createdAt: o.created_at,
        ...(o.bar_time !== null ? { barTime: o.bar_time } : {}),
        ...(o.kind !== null ? { kind: o.kind } : {}),
      },
      verdict: {
        action: v.action,
        conviction: v.conviction,
        score: v.score,
        sizeFraction: v.size_fraction,
        ...(v.stop !== null ? { stop: v.stop } : {}),
        ...(v.target !== null ? { target: v.target } : {}),
        ...(v.atr_fraction !== null ? { atrFraction: v.atr_fraction } : {}),
        reasons: JSON.parse(v.reasons),
      },
      outcomes: signals.map((s) => ({
        role: s.role,
        status: s.status,
        latencyMs: s.latency_ms,
        ...(s.error !== null ? { error: s.error } : {}),
        ...(s.stance !== null
          ? {
              signal: {
                stance: s.stance,
                confidence: s.confidence,
                rationale: parse<string[]>(s.rationale) ?? [],
                metrics: parse<Record<string, number>>(s.metrics) ?? {},
                ...(s.risk !== null ? { risk: parse(s.risk) } : {}),
              },
            }
          : {}),
      })),
    };
  }

  recentVerdicts(limit: number): VerdictListing[] {
    return this.database
      .statement(`SELECT id, symbol, action, conviction, decided_at decidedAt FROM verdicts ORDER BY decided_at DESC, rowid DESC LIMIT ?`)
      .all(limit) as VerdictListing[];
  }

  insertRiskDecision(d: RiskDecisionRow): void {
    this.database
      .statement(`INSERT INTO risk_decisions (verdict_id, symbol, outcome, rule, reason, requested_qty, approved_qty, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(d.verdictId ?? null, d.symbol, d.outcome, d.rule ?? null, d.reason, d.requestedQty, d.approvedQty, d.time);
  }
}
