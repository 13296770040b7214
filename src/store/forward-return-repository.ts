import type { StoreDatabase } from './store-database.js';

export interface ForwardReturn {
  horizonBars: number;
  forwardReturn: number;
  knownAt: number;
}

/** Each discussed bar's realised forward return at a few horizons (the scorecards), written once and never changed. */
export interface ForwardReturnRepository {
  /** Records a return once known; one already recorded for that opportunity and horizon is kept. */
  recordForwardReturn(opportunityId: string, horizonBars: number, forwardReturn: number, knownAt: number): void;
  /** An opportunity's recorded returns, shortest horizon first. */
  forwardReturnsOf(opportunityId: string): ForwardReturn[];
  /** Records that a return can never be known, and why; kept as first written, and only where no return is known. */
  recordLostReturn(opportunityId: string, horizonBars: number, reason: string, at: number): void;
}

export class SqliteForwardReturnRepository implements ForwardReturnRepository {
  constructor(private readonly database: StoreDatabase) {}

  recordForwardReturn(opportunityId: string, horizonBars: number, forwardReturn: number, knownAt: number): void {
    this.database
      .statement('INSERT INTO forward_returns (opportunity_id, horizon_bars, forward_return, known_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(opportunityId, horizonBars, forwardReturn, knownAt);
  }

  recordLostReturn(opportunityId: string, horizonBars: number, reason: string, at: number): void {
    this.database
      .statement(
        `INSERT INTO forward_returns_lost (opportunity_id, horizon_bars, reason, known_at) SELECT ?, ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM forward_returns WHERE opportunity_id = ? AND horizon_bars = ?) ON CONFLICT DO NOTHING`,
      )
      .run(opportunityId, horizonBars, reason, at, opportunityId, horizonBars);
  }

  forwardReturnsOf(opportunityId: string): ForwardReturn[] {
    return this.database
      .statement('SELECT horizon_bars horizonBars, forward_return forwardReturn, known_at knownAt FROM forward_returns WHERE opportunity_id = ? ORDER BY horizon_bars')
      .all(opportunityId) as ForwardReturn[];
  }
}
