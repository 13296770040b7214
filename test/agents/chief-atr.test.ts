import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chief } from '../../src/agents/chief.js';
import { formatDiscussion } from '../../src/agents/explain.js';
import { AGENT_REGISTRY } from '../../src/agents/registry.js';
import type { AgentOutcome, RiskAdvice } from '../../src/domain/verdict.js';
import { openStore } from '../../src/store/store.js';
import { ok, SAFE } from './fakes.js';
import { contextOf, uptrend } from './series.js';

const context = contextOf(uptrend(60));

/** An outcome whose signal reports `atrPct` among its metrics. */
const withAtr = (outcome: AgentOutcome, atrPct: number): AgentOutcome => {
  outcome.signal!.metrics.atrPct = atrPct;
  return outcome;
};

/** A bullish panel whose `adviser` gives the risk advice and reports the ATR. */
const panel = (adviser: string, atrPct: number, risk: RiskAdvice = SAFE): AgentOutcome[] =>
  ['bull', 'bear', 'analyst', 'scout', 'riskDoctor'].map((role) =>
    role === adviser ? withAtr(ok(role as never, 0.5, 0.8, risk), atrPct) : withAtr(ok(role as never, 0.8, 0.8), 0.9),
  );

describe('the verdict carries what trading needs', () => {
  it('a BUY carries the risk adviser’s ATR as a fraction of price, for the ATR stop', () => {
    const verdict = new Chief().decide(panel('riskDoctor', 0.021), context);
    expect(verdict.action).toBe('BUY');
    expect(verdict.atrFraction).toBe(0.021);
  });

  it('only a BUY carries it, and only a usable one', () => {
    const vetoed = new Chief().decide(panel('riskDoctor', 0.021, { ...SAFE, veto: true }), context);
    expect(vetoed.action).toBe('HOLD');
    expect(vetoed.atrFraction).toBeUndefined();
    for (const bad of [0, -0.01, Number.NaN]) {
      const verdict = new Chief().decide(panel('riskDoctor', bad), context);
      expect(verdict.action).toBe('BUY');
      expect(verdict).not.toHaveProperty('atrFraction');
    }
    const none = panel('riskDoctor', 0.02);
    delete none[4]!.signal!.metrics.atrPct;
    const verdict = new Chief().decide(none, context);
    expect(verdict.action).toBe('BUY');
    expect(verdict).not.toHaveProperty('atrFraction');
  });

  it('reads the role the registry marks as advising on risk, whatever its name', () => {
    const registry = AGENT_REGISTRY.map((d) => ({ ...d, advisesRisk: d.role === 'scout' }));
    const verdict = new Chief({}, registry).decide(panel('scout', 0.03), context);
    expect(verdict).toMatchObject({ action: 'BUY', atrFraction: 0.03 });
  });

  it('is stored with the verdict, so a restart and `conclave explain` see what trading was told', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-verdict-atr-'));
    const file = join(dir, 'store.db');
    try {
      const outcomes = panel('riskDoctor', 0.021);
      const verdict = new Chief().decide(outcomes, context);
      const store = openStore(file);
      store.insertOpportunity(context.opportunity);
      store.insertDiscussion({ verdictId: 'v-1', opportunity: context.opportunity, verdict, outcomes, decidedAt: context.now }, 5);
      const hold = new Chief().decide([], context);
      store.insertDiscussion({ verdictId: 'v-2', opportunity: context.opportunity, verdict: hold, outcomes: [], decidedAt: context.now }, 5);
      store.close();

      const reopened = openStore(file);
      const stored = reopened.discussion('v-1')!;
      expect(stored.verdict.atrFraction).toBe(0.021);
      expect(reopened.discussion('v-2')!.verdict).not.toHaveProperty('atrFraction');
      reopened.close();
      expect(formatDiscussion(stored)).toMatch(/BUY \S+: at most .*, ATR 2\.10 % of price \(for the ATR stop\); conviction/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
