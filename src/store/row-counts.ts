import type { StoreDatabase } from './store-database.js';

export type RowCounts = Record<'opportunities' | 'verdicts' | 'agentSignals' | 'riskDecisions' | 'orders' | 'fills' | 'positionEvents', number>;

const TABLES: Readonly<Record<keyof RowCounts, string>> = {
  opportunities: 'opportunities',
  verdicts: 'verdicts',
  agentSignals: 'agent_signals',
  riskDecisions: 'risk_decisions',
  orders: 'orders',
  fills: 'fills',
  positionEvents: 'position_events',
};

/** How many rows the audit trail holds, table by table (`conclave status`). */
export function countRows(database: StoreDatabase): RowCounts {
  const counts = {} as RowCounts;
  for (const [key, table] of Object.entries(TABLES) as [keyof RowCounts, string][]) {
    counts[key] = (database.statement(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}
