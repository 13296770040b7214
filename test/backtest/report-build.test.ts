import { describe, expect, it } from 'vitest';
import type { BacktestRecord, BacktestSymbol } from '../../src/backtest/backtest-record.js';
import type { Question } from '../../src/domain/opportunity.js';
import type { Bar } from '../../src/market/market-port.js';
import { buildReport, buildReportData } from '../../src/backtest/report/build-report.js';
import { reportPage } from '../../src/backtest/report/report-page.js';
import { buyAndHold, holdReturn } from '../../src/backtest/report/buy-and-hold.js';
import { scorecards, scorecardsByQuestion } from '../../src/backtest/report/scorecard.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import { agentsTable, openPositionsTable, questionsTable } from '../../src/backtest/report/page-tables.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';
import { csvField, csvText } from '../../src/backtest/report/csv.js';
import { reportNumber } from '../../src/backtest/report/report-number.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const bar = (day: number, open: number, close: number): Bar => ({ time: T0 + day * DAY, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 });
const symbol = (name: string, bars: Bar[]): BacktestSymbol => ({ symbol: name, file: `${name}.csv`, barMs: DAY, bars, rejected: 0, quarantined: 0 });

function record(changes: Partial<BacktestRecord>): BacktestRecord {
  return Object.assign(
    { name: 'test', startingCash: 1000, feeBps: 10, slippageBps: 0, scorecardHorizonBars: 1, maxDrawdownLimit: 0.2, symbols: [], equity: [], fills: [], signals: [], openPositions: [] },
    changes,
  );
}

describe('buy and hold', () => {
  // A trades from day 0; B's first bar opens on day 2, so its half waits in cash until then.
  const A = symbol('A', [bar(0, 10, 12), bar(1, 12, 11), bar(2, 11, 13)]);
  const B = symbol('B', [bar(2, 20, 22)]);
  const rows = [1, 2, 3].map((d) => ({ time: T0 + d * DAY, equity: 1000, cash: 1000, exposure: 0 }));

  it('splits the cash equally, buys at each first open paying fee and slippage, and marks at the last close known', () => {
    const hold = buyAndHold(record({ symbols: [A, B], equity: rows }));
    const qa = 500 / (10 * 1.001);
    const qb = 500 / (20 * 1.001);
    // Day 1: A closed at 12; B not yet open. Day 2: A's second close 11; B bought at its open 20, not yet closed.
    expect(hold.equity[0]).toBeCloseTo(qa * 12 + 500, 9);
    expect(hold.equity[1]).toBeCloseTo(qa * 11 + qb * 20, 9);
    expect(hold.equity[2]).toBeCloseTo(qa * 13 + qb * 22, 9);
    expect(hold.invested[0]).toBeCloseTo(qa * 12, 9);
    expect(hold.fees).toBeCloseTo((qa * 10 + qb * 20) * 0.001, 9);
    expect(hold.traded).toBeCloseTo(qa * 10 + qb * 20, 9);
  });

  it('gives each symbol its own hold return', () => {
    expect(holdReturn(A, 10, 0)).toBeCloseTo(13 / 10.01 - 1, 12);
    expect(holdReturn(B, 10, 50)).toBeCloseTo(22 / (20 * 1.005 * 1.001) - 1, 12);
    expect(holdReturn(symbol('E', []), 10, 0)).toBeNull();
  });

  it('reports the summary of the same span: never sells, so no round trips', () => {
    const report = buildReport(record({ symbols: [A, B], equity: rows }));
    const qa = 500 / (10 * 1.001);
    const qb = 500 / (20 * 1.001);
    expect(report.buyAndHold.endEquity).toBe(reportNumber(qa * 13 + qb * 22));
    expect(report.buyAndHold.totalReturn).toBe(reportNumber((qa * 13 + qb * 22) / 1000 - 1));
    expect(report.buyAndHold.trades).toBe(0);
    expect(report.buyAndHold.winRate).toBeNull();
  });
});

describe('agent scorecards', () => {
  // Closes 100, 101, 101, 100, 102, 102: forward returns over one bar +1 %, 0, −0.99 %, +2 %, 0, (unknown).
  const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 101), bar(2, 101, 101), bar(3, 101, 100), bar(4, 100, 102), bar(5, 102, 102)]);
  const at = (i: number): number => T0 + (i + 1) * DAY; // a decision at bar i's close
  const sig = (i: number, role: string, stance: number | null, question: Question = 'long') => ({ time: at(i), symbol: 'X', role, stance, confidence: 0.5, verdictId: `v${i}`, question });
  const signals = [
    sig(0, 'bull', 0.5), // up: hit
    sig(1, 'bull', 0.5), // flat: a miss
    sig(2, 'bull', -0.3), // down: hit
    sig(3, 'bull', 0), // no call: scored for the correlation only
    sig(4, 'bull', null), // abstained
    sig(5, 'bull', 1), // the next bar is past the end: pending
    sig(0, 'chief', 0.2),
    sig(0, 'analyst', -0.2),
  ];

  it('scores the sign of each call against the forward return; a flat move is a miss, a zero stance no call', () => {
    const cards = scorecards(record({ symbols: [X], signals }));
    expect(cards.map((c) => c.role)).toEqual(['analyst', 'bull', 'chief']);
    const bull = cards[1]!;
    expect(bull).toMatchObject({ signals: 6, abstentions: 1, pending: 1, scored: 4, calls: 3, hits: 2 });
    expect(bull.hitRate).toBeCloseTo(2 / 3, 12);
    expect(bull.upShare).toBeCloseTo(0.5, 12);
    // Two up calls of three, over one up, one flat and one down move: at random, 2/3 × 1/3 + 1/3 × 1/3 = 1/3.
    expect(bull.chanceHitRate).toBeCloseTo(1 / 3, 12);
    // stance ranks 3.5 3.5 1 2, forward ranks 3 2 1 4: Σdxdy 1.5, Σdx² 4.5, Σdy² 5.
    expect(bull.spearman).toBeCloseTo(1.5 / Math.sqrt(22.5), 12);
    expect(bull.meanStance).toBeCloseTo((0.5 + 0.5 - 0.3 + 0 + 1) / 5, 12);
    expect(cards[0]).toMatchObject({ role: 'analyst', calls: 1, hits: 0, hitRate: 0, spearman: null });
  });

  it('scores by chance what an agent without skill would hit: always short over these bars hits what chance does', () => {
    const bear = scorecards(record({ symbols: [X], signals: [0, 1, 2, 3, 4].map((i) => sig(i, 'bear', -1)) }))[0]!;
    // Forward moves up, flat, down, up, flat: one hit in five calls, and a random short caller hits the one down move.
    expect(bear).toMatchObject({ calls: 5, hits: 1 });
    expect(bear.hitRate).toBeCloseTo(0.2, 12);
    expect(bear.chanceHitRate).toBeCloseTo(0.2, 12);
    expect(scorecards(record({ symbols: [X], signals: [sig(5, 'bear', -1)] }))[0]!.chanceHitRate).toBeNull();
  });

  it('scores a decision made within a bar (news) from that bar’s close, not from the close before, whose move it never saw', () => {
    const within = (i: number) => ({ time: T0 + i * DAY + 14 * 3_600_000, symbol: 'X', role: 'scout', stance: 1, confidence: 0.5, verdictId: `n${i}`, question: 'long' as const });
    // Within bar 3 (101 to 100): the next close, 102, is up from 100, a hit; from bar 2's 101, bar 3's own fall was a miss.
    expect(scorecards(record({ symbols: [X], signals: [within(3)] }))[0]).toMatchObject({ scored: 1, calls: 1, hits: 1, pending: 0 });
    // Within the first bar, before any close: scored from that bar’s close (100 to 101), not left pending.
    expect(scorecards(record({ symbols: [X], signals: [within(0)] }))[0]).toMatchObject({ scored: 1, hits: 1, pending: 0 });
  });

  it('scores each question apart: a panel right on long entries and wrong on short ones is shown so, not averaged away', () => {
    // Forward moves from bars 0-4: up, flat, down, up, flat. Long entries at 0 and 2 called right, short ones wrong.
    const asked = [sig(0, 'bull', 0.5, 'long'), sig(2, 'bull', -0.5, 'long'), sig(0, 'bull', -0.5, 'short'), sig(2, 'bull', 0.5, 'short'), sig(3, 'bull', 0.4, 'short')];
    const by = scorecardsByQuestion(record({ symbols: [X], signals: asked }));
    // Questions never asked (no review here) are left out, the others in a fixed order.
    expect(by.map((q) => q.question)).toEqual(['long', 'short']);
    expect(by[0]!.agents[0]).toMatchObject({ role: 'bull', signals: 2, calls: 2, hits: 2, hitRate: 1 });
    expect(by[1]!.agents[0]).toMatchObject({ role: 'bull', signals: 3, calls: 3, hits: 1 });
    // Over all questions the two cancel out to a middling 3 of 5.
    expect(scorecards(record({ symbols: [X], signals: asked }))[0]).toMatchObject({ calls: 5, hits: 3 });
    // Each question's scorecard is the one its signals alone give.
    const longOnly = asked.filter((a) => a.question === 'long');
    expect(by[0]!.agents).toEqual(scorecards(record({ symbols: [X], signals: longOnly })));
    // The terminal's summary says the chief's, by question: right on long entries, the wrong way on short ones.
    const chief = asked.map((a) => Object.assign({}, a, { role: 'chief' }));
    const text = summaryTable(buildReport(record({ symbols: [X], signals: chief })));
    // Over all five the two cancel out.
    expect(text).toContain("\nScorecard: the chief's score against the next bar's return, rank correlation (0 is chance) and stances scored: all 0.00 (5); long entries +1.00 (2), short entries -0.50 (3)\n");
    // No line without a scored call of the chief.
    expect(summaryTable(buildReport(record({ symbols: [X], signals: asked })))).not.toContain('Scorecard:');
  });

  it('counts horizons in the symbol own bars', () => {
    const cards = scorecards(record({ symbols: [X], signals: [sig(0, 'bull', 1), sig(3, 'bull', 1), sig(4, 'bull', 1)], scorecardHorizonBars: 2 }));
    // From bar 0: close 101 two bars on (up, hit); from bar 3: 102 (up, hit); from bar 4: past the end.
    expect(cards[0]).toMatchObject({ scored: 2, hits: 2, pending: 1 });
  });
});

describe('report.json', () => {
  const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 110), bar(2, 110, 99), bar(3, 99, 105)]);
  const rec = record({
    symbols: [X],
    equity: [
      { time: T0 + 1 * DAY, equity: 1000, cash: 1000, exposure: 0 },
      { time: T0 + 2 * DAY, equity: 1100, cash: 100, exposure: 1000 },
      { time: T0 + 3 * DAY, equity: 989.9, cash: 989.9, exposure: 0 },
      { time: T0 + 4 * DAY, equity: 989.9, cash: 989.9, exposure: 0 },
    ],
    fills: [
      { time: T0 + 1 * DAY, symbol: 'X', side: 'buy', qty: 10, price: 100, fee: 0, reason: 'entry', clientOrderId: 'a', verdictId: 'v1' },
      { time: T0 + 3 * DAY, symbol: 'X', side: 'sell', qty: 10, price: 99, fee: 0.1, reason: 'stop', clientOrderId: 'b', verdictId: null },
    ],
  });

  it('holds fractions as fractions and money as money', () => {
    const r = buildReport(rec);
    expect(r.summary.totalReturn).toBe(-0.0101);
    expect(r.summary.maxDrawdown).toBe(reportNumber(989.9 / 1100 - 1));
    expect(r.summary.maxDrawdownBars).toBe(2);
    expect(r.summary.trades).toBe(1);
    expect(r.summary.winRate).toBe(0);
    expect(r.summary.avgLoss).toBe(-10.1);
    // Nothing won, something lost: 0 (null is for nothing lost).
    expect(r.summary.profitFactor).toBe(0);
    expect(r.summary.fees).toBe(0.1);
    expect(r.summary.exposure).toBe(reportNumber(1000 / 1100 / 4));
    expect(r.summary.turnover).toBe(reportNumber(1990 / ((1000 + 1100 + 989.9 * 2) / 4)));
    expect(r.span).toMatchObject({ from: '2024-01-02T00:00:00.000Z', to: '2024-01-05T00:00:00.000Z', steps: 4 });
    expect(r.symbols[0]).toMatchObject({ symbol: 'X', trades: 1, pnl: -10.1, fees: 0.1, winRate: 0, bars: 4 });
    expect(r.baseline).toBeUndefined();
  });

  it('lists the keys in the order of the contract', () => {
    const r = buildReport(rec);
    expect(Object.keys(r)).toEqual(['name', 'span', 'settings', 'summary', 'buyAndHold', 'symbols', 'agents', 'agentsByQuestion', 'openPositions']);
    expect(Object.keys(r.summary)).toEqual([
      'startEquity', 'endEquity', 'totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownBars', 'calmar',
      'trades', 'winRate', 'profitFactor', 'avgWin', 'avgLoss', 'exposure', 'fees', 'turnover', 'feesToGross',
    ]);
    expect(Object.keys(r.buyAndHold)).toEqual(Object.keys(r.summary));
  });

  it('survives an empty run', () => {
    const r = buildReport(record({}));
    expect(r.summary).toMatchObject({ startEquity: 1000, endEquity: 1000, totalReturn: 0, trades: 0, sharpe: null, maxDrawdown: 0 });
    expect(r.span).toEqual({ from: null, to: null, steps: 0, periodsPerYear: null, years: null });
    expect(summaryTable(r)).toContain('no data');
  });
});

describe('numbers and CSV', () => {
  it('rounds to 12 significant digits, writes no value as null and -0 as 0', () => {
    expect(reportNumber(0.1 + 0.2)).toBe(0.3);
    expect(reportNumber(-0)).toBe(0);
    expect(Object.is(reportNumber(-1e-300 * 1e-300), 0)).toBe(true);
    expect(reportNumber(Number.NaN)).toBeNull();
    expect(reportNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(reportNumber(123456.7890123456)).toBe(123456.789012);
  });

  it('quotes fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.3');
    expect(csvText(['a', 'b'], [[1, 'x,y']])).toBe('a,b\n1,"x,y"\n');
  });
});

describe('summary table', () => {
  it('prints the panel against buy and hold, aligned, and the baseline when there is one', () => {
    const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 110)]);
    const r = buildReport(record({ symbols: [X], equity: [{ time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 }, { time: T0 + 2 * DAY, equity: 1050, cash: 1050, exposure: 0 }] }));
    const text = summaryTable(r);
    const lines = text.trimEnd().split('\n');
    // The bars' open times, as --from and --to name them (the equity rows are their closes, a day later).
    expect(lines[0]).toBe('test: bars 2024-01-01 to 2024-01-02 UTC, 2 steps, 1 symbol');
    expect(lines[1]).toMatch(/^\s+panel\s+buy & hold$/);
    const total = lines.find((l) => l.startsWith('Total return'))!;
    expect(total).toMatch(/5\.00%\s+\S+%$/);
    // Right-aligned columns: every row is as wide as the rule (or shorter only where trailing cells are empty).
    const table = lines.slice(1, lines.indexOf(''));
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(text).not.toContain('Coin-flip');
    // Two days of bars: the annualised figures are said to extrapolate them.
    expect(text).toContain('\nShort run: 2 days of bars. Volatility, Sharpe and Sortino are annualised from them, an extrapolation to a year; CAGR and Calmar need a year and are left out\n');
    // Just under a year (365 daily rows, 0.9993 years) said "365 days" beside "need a year".
    const almost = buildReport(record({ symbols: [X], equity: Array.from({ length: 365 }, (_, d) => ({ time: T0 + d * DAY, equity: 1000 + d, cash: 1000, exposure: d })) }));
    expect(summaryTable(almost)).toContain('\nShort run: 0.9993 years of bars.');
    r.baseline = { seeds: 20, sharpe: { p10: -0.5, p50: 0, p90: 0.4 }, totalReturn: { p10: -0.1, p50: 0, p90: 0.05 }, panelPercentile: 0.95 };
    const withBaseline = summaryTable(r);
    expect(withBaseline).toMatch(/Coin-flip Sharpe p10\/p50\/p90\s+-0\.50 \/ 0\.00 \/ 0\.40/);
    expect(withBaseline).toMatch(/Panel percentile of coin flips\s+95%\s+20 seeds/);
    expect(withBaseline).not.toContain('is a tie');
    // One of each is said in the singular.
    const one = buildReport(record({ symbols: [X], equity: [{ time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 }] }));
    one.baseline = Object.assign({}, r.baseline, { seeds: 1 });
    expect(summaryTable(one)).toMatch(/^test: bars 2024-01-01 to 2024-01-02 UTC, 1 step, 1 symbol\n/);
    expect(summaryTable(one)).toMatch(/Panel percentile of coin flips\s+95%\s+1 seed\n/);
    // No trade by the panel, nor by the coin flips' middle: the 50 % read as a middling panel.
    r.baseline = { seeds: 20, sharpe: { p10: 0, p50: 0, p90: 0 }, totalReturn: { p10: 0, p50: 0, p90: 0 }, panelPercentile: 0.5 };
    expect(r.summary.trades).toBe(0);
    expect(summaryTable(r)).toContain('\nCoin flips: the panel did not trade, nor did the coin flips from their p10 to their p90: its percentile is a tie and says nothing of the panel\n');
  });

  it('says why a run has no verdict at all: a file too short for the model to score', () => {
    const none = { verdicts: 0, buy: 0, sell: 0, hold: 0, rules: [], riskGate: { judged: 0, accepted: 0, clamped: 0, rejected: 0, rules: [] } };
    const rows = [{ time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 }];
    const short = buildReport(record({ symbols: [symbol('X', [bar(0, 100, 100), bar(1, 100, 110)])], equity: rows }));
    short.decisions = none;
    expect(summaryTable(short)).toContain('\nDecisions: 0 verdicts (0 BUY, 0 SELL, 0 HOLD)\n  no opportunity reached the panel: the model scanner scores a symbol once it has 51 bars (history before --from counts), and up to the end of the span X has 2 bars\n');
    const long = buildReport(record({ symbols: [symbol('Y', Array.from({ length: 60 }, (_, i) => bar(i, 100, 100)))], equity: rows }));
    long.decisions = none;
    expect(summaryTable(long)).toContain('\n  no opportunity reached the panel: no model score reached modelThreshold, and no news named a symbol\n');
  });

  it("counts a walk-forward fold's round trips as people write them", () => {
    const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 110)]);
    const r = buildReport(record({ symbols: [X], equity: [{ time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 }] }));
    const fold = (n: number, trades: number) => ({ fold: n, from: '2024-01-02T00:00:00.000Z', to: '2024-01-03T00:00:00.000Z', steps: 1, trainedFrom: '2024-01-01T00:00:00.000Z', trainedTo: '2024-01-02T00:00:00.000Z', parameters: { buyThreshold: 0.25, costMultiple: 4 }, trainingSharpe: null, totalReturn: 0, sharpe: null, maxDrawdown: 0, trades, fees: 0 });
    r.walkForward = { folds: 3, grid: { buyThreshold: [0.25], costMultiple: [4], criterion: 'sharpe' }, trainingOnly: { from: '2024-01-01T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z', steps: 1 }, outOfSample: [fold(2, 1), fold(3, 2)] };
    const text = summaryTable(r);
    expect(text).toContain(', 1 round trip, fees 0.00\n');
    expect(text).toContain(', 2 round trips, fees 0.00\n');
    // What becomes of a position a fold still holds at its end, said where its round trips are read.
    expect(text).toContain("\n  a position still open at a fold's end is sold at its last close, paying slippage and fee (exit reason end");
  });

  it('says what is still open at the end, which is in the total return but in no round trip', () => {
    const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 110)]);
    const rows = [{ time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 }, { time: T0 + 2 * DAY, equity: 1049.9, cash: 500, exposure: 549.9 }];
    const flat = summaryTable(buildReport(record({ symbols: [X], equity: rows })));
    expect(flat).not.toContain('Open at the end');
    const open = [{ symbol: 'X', qty: 5, avgPrice: 100, openedAt: T0 + DAY, lastClose: 110, lastCloseAt: T0 + 2 * DAY, unrealizedPnl: 49.9 }];
    const text = summaryTable(buildReport(record({ symbols: [X], equity: rows, openPositions: open })));
    expect(text).toContain('\nOpen at the end: 1 position, unrealised +49.90 net of entry fees (in End equity and Total return, in no round trip)\n  X: 5 bought at 100.00 on 2024-01-02, last close 110.00: +49.90\n');
    // The same position in a run that went on for days after X's last usable bar: its value is said to be a guess.
    const longer = [...rows, { time: T0 + 6 * DAY, equity: 1049.9, cash: 500, exposure: 549.9 }];
    const stale = summaryTable(buildReport(record({ symbols: [X], equity: longer, openPositions: open })));
    expect(stale).toContain('  X: 5 bought at 100.00 on 2024-01-02, last close 110.00: +49.90 (that is the close of its bar of 2024-01-02: its file has no usable bar after it, so its value at the end is a guess)\n');
    expect(buildReport(record({ symbols: [X], equity: longer, openPositions: open })).openPositions[0]!.lastCloseAt).toBe('2024-01-03T00:00:00.000Z');
    // The page names the same bar (not its close, which read as the position's closing) and says the same.
    expect(openPositionsTable(buildReport(record({ symbols: [X], equity: longer, openPositions: open })), true)).toContain('<td>2024-01-02 <span class="stale">its file has no usable bar after it: the value is a guess</span></td>');
    expect(openPositionsTable(buildReport(record({ symbols: [X], equity: rows, openPositions: open })), true)).toContain('<td>2024-01-02</td>');
    // Its chart shows the buy and no exit: the symbol's line says it is held, since when, and what it is worth.
    const held = record({ symbols: [X], equity: rows, openPositions: open });
    expect(reportPage(held, buildReportData(held), '')).toMatch(/buy &amp; hold [\d.]+% · <span class="open">held at the end<\/span> since 2024-01-02, unrealised \+?49\.90</);
    const none = record({ symbols: [X], equity: rows });
    expect(reportPage(none, buildReportData(none), '')).not.toContain('held at the end');
  });

  it('says what slippage the market fills paid, where bars that open at their high or low left less than the setting', () => {
    // Day 1 opens at 100 with a high of 110: a buy pays its 5 bps. Day 2 opens at its high (110): the buy fills at 110.
    const X = symbol('X', [bar(0, 100, 100), bar(1, 100, 110), bar(2, 110, 99), bar(3, 99, 105)]);
    const fills = [
      { time: T0 + 1 * DAY, symbol: 'X', side: 'buy' as const, qty: 1, price: 100.05, fee: 0, reason: 'entry' as const, clientOrderId: 'a', verdictId: 'v1' },
      { time: T0 + 2 * DAY, symbol: 'X', side: 'buy' as const, qty: 1, price: 110, fee: 0, reason: 'entry' as const, clientOrderId: 'b', verdictId: 'v2' },
      // A stop's fill is measured from its level, which the record does not hold: not counted.
      { time: T0 + 3 * DAY, symbol: 'X', side: 'sell' as const, qty: 2, price: 99, fee: 0, reason: 'stop' as const, clientOrderId: 'c', verdictId: null },
    ];
    const equity = [1, 2, 3, 4].map((d) => ({ time: T0 + d * DAY, equity: 1000, cash: 1000, exposure: 0 }));
    const paid = record({ symbols: [X], equity, fills, slippageBps: 5 });
    const report = buildReport(paid);
    expect(report.settings.slippagePaidBps).toBe(reportNumber((0.05 / 210) * 10_000));
    expect(summaryTable(report)).toContain(`\nSlippage: the market fills paid 2.38 bps on average of the 5 bps set: a fill never goes beyond its bar's high or low`);
    // The page says it beside the setting too (only the terminal did).
    expect(reportPage(paid, buildReportData(paid), '')).toContain("slippage 5.0 bps (paid 2.38 bps on average: a fill stays within its bar's range)");
    // A walk-forward fold's sale of what it held at its end is made at its last bar's close, dated at that bar's
    // open: measured from the close (from the open it read as -5.72 bps over ORCL, a fold-end sale alone -141 bps).
    const endSale = { time: T0 + 3 * DAY, symbol: 'X', side: 'sell' as const, qty: 1, price: 105 * (1 - 0.0005), fee: 0, reason: 'end' as const, clientOrderId: 'e', verdictId: null };
    const ended = buildReport(record({ symbols: [X], equity, fills: [fills[0]!, endSale], slippageBps: 5 }));
    expect(ended.settings.slippagePaidBps).toBeCloseTo(5, 9);
    // Paid in full: nothing to say.
    const full = buildReport(record({ symbols: [X], equity, fills: fills.slice(0, 1), slippageBps: 5 }));
    expect(full.settings.slippagePaidBps).toBe(5);
    expect(summaryTable(full)).not.toContain('Slippage:');
    expect(reportPage(record({ symbols: [X], equity, fills: fills.slice(0, 1), slippageBps: 5 }), buildReportData(record({ symbols: [X], equity, fills: fills.slice(0, 1), slippageBps: 5 })), '')).toContain('slippage 5.0 bps ·');
  });
});

describe('the scorecards on the page', () => {
  it('mute and mark a score from fewer than 30 calls instead of colouring it as a result', () => {
    // A rank correlation of 1.000 from 2 calls was shown in green, as if proven.
    const card = (role: string, calls: number) => ({ role, signals: calls, abstentions: 0, pending: 0, scored: calls, calls, hits: calls, hitRate: 1, chanceHitRate: 0.5, upShare: 0.5, spearman: 1, meanStance: 0.2 });
    const report = { agents: [card('chief', 2), card('bull', 200)], agentsByQuestion: [{ question: 'long', agents: [card('chief', 2)] }] } as unknown as BacktestReport;
    const html = agentsTable(report);
    expect(html).toContain('<td class="num few" title="2 calls: too few to tell skill from chance" data-metric="agents.0.spearman" data-value="1"><span class="few-mark">few · </span>1.000</td>');
    expect(html).toContain('<td class="num pos" data-metric="agents.1.spearman" data-value="1">1.000</td>');
    expect(html).toMatch(/<td class="num meter-cell few" title="2 calls: too few to tell skill from chance" data-metric="agents\.0\.hitRate"/);
    expect(html).toMatch(/<td class="num meter-cell" data-metric="agents\.1\.hitRate"/);
    expect(questionsTable(report)).toContain('<td class="num few" title="2 calls: too few to tell skill from chance" data-metric="agentsByQuestion.0.agents.0.spearman"');
    // Coloured by the sign shown: -0.0003, shown as 0.000, was red.
    const flat = { agents: [{ ...card('riskDoctor', 500), spearman: -0.0003 }], agentsByQuestion: [] } as unknown as BacktestReport;
    expect(agentsTable(flat)).toContain('<td class="num" data-metric="agents.0.spearman" data-value="-0.0003">0.000</td>');
  });
});

