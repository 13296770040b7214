import { describe, expect, it } from 'vitest';
import { decisionTally } from '../../src/backtest/report/decision-tally.js';
import { decisionsTable } from '../../src/backtest/report/page-tables.js';
import { decisionLines } from '../../src/backtest/report/summary-table.js';
import { VERDICT_RULES } from '../../src/domain/verdict.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';

describe('decision tally', () => {
  const tally = decisionTally({
    verdicts: [
      { action: 'HOLD', rule: 'costs' },
      { action: 'BUY', rule: 'buy' },
      { action: 'HOLD', rule: 'costs' },
      { action: 'HOLD', rule: 'longNotBacked' },
      { action: 'SELL', rule: 'reviewExit' },
      { action: 'HOLD', rule: null },
    ],
    riskGate: [
      { outcome: 'accepted', rule: null },
      { outcome: 'clamped', rule: 'max_position_fraction' },
      { outcome: 'rejected', rule: 'daily_loss_limit' },
      { outcome: 'rejected', rule: 'daily_loss_limit' },
    ],
  });

  it('counts verdicts by action and by the rule that decided, in the order the chief applies its rules', () => {
    expect([tally.verdicts, tally.buy, tally.sell, tally.hold]).toEqual([6, 1, 1, 4]);
    expect(tally.rules.map((r) => [r.rule, r.action, r.count])).toEqual([
      ['reviewExit', 'SELL', 1],
      ['longNotBacked', 'HOLD', 1],
      ['costs', 'HOLD', 2],
      ['buy', 'BUY', 1],
      ['unknown', 'HOLD', 1],
    ]);
    expect(tally.rules[2]!.label).toBe(VERDICT_RULES.costs);
  });

  it("counts the risk gate's outcomes and the rules that clamped or rejected, most frequent first", () => {
    expect(tally.riskGate).toEqual({
      judged: 4,
      accepted: 1,
      clamped: 1,
      rejected: 2,
      rules: [
        { rule: 'daily_loss_limit', count: 2 },
        { rule: 'max_position_fraction', count: 1 },
      ],
    });
  });

  it('prints one line per rule under the summary, and the risk gate', () => {
    const lines = decisionLines({ decisions: tally } as BacktestReport);
    expect(lines[1]).toBe('Decisions: 6 verdicts (1 BUY, 1 SELL, 4 HOLD)');
    expect(lines).toContain(`  2  HOLD  ${VERDICT_RULES.costs}`);
    expect(lines.at(-1)).toBe('Risk gate: 4 entries judged: 1 accepted, 1 clamped, 2 rejected; by daily_loss_limit 2, max_position_fraction 1');
    expect(decisionLines({} as BacktestReport)).toEqual([]);
  });

  it('says, when costs held back every entry the panel backed, that the venue\'s own costs are what to give', () => {
    // On minute bars at the default costs no run traded, and the summary said no more than the tally.
    const none = decisionTally({ verdicts: [{ action: 'HOLD', rule: 'costs' }, { action: 'HOLD', rule: 'costs' }, { action: 'HOLD', rule: 'longNotBacked' }], riskGate: [] });
    const lines = decisionLines({ decisions: none, settings: { feeBps: 10, slippageBps: 5 } } as BacktestReport);
    expect(lines.at(-1)).toBe(
      "  no entry: 2 longs the panel backed were each expected to move less than costMultiple × the round trip's costs (10 bps fee and 5 bps slippage a side), which short bars seldom clear; to see the panel trade at your venue's costs, give its feeBps and slippageBps in --config",
    );
    // The page says it under its decisions table.
    expect(decisionsTable({ decisions: none, settings: { feeBps: 10, slippageBps: 5 } } as BacktestReport)).toContain(
      '<p class="note">No entry: 2 longs the panel backed were each expected to move less than costMultiple × the round trip&#39;s costs (10 bps fee',
    );
    // A run that entered, or whose backed longs the costs did not stop, gets no such line.
    expect(decisionLines({ decisions: tally, settings: { feeBps: 10, slippageBps: 5 } } as BacktestReport).some((l) => l.includes('no entry'))).toBe(false);
    const unbacked = decisionTally({ verdicts: [{ action: 'HOLD', rule: 'longNotBacked' }], riskGate: [] });
    expect(decisionLines({ decisions: unbacked, settings: { feeBps: 10, slippageBps: 5 } } as BacktestReport).some((l) => l.includes('no entry'))).toBe(false);
  });

  it('says what a drawdown halt means for the rest of a run: held nothing, equity cannot climb back, no entry again', () => {
    // Over Investing.com's BTC/USD history the panel's last trade ended 37 % below the peak in April 2013: the summary
    // said only 'by max_drawdown 49', for a run that then traded nothing for ten years (found by the data probe).
    const halted = decisionTally({ verdicts: [{ action: 'BUY', rule: 'buy' }], riskGate: [{ outcome: 'accepted', rule: null }, { outcome: 'rejected', rule: 'max_drawdown' }] });
    const lines = decisionLines({ decisions: halted, settings: { maxDrawdownLimit: 0.01 } } as BacktestReport);
    expect(lines.at(-2)).toBe('Risk gate: 2 entries judged: 1 accepted, 0 clamped, 1 rejected; by max_drawdown 1');
    // The limit as configured (--config {"maxDrawdown":0.01}), not the default.
    expect(lines.at(-1)).toBe('  max_drawdown refuses every entry while equity is maxDrawdown (0.01) or more below its peak: once nothing is held, equity cannot climb back, so the run (or a walk-forward fold) enters nothing more to its end (a larger maxDrawdown in --config shows the panel beyond that point)');
    expect(decisionLines({ decisions: tally } as BacktestReport).some((l) => l.includes('climb back'))).toBe(false);
  });
});
