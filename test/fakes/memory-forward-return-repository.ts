import type { ForwardReturn, ForwardReturnRepository } from '../../src/store/forward-return-repository.js';

/** Forward returns in memory (same contract: forward-return-repository.test.ts). */
export class MemoryForwardReturnRepository implements ForwardReturnRepository {
  private readonly rows = new Map<string, Map<number, ForwardReturn>>();
  readonly lost = new Map<string, string>();

  recordForwardReturn(opportunityId: string, horizonBars: number, forwardReturn: number, knownAt: number): void {
    let byHorizon = this.rows.get(opportunityId);
    if (!byHorizon) this.rows.set(opportunityId, (byHorizon = new Map()));
    if (!byHorizon.has(horizonBars)) byHorizon.set(horizonBars, { horizonBars, forwardReturn, knownAt });
  }

  recordLostReturn(opportunityId: string, horizonBars: number, reason: string): void {
    const key = `${opportunityId}@${horizonBars}`;
    if (!this.rows.get(opportunityId)?.has(horizonBars) && !this.lost.has(key)) this.lost.set(key, reason);
  }

  forwardReturnsOf(opportunityId: string): ForwardReturn[] {
    return [...(this.rows.get(opportunityId)?.values() ?? [])].sort((a, b) => a.horizonBars - b.horizonBars).map((r) => ({ ...r }));
  }
}
