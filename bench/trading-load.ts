import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent, AgentRole } from '../src/agents/agent-port.js';
import { AGENT_ROLES } from '../src/agents/agent-port.js';
import { loadConfig } from '../src/config/config.js';
import { tuneGarbageCollector } from '../src/core/gc-tuning.js';
import { Kernel } from '../src/kernel/kernel.js';
import type { Opportunity } from '../src/domain/opportunity.js';

export const RATE = 1000;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
/** After the measured 30 s, the same load goes on this long for resident memory to show its steady state. */
export const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const SYMBOLS = 500;
/**
 * Seconds of load before measuring, as in a running daemon. JIT code is warm after about 3 s. Resident memory keeps
 * growing to its working size (SQLite's caches, the allocator's arenas, V8's committed pages) for about 15 s: read
 * after 3 s, it rose 11 % by the end of the run; read after 15 s, 2 %.
 */
const WARMUP_SECONDS = 15;
/** When resident memory is also read, as a baseline: the point at which the JIT is warm but memory not yet. */
const EARLY_SECONDS = 3;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = () => Math.round((process.memoryUsage().rss / 1048576) * 10) / 10;
/** Live heap after a full collection (when node runs with --expose-gc), which tells growth from garbage not yet collected. */
const liveHeapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};

export interface LoadRun {
  latencies: number[];
  /** Latencies during the soak that follows the measured window. */
  soakLatencies: number[];
  rate: number;
  /** Resident memory after EARLY_SECONDS of load, before it reached its working size. */
  rssEarly: number;
  rssStart: number;
  rssEnd: number;
  rssPeak: number;
  heapStart: number;
  heapEnd: number;
}

/**
 * Publish-to-persisted-order latency through the real consumer, chief, risk gate, paper broker and SQLite store,
 * with agents that answer at once: what the daemon itself adds. 1,000 opportunities a second for 30 s.
 */
export async function loadRun(checkpoint: 'background' | 'inline', soakSeconds = 0): Promise<LoadRun> {
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
      CONCLAVE_SYMBOL_COOLDOWN_BARS: '0',
      CONCLAVE_DAILY_LOSS_LIMIT: '1',
      CONCLAVE_MAX_DRAWDOWN: '1',
      CONCLAVE_CONSUMER_CONCURRENCY: '2',
      CONCLAVE_QUEUE_CAPACITY: '100000',
      // Paper orders fill at the next price after their decision, at a position check: simulated bars of a second and
      // a check every 5 s fill them within seconds, so each symbol goes on trading (an order in flight blocks the next
      // in its symbol) while the checks of up to 500 positions stay a small part of the load, as in a daemon.
      CONCLAVE_SIM_BAR_MS: '1000',
      CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000',
      CONCLAVE_HEALTH_INTERVAL_MS: '3600000',
      CONCLAVE_STORE_CHECKPOINT: checkpoint,
    },
  });
  const kernel = await Kernel.create(config, { agents: instantAgents(), logDestination: { write: () => undefined } });
  const published = new Map<string, number>();
  const opportunityOf = new Map<string, string>();
  const latencies: number[] = [];
  const soakLatencies: number[] = [];
  // Most verdicts place no order (one is in flight for the symbol): their entries are forgotten, oldest first, so the
  // bench's own maps stay bounded and the heap figure is the daemon's.
  const bounded = <K, V>(map: Map<K, V>) => {
    if (map.size > 5_000) map.delete(map.keys().next().value as K);
  };
  kernel.bus.on('verdict', (v) => {
    opportunityOf.set(v.verdictId, v.opportunity.id);
    bounded(opportunityOf);
  });
  kernel.bus.on('order', (o) => {
    // The order's intent is persisted (and then announced) as `submitted`, before the broker hears of it; the fill
    // comes later, at the next price.
    if (o.status !== 'submitted' || !o.verdictId) return;
    const id = opportunityOf.get(o.verdictId);
    const t0 = id ? published.get(id) : undefined;
    const n = id ? Number(id.slice(6)) : -1;
    if (t0 !== undefined && n >= RATE * WARMUP_SECONDS) (n < RATE * (WARMUP_SECONDS + SECONDS) ? latencies : soakLatencies).push(performance.now() - t0);
    if (id) published.delete(id);
    opportunityOf.delete(o.verdictId);
  });
  await kernel.start();
  // Warm-up, not measured: the simulated market builds each symbol's history on first use.
  for (const u of universe) await kernel.market.bars(u.symbol, 250);
  const drained = async () => {
    while (kernel.queue.depth > 0 || kernel.consumer.stats().inFlight > 0) await sleep(10);
  };
  /** Publishes opportunities number `from` to `to` at RATE a second: whatever is due by now, then a millisecond's pause. */
  const publish = async (from: number, to: number) => {
    const started = performance.now();
    let sent = from;
    while (sent < to) {
      const due = Math.min(to, from + Math.floor(((performance.now() - started) / 1000) * RATE));
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
        bounded(published);
        kernel.store.insertOpportunity(opportunity);
        await kernel.queue.put(opportunity);
      }
      await sleep(1);
    }
  };
  /**
   * Memory in one state at both ends: the load stopped, a full collection done, and a second for V8 to hand freed
   * pages back. Read at any moment under load instead, resident memory is wherever V8's collection cycle happens to be.
   */
  const settledMemory = async () => {
    await drained();
    const heap = liveHeapMb();
    await sleep(1000);
    return { heap, rss: mb() };
  };
  // Warm-up load, not measured: JIT, caches, the young generation and the store's first pages reach working size.
  await publish(0, RATE * EARLY_SECONDS);
  const early = await settledMemory();
  await publish(RATE * EARLY_SECONDS, RATE * WARMUP_SECONDS);
  const start = await settledMemory();
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, mb())), 250);
  const total = RATE * (WARMUP_SECONDS + SECONDS + soakSeconds);
  const started = performance.now();
  await publish(RATE * WARMUP_SECONDS, total);
  await drained();
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const end = await settledMemory();
  await kernel.stop();
  rmSync(dir, { recursive: true, force: true });
  const measured = total - RATE * WARMUP_SECONDS;
  return { latencies, soakLatencies, rate: measured / elapsed, rssEarly: early.rss, rssStart: start.rss, rssEnd: end.rss, rssPeak, heapStart: start.heap, heapEnd: end.heap };
}

// Run as its own process (`node --expose-gc trading-load.js background|inline [untuned]`), printing the run as JSON:
// each configuration starts from the same fresh heap, as a daemon does, whatever ran before it. `untuned` leaves V8's
// defaults in place of the daemon's GC tuning, for the baseline.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, tuning] = process.argv.slice(2);
  if ((mode !== 'background' && mode !== 'inline') || (tuning !== undefined && tuning !== 'untuned')) {
    throw new Error(`usage: trading-load.js background|inline [untuned], got ${process.argv.slice(2).join(' ')}`);
  }
  if (tuning !== 'untuned') tuneGarbageCollector();
  process.stdout.write(`${JSON.stringify(await loadRun(mode, mode === 'background' ? SOAK_SECONDS : 0))}\n`);
}
