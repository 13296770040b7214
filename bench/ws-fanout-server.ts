import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { EventBus } from '../src/bus/event-bus.js';
import type { VerdictEvent } from '../src/domain/events.js';
import { LiveClock } from '../src/core/clock.js';
import { HttpServer } from '../src/server/http-server.js';

/**
 * The daemon's side of the fan-out bench, in a process of its own: the real HttpServer and broadcaster, a bus fed
 * at a steady rate with events shaped like the daemon's, and the event-loop delay measured as the health line does.
 * Talks to the parent over IPC: 'listening' {port}, then on 'go' {seconds, rate} emits, and answers 'done' {…}.
 */
const clock = new LiveClock();
const bus = new EventBus(() => undefined);
const maxBufferedBytes = Number(process.argv[2] ?? 1024 * 1024);
let statusCalls = 0;
const server = new HttpServer({
  host: '127.0.0.1',
  port: 0,
  clock,
  logger: pino({ level: 'warn' }),
  bus,
  maxBufferedBytes,
  // Shorter than the default so the never-reading client is caught within the run.
  heartbeatMs: 5_000,
  health: () => ({ ok: true, stale: [], snapshot: null }),
  // A snapshot as large as the daemon's (account, 20 positions, a health line); counted to show how often it is built.
  status: () => {
    statusCalls++;
    return {
      mode: 'paper',
      cash: 51234.5,
      positions: Array.from({ length: 20 }, (_, i) => ({ symbol: `SYM${i}`, qty: 12.5, avgPrice: 101.25, markPrice: 102.5 })),
      health: { queue: { depth: 3, capacity: 1000 }, loops: {}, memory: { rssMb: 180 } },
    };
  },
  metrics: () => '',
});

function verdict(n: number): VerdictEvent {
  const roles = ['bull', 'bear', 'analyst', 'scout', 'riskDoctor'] as const;
  return {
    verdictId: `v-${n}`,
    opportunity: { id: `o-${n}`, symbol: `SYM${n % 20}`, source: 'model', direction: 'long', score: 2.1, price: 101.5, reason: 'momentum t-stat 2.10 over 20 bars', createdAt: clock.now() },
    verdict: { action: 'HOLD', conviction: 0.4, score: 0.12, sizeFraction: 0, reasons: ['quorum met', 'score below buy threshold'] } as unknown as VerdictEvent['verdict'],
    outcomes: roles.map((role) => ({
      role,
      status: 'ok' as const,
      latencyMs: 0.4,
      signal: { stance: 0.25, confidence: 0.6, rationale: ['RSI 61 within range', 'MACD histogram rising', 'close above the 50-bar mean'], metrics: { rsi: 61.2, macd: 0.42, adx: 23.1, atrPct: 0.018 } },
    })),
    decidedAt: clock.now(),
  };
}

process.on('message', (message: { type: string; seconds?: number; rate?: number }) => {
  if (message.type !== 'go') return;
  const seconds = message.seconds ?? 10;
  const rate = message.rate ?? 50;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let n = 0;
  const total = seconds * rate;
  const started = performance.now();
  // Emits on a fixed schedule (not drifting with the loop's lateness), as a daemon's events arrive whatever it is doing.
  const tick = () => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (n < Math.min(due, total)) bus.emit('verdict', verdict(n++));
    if (n < total) setTimeout(tick, 2);
    else {
      delay.disable();
      const ws = server.wsStats();
      process.send!({ type: 'done', p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, emitted: n, ws, statusCalls });
    }
  };
  tick();
});

await server.start();
process.send!({ type: 'listening', port: server.port() });
process.on('disconnect', () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
