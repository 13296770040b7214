import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agent, AgentContext } from '../src/agents/agent-port.js';
import type { AgentSignal } from '../src/domain/verdict.js';
import { AGENT_ROLES } from '../src/agents/agent-port.js';
import { Chief } from '../src/agents/chief.js';
import { createDefaultAgents } from '../src/agents/default-agents.js';
import { runDiscussion } from '../src/agents/discussion.js';
import { seededRandom } from '../src/core/random.js';
import { LiveClock } from '../src/core/clock.js';
import { packageRoot } from '../src/core/paths.js';
import type { Bar } from '../src/market/market-port.js';
import type { Figure } from './figure.js';

const ORCL = '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt';
const WINDOW = 250;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Date,Open,High,Low,Close,Adj Close,Volume; rows that do not parse are skipped and counted. */
function readOhlcv(file: string): { bars: Bar[]; skipped: number } {
  const bars: Bar[] = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const [date, open, high, low, close, , volume] = line.split(',');
    const bar = { time: Date.parse(`${date}T00:00:00Z`), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) };
    if (Object.values(bar).every(Number.isFinite)) bars.push(bar);
    else skipped++;
  }
  return { bars, skipped };
}

function contextAt(bars: readonly Bar[], k: number): AgentContext {
  const last = bars[k]!;
  return {
    opportunity: { id: `bench-${k}`, symbol: 'ORCL', source: 'model', direction: 'long', score: 0.5, price: last.close, reason: 'bench', createdAt: last.time },
    now: last.time,
    bars: bars.slice(Math.max(0, k + 1 - WINDOW), k + 1),
    symbolNews: [],
    marketNews: [],
    position: null,
    portfolio: { cash: 100_000, equity: 100_000, openPositions: 0 },
  };
}

/** A fake agent that waits a given time on the real clock and reports how long it really waited. */
function sleeper(role: Agent['role'], clock: LiveClock, ms: number, spent: number[]): Agent {
  return {
    role,
    async analyze(_context, signal): Promise<AgentSignal> {
      const start = performance.now();
      await clock.sleep(ms, signal);
      spent.push(performance.now() - start);
      return { stance: 0.1, confidence: 0.5, rationale: ['bench'], metrics: {} };
    },
  };
}

/** (a) What the runner adds on top of its slowest agent: freezing the context, timers, validation, plumbing. */
async function overhead(context: AgentContext): Promise<Figure[]> {
  const clock = new LiveClock();
  const random = seededRandom(20_260_105);
  const overheads: number[] = [];
  // 100 warm-up rounds (JIT) are not counted.
  for (let i = -100; i < 1_000; i++) {
    const spent: number[] = [];
    const agents = AGENT_ROLES.map((role) => sleeper(role, clock, 1 + Math.floor(random() * 4), spent));
    const start = performance.now();
    await runDiscussion(agents, context, { clock, deadlineMs: 1_000 });
    if (i >= 0) overheads.push(performance.now() - start - Math.max(...spent));
  }
  overheads.sort((a, b) => a - b);
  const p99 = quantile(overheads, 0.99);
  return [
    { name: 'discussion overhead p50 (5 fake agents, 1-4 ms)', value: quantile(overheads, 0.5), unit: 'ms' },
    { name: 'discussion overhead p99 (5 fake agents, 1-4 ms)', value: p99, unit: 'ms', target: '<= 2', pass: p99 <= 2 },
  ];
}

/** (b) How late an agent that ignores its abort is cut off, past a 10 ms deadline. */
async function cutoff(context: AgentContext): Promise<Figure[]> {
  const clock = new LiveClock();
  const hung: Agent = { role: 'bull', analyze: () => new Promise<AgentSignal>(() => {}) };
  const late: number[] = [];
  const deadlineMs = 10;
  for (let i = -20; i < 400; i++) {
    const start = performance.now();
    const [outcome] = await runDiscussion([hung], context, { clock, deadlineMs });
    if (outcome!.status !== 'timeout') throw new Error(`bench: hung agent recorded as ${outcome!.status}`);
    if (i >= 0) late.push(performance.now() - start - deadlineMs);
  }
  late.sort((a, b) => a - b);
  const p99 = quantile(late, 0.99);
  return [
    { name: 'hung agent cut off past its deadline p50', value: quantile(late, 0.5), unit: 'ms' },
    { name: 'hung agent cut off past its deadline p99', value: p99, unit: 'ms', target: '<= 5', pass: p99 <= 5 },
  ];
}

/** (c) The five real agents and the chief on real daily bars (ORCL 1995-2014), 250-bar windows, one after another. */
async function throughput(bars: readonly Bar[]): Promise<Figure[]> {
  const clock = new LiveClock();
  const agents = createDefaultAgents();
  const chief = new Chief();
  const actions = { BUY: 0, SELL: 0, HOLD: 0 };
  let n = 0;
  const start = performance.now();
  for (let k = WINDOW; k < bars.length && performance.now() - start < 4_000; k += 3) {
    const context = contextAt(bars, k);
    const outcomes = await runDiscussion(agents, context, { clock, deadlineMs: 5_000 });
    const failedAgents = outcomes.filter((o) => o.status !== 'ok');
    if (failedAgents.length > 0) throw new Error(`bench: ${failedAgents.map((o) => `${o.role} ${o.status}: ${o.error}`).join('; ')}`);
    actions[chief.decide(outcomes, context).action]++;
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  return [
    {
      name: 'discussions per second (5 real agents + chief, ORCL daily, 250 bars)',
      value: n / seconds,
      unit: '/s',
      baselines: { BUY: { value: actions.BUY, unit: 'verdicts' }, SELL: { value: actions.SELL, unit: 'verdicts' }, HOLD: { value: actions.HOLD, unit: 'verdicts' } },
    },
  ];
}

export async function benchDiscussion(): Promise<Figure[]> {
  const file = join(packageRoot(), ORCL);
  if (!existsSync(file)) throw new Error(`bench: real bars not found at ${file} (the shared data directory next to the repository)`);
  const { bars } = readOhlcv(file);
  const context = contextAt(bars, bars.length - 1);
  return [...(await overhead(context)), ...(await cutoff(context)), ...(await throughput(bars))];
}
