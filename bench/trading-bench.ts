import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent, AgentRole } from '../src/agents/agent-port.js';
import { AGENT_ROLES } from '../src/agents/agent-port.js';
import { loadConfig } from '../src/core/config.js';
import { percentile } from '../src/core/stats.js';
import { Kernel } from '../src/kernel.js';
import type { Opportunity } from '../src/scanners/opportunity.js';
import type { Figure } from './figure.js';

const RATE = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SYMBOLS = 500;
/** Seconds of load before measuring: JIT, caches and the store's first pages warm up as in a running daemon. */
const WARMUP_SECONDS = 3;

/** Instant agents that follow the opportunity's direction, so every opportunity becomes an entry or an exit. */
function instantAgents(): Agent[] {
  return AGENT_ROLES.map((role: AgentRole) => ({
    role,
    analyze: async (context) => ({
      stance: context.opportunity.direction === 'long' ? 0.9 : -0.9,
      confidence: 0.9,
      rationale: ['bench'],
      metrics: {},
      ...(role === 'riskDoctor' ? { risk: { veto: false, fraction: 0.001, stopDistance: 0.02 } } : {}),
    }),
  }));
}

const mb = () => Math.round((process.memoryUsage().rss / 1048576) * 10) / 10;
/** Live heap after a full collection (when node runs with --expose-gc), which tells growth from garbage not yet collected. */
const liveHeapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};

interface LoadRun {
  latencies: number[];
  rate: number;
  rssStart: number;
  rssEnd: number;
  heapStart: number;
  heapEnd: number;
}

/**
 * Publish-to-persisted-order latency through the real consumer, chief, risk gate, paper broker and SQLite store,
 * with agents that answer at once: what the daemon itself adds. 1,000 opportunities a second for 30 s.
 */
async function loadRun(checkpoint: 'background' | 'inline'): Promise<LoadRun> {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-bench-'));
  const universe = Array.from({ length: SYMBOLS }, (_, i) => ({ symbol: `B${String(i).padStart(3, '0')}`, name: `Bench Company ${i}` }));
  const config = loadConfig({
    env: {
      CONCLAVE_DATA_DIR: dir,
      CONCLAVE_LOG_LEVEL: 'warn',
      CONCLAVE_UNIVERSE: JSON.stringify(universe),
      CONCLAVE_MODEL_THRESHOLD: '1000000',
      CONCLAVE_SIM_NEWS_PER_HOUR: '0',
      CONCLAVE_MAX_OPEN_POSITIONS: '1000',
      CONCLAVE_POSITION_FRACTION: '0.001',
      CONCLAVE_MAX_GROSS_EXPOSURE: '10',
      CONCLAVE_SYMBOL_COOLDOWN_MS: '0',
      CONCLAVE_DAILY_LOSS_LIMIT: '1',
      CONCLAVE_MAX_DRAWDOWN: '1',
      CONCLAVE_CONSUMER_CONCURRENCY: '2',
      CONCLAVE_QUEUE_CAPACITY: '100000',
      CONCLAVE_POSITION_CHECK_INTERVAL_MS: '3600000',
      CONCLAVE_HEALTH_INTERVAL_MS: '3600000',
      CONCLAVE_STORE_CHECKPOINT: checkpoint,
    },
  });
  const kernel = new Kernel(config, { agents: instantAgents(), logDestination: { write: () => undefined } });
  const published = new Map<string, number>();
  const opportunityOf = new Map<string, string>();
  const latencies: number[] = [];
  kernel.bus.on('verdict', (v) => opportunityOf.set(v.verdictId, v.opportunity.id));
  kernel.bus.on('order', (o) => {
    if (o.status !== 'filled' || !o.verdictId) return;
    const id = opportunityOf.get(o.verdictId);
    const t0 = id ? published.get(id) : undefined;
    if (t0 !== undefined && Number(id!.slice(6)) >= RATE * WARMUP_SECONDS) latencies.push(performance.now() - t0);
    if (id) published.delete(id);
    opportunityOf.delete(o.verdictId);
  });
  await kernel.start();
  // Warm-up, not measured: the simulated market builds each symbol's history on first use.
  for (const u of universe) await kernel.market.bars(u.symbol, 250);
  // Taken before the load: a forced collection during the measured window would itself be a latency spike.
  const rssStart = mb();
  const heapStart = liveHeapMb();
  const total = RATE * (WARMUP_SECONDS + SECONDS);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    // Keep to the schedule: publish whatever is due by now, then yield for a millisecond.
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    for (; sent < due; sent++) {
      const symbol = universe[sent % SYMBOLS]!.symbol;
      const round = Math.floor(sent / SYMBOLS);
      const opportunity: Opportunity = {
        id: `bench-${sent}`,
        symbol,
        source: 'model',
        direction: round % 2 === 0 ? 'long' : 'short',
        score: 3,
        price: 100,
        reason: 'bench',
        createdAt: Date.now(),
      };
      published.set(opportunity.id, performance.now());
      kernel.store.insertOpportunity(opportunity);
      await kernel.queue.put(opportunity);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  while (kernel.queue.depth > 0 || kernel.consumer.stats().inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  const elapsed = (performance.now() - started) / 1000;
  const rssEnd = mb();
  const heapEnd = liveHeapMb();
  await kernel.stop();
  rmSync(dir, { recursive: true, force: true });
  return { latencies, rate: total / elapsed, rssStart, rssEnd, heapStart, heapEnd };
}

async function latencyUnderLoad(): Promise<Figure[]> {
  // Baseline first, in the same run: SQLite's default, checkpoints inside commits on the event loop.
  const inline = await loadRun('inline');
  const { latencies, rate, rssStart, rssEnd, heapStart, heapEnd } = await loadRun('background');
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return [
    {
      name: `publish → order persisted, ${RATE}/s for ${SECONDS} s (instant agents): p99`,
      value: round(p99, 3),
      unit: 'ms',
      target: '<= 5',
      pass: p99 <= 5,
      baselines: {
        p50: { value: round(p50, 3), unit: 'ms' },
        p95: { value: round(percentile(latencies, 95), 3), unit: 'ms' },
        orders: { value: latencies.length, unit: 'orders' },
        'achieved rate': { value: round(rate, 0), unit: 'opp/s' },
        'p99 with inline checkpoints (SQLite default)': { value: round(percentile(inline.latencies, 99), 3), unit: 'ms' },
        'p50 with inline checkpoints': { value: round(percentile(inline.latencies, 50), 3), unit: 'ms' },
      },
    },
    {
      name: 'memory over the load run: live heap after GC at the end',
      value: heapEnd,
      unit: 'MB',
      target: 'flat (within 10 % of start)',
      pass: heapEnd <= heapStart * 1.1,
      baselines: { 'live heap at start': { value: heapStart, unit: 'MB' }, 'rss at start': { value: rssStart, unit: 'MB' }, 'rss at end': { value: rssEnd, unit: 'MB' } },
    },
  ];
}

/** Audit events written in transactions of 1,000 versus one transaction each (the naive way), same store, same run. */
async function eventsPersisted(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-bench-'));
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'silent' } });
  const kernel = new Kernel(config, { logDestination: { write: () => undefined } });
  const store = kernel.store;
  const event = (i: number) => ({ symbol: 'NOVA', change: 'increased', qty: 1, price: 100 + (i % 7), reason: 'bench', time: i });
  const batched = 200_000;
  let t = performance.now();
  for (let i = 0; i < batched; i += 1000) store.tx(() => {
    for (let j = i; j < i + 1000; j++) store.insertPositionEvent(event(j));
  });
  const batchedRate = batched / ((performance.now() - t) / 1000);
  const single = 2_000;
  t = performance.now();
  for (let i = 0; i < single; i++) store.tx(() => store.insertPositionEvent(event(i)));
  const singleRate = single / ((performance.now() - t) / 1000);
  await kernel.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    name: 'events persisted per second, batched 1,000 per transaction (WAL, synchronous=NORMAL)',
    value: Math.round(batchedRate),
    unit: 'events/s',
    target: '>= 50000',
    pass: batchedRate >= 50_000,
    baselines: { 'one transaction each': { value: Math.round(singleRate), unit: 'events/s' } },
  };
}

export async function benchTrading(): Promise<Figure[]> {
  return [...(await latencyUnderLoad()), await eventsPersisted()];
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
