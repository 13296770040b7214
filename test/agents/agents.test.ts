import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeBull, bullAgent, DEFAULT_BULL_OPTIONS } from '../../src/agents/bull.js';
import { createAgent } from '../../src/agents/agent-options.js';
import { analyzeBear, DEFAULT_BEAR_OPTIONS } from '../../src/agents/bear.js';
import { analyzeAnalyst, DEFAULT_ANALYST_OPTIONS } from '../../src/agents/analyst.js';
import { analyzeRisk, DEFAULT_RISK_DOCTOR_OPTIONS } from '../../src/agents/risk-doctor.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { validateSignal } from '../../src/agents/validate-signal.js';
import { AGENT_ROLES, type AgentContext } from '../../src/agents/agent-port.js';
import type { Bar } from '../../src/market/market-port.js';
import { ConfigError } from '../../src/core/errors.js';
import { blowOffTop, buildBars, contextOf, crash, DAY, flatNoise, START, uptrend } from './series.js';

const series = { uptrend: uptrend(), blowOff: blowOffTop(), crash: crash(), flat: flatNoise() };
const bull = (bars: Bar[]) => analyzeBull(contextOf(bars), DEFAULT_BULL_OPTIONS);
const bear = (bars: Bar[]) => analyzeBear(contextOf(bars), DEFAULT_BEAR_OPTIONS);
const analyst = (bars: Bar[]) => analyzeAnalyst(contextOf(bars), DEFAULT_ANALYST_OPTIONS);
const risk = (bars: Bar[]) => analyzeRisk(contextOf(bars), DEFAULT_RISK_DOCTOR_OPTIONS);

describe('bull', () => {
  it('is confidently bullish in a clean uptrend', () => {
    const s = bull(series.uptrend);
    expect(s.stance).toBeGreaterThan(0.5);
    expect(s.confidence).toBeGreaterThan(0.5);
    expect(s.rationale[0]).toContain('trend and momentum up');
  });
  it('is confidently bearish in a crash', () => {
    const s = bull(series.crash);
    expect(s.stance).toBeLessThan(-0.5);
    expect(s.confidence).toBeGreaterThan(0.5);
    expect(s.rationale.join('\n')).toContain('broke down below');
  });
  it('sees no clear trend in flat noise', () => {
    const s = bull(series.flat);
    expect(Math.abs(s.stance)).toBeLessThan(0.25);
    expect(s.confidence).toBeLessThan(0.4);
  });
  it('confirms a breakout only on volume', () => {
    const base = flatNoise(80);
    const lastBar = base[base.length - 1]!;
    const breakout = (volume: number): Bar => ({ ...lastBar, time: lastBar.time + DAY, open: lastBar.close, close: 110, high: 110.5, low: lastBar.close, volume });
    const confirmed = bull([...base, breakout(3e6)]);
    const unconfirmed = bull([...base, breakout(1e6)]);
    expect(confirmed.rationale.join('\n')).toContain('(confirmed)');
    expect(unconfirmed.rationale.join('\n')).toContain('(unconfirmed)');
    expect(confirmed.stance).toBeGreaterThan(unconfirmed.stance);
  });
  it('names a sub-penny coin’s breakout level with its digits, not as 0.00', () => {
    // The same bars at 1e-7 of their prices (a coin at 0.00001): `conclave explain` read "broke the 20-bar high 0.00".
    const tiny = (bars: Bar[]): Bar[] => bars.map((b) => ({ ...b, open: b.open * 1e-7, high: b.high * 1e-7, low: b.low * 1e-7, close: b.close * 1e-7 }));
    const base = flatNoise(80);
    const lastBar = base[base.length - 1]!;
    const up = bull(tiny([...base, { ...lastBar, time: lastBar.time + DAY, open: lastBar.close, close: 110, high: 110.5, low: lastBar.close, volume: 3e6 }]));
    const high = up.rationale.join('\n').match(/broke the 20-bar high (\S+) on/)?.[1];
    expect(Number(high) / (Math.max(...base.slice(-20).map((b) => b.high)) * 1e-7)).toBeCloseTo(1, 3);
    const down = bull(tiny(series.crash)).rationale.join('\n').match(/broke down below the 20-bar low (\S+)/)?.[1];
    expect(Number(down)).toBeGreaterThan(0);
  });
});

describe('bear', () => {
  it('finds strong downside evidence at a blow-off top', () => {
    const s = bear(series.blowOff);
    expect(s.stance).toBeLessThan(-0.6);
    expect(s.confidence).toBeGreaterThan(0.6);
    expect(s.rationale.join('\n')).toMatch(/fell .* ATR from the high .* run-up/);
  });
  it('finds strong downside evidence in a crash', () => {
    const s = bear(series.crash);
    expect(s.stance).toBeLessThan(-0.8);
    expect(s.rationale.join('\n')).toContain('distribution');
  });
  it('is much less bearish on a clean uptrend than on the blow-off, and quiet in flat noise', () => {
    expect(bear(series.uptrend).stance).toBeGreaterThan(bear(series.blowOff).stance + 0.3);
    expect(bear(series.flat).stance).toBeGreaterThan(-0.3);
  });
  it('concedes at most a little when it finds nothing, and nothing when the evidence is strong', () => {
    for (const bars of Object.values(series)) expect(bear(bars).stance).toBeLessThanOrEqual(0.4);
    const s = bear(series.flat);
    const c = s.metrics.downside!;
    expect(s.stance).toBeCloseTo(-c + (1 - c) * DEFAULT_BEAR_OPTIONS.concession, 3);
    expect(s.rationale.join('\n')).toContain('× concession 0.20');
    expect(bear(series.crash).stance).toBeLessThan(-0.95 + 0.05);
  });
  it('flags an overbought RSI', () => {
    const s = bear(series.uptrend);
    expect(s.metrics.rsi).toBeGreaterThan(70);
    expect(s.rationale.join('\n')).toContain('overbought');
  });
});

describe('analyst', () => {
  it('leans bullish in a clean uptrend and bearish in a crash', () => {
    expect(analyst(series.uptrend).stance).toBeGreaterThan(0.5);
    expect(analyst(series.crash).stance).toBeLessThan(-0.5);
  });
  it('reads the long trend from 200 bars on: up in a rise, down in a long fall, neither after a short one, not at all before', () => {
    const up = analyst(uptrend(260));
    expect(up.metrics.longTrendScore).toBe(1);
    expect(up.rationale.join('\n')).toContain('close above SMA200, SMA50 above it');
    // 200 bars up, then 30 falling hard: the close is below SMA200 while SMA50 is still above it.
    const turned = buildBars([...Array.from({ length: 200 }, () => ({ drift: 0.004, noise: 0.008, volume: 1e6 })), ...Array.from({ length: 30 }, () => ({ drift: -0.03, noise: 0.008, volume: 1e6 }))]);
    expect(analyst(turned).metrics.longTrendScore).toBe(0);
    const down = buildBars(Array.from({ length: 260 }, () => ({ drift: -0.004, noise: 0.008, volume: 1e6 })));
    expect(analyst(down).metrics.longTrendScore).toBe(-1);
    expect(analyst(uptrend(199)).metrics.longTrendScore).toBeUndefined();
  });
  it('is neutral and unsure in flat noise', () => {
    const s = analyst(series.flat);
    expect(Math.abs(s.stance)).toBeLessThan(0.25);
    expect(s.confidence).toBeLessThan(0.4);
    expect(s.rationale.join('\n')).toContain('ranging');
  });
});

describe('risk doctor', () => {
  it('allows an entry in a calm uptrend with a positive fraction and an ATR-based stop', () => {
    const s = risk(series.uptrend);
    expect(s.risk!.veto).toBe(false);
    expect(s.risk!.fraction).toBeGreaterThan(0);
    expect(s.risk!.fraction).toBeLessThanOrEqual(DEFAULT_RISK_DOCTOR_OPTIONS.maxFraction);
    expect(s.risk!.stopDistance).toBeCloseTo(2 * s.metrics.atrPct!, 4);
    expect(s.rationale[0]).toMatch(/^risk low/);
  });
  it('vetoes an entry during a crash', () => {
    const s = risk(series.crash);
    expect(s.risk!.veto).toBe(true);
    expect(s.risk!.fraction).toBe(0);
    expect(s.stance).toBeLessThan(-0.5);
    expect(s.rationale[0]).toContain('entry vetoed');
  });
  it('reports VaR <= CVaR and a wider stop after the blow-off than in the uptrend', () => {
    const s = risk(series.blowOff);
    expect(s.metrics.var).toBeLessThanOrEqual(s.metrics.cvar!);
    expect(s.risk!.stopDistance).toBeGreaterThan(risk(series.uptrend).risk!.stopDistance);
  });
});

describe('short and gappy histories', () => {
  it.each(AGENT_ROLES.filter((r) => r !== 'scout'))('%s gives confidence 0 and says why with 3 bars', async (role) => {
    const agent = createDefaultAgents().find((a) => a.role === role)!;
    const s = await agent.analyze(contextOf(uptrend(3)), new AbortController().signal);
    expect(s.confidence).toBe(0);
    expect(s.rationale[0]).toMatch(/too few|only \d+ returns/);
    expect(validateSignal(s).ok).toBe(true);
  });

  it('gives less confidence on 30 bars than on 200, and says so', () => {
    const short = bull(uptrend(30));
    expect(short.confidence).toBeLessThan(bull(uptrend(200)).confidence);
    expect(short.rationale.join('\n')).toContain('only 30 bars (60 wanted');
  });

  it('notes gaps and ignores malformed bars', () => {
    const bars = uptrend(120).map((b, i) => (i >= 60 ? { ...b, time: b.time + 10 * DAY } : b));
    bars[100] = { ...bars[100]!, close: NaN };
    const s = bull(bars);
    expect(s.rationale.join('\n')).toContain('1 gap(s)');
    expect(s.rationale.join('\n')).toContain('1 malformed bar(s) ignored');
    expect(validateSignal(s).ok).toBe(true);
  });
});

describe('every agent', () => {
  it('stops on an aborted signal', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('stop'));
    for (const agent of createDefaultAgents()) {
      await expect(agent.analyze(contextOf(uptrend(100)), aborted.signal)).rejects.toThrow('stop');
    }
  });

  it('answers with a valid signal on any random walk, including degenerate ones', async () => {
    const agents = createDefaultAgents({ riskDoctor: { paths: 200 } });
    const barArb = fc.record({ r: fc.double({ min: -0.2, max: 0.2, noNaN: true }), v: fc.integer({ min: 0, max: 1e7 }), w: fc.double({ min: 0, max: 0.05, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(fc.array(barArb, { minLength: 0, maxLength: 150 }), async (steps) => {
        let prev = 50;
        const bars: Bar[] = steps.map((st, i) => {
          const close = prev * Math.exp(st.r);
          const bar = { time: START + i * DAY, open: prev, close, high: Math.max(prev, close) * (1 + st.w), low: Math.min(prev, close) * (1 - st.w), volume: st.v };
          prev = close;
          return bar;
        });
        const context: AgentContext = bars.length > 0 ? contextOf(bars) : { ...contextOf(uptrend(2)), bars: [] };
        for (const agent of agents) {
          const s = await agent.analyze(context, new AbortController().signal);
          const checked = validateSignal(s);
          if (!checked.ok) throw new Error(`${agent.role}: ${checked.reason}`);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('validates its options with the key in the message', () => {
    expect(() => createAgent(bullAgent, { fast: 0 })).toThrow(ConfigError);
    expect(() => createAgent(bullAgent, { fast: 0 })).toThrow('agents.bull.fast must be an integer in [2, 500], got 0');
    expect(() => createDefaultAgents({ riskDoctor: { level: 2 } })).toThrow('agents.riskDoctor.level must be a number in [0.5, 0.999], got 2');
    expect(() => createDefaultAgents({ scout: { nope: 1 } as never })).toThrow('agents.scout.nope is not an option');
    expect(() => createDefaultAgents({ riskDoctor: { minStop: 0.3, maxStop: 0.2 } })).toThrow('minStop');
  });

  it('come in AGENT_ROLES order', () => {
    expect(createDefaultAgents().map((a) => a.role)).toEqual([...AGENT_ROLES]);
  });
});
