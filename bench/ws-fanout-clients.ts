import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * The clients' side of the fan-out bench, in a process of its own: `count` WebSocket clients on loopback, the first of
 * which never reads (its socket is paused). Delivery latency is the envelope's `ts` (the server's clock, the same
 * machine's time) to arrival; only the head of each message is read, so the clients cost as little as they can.
 */
const [port, count] = [Number(process.argv[2]), Number(process.argv[3] ?? 1000)];
const latencies: number[] = [];
let received = 0;
let snapshots = 0;
let closedReaders = 0;
const TS = /"ts":(\d+)/;

function connect(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.once('open', () => {
      if (i === 0) ws.pause();
      resolve();
    });
    ws.once('error', reject);
    // The stuck client is paused, so it never sees its own close; the daemon's count says whether it was dropped.
    ws.on('close', () => (i === 0 ? undefined : closedReaders++));
    ws.on('message', (data: Buffer) => {
      const head = data.toString('latin1', 0, 60);
      if (head.startsWith('{"type":"snapshot"')) return void snapshots++;
      received++;
      const m = TS.exec(head);
      if (m) latencies.push(Date.now() - Number(m[1]));
    });
  });
}

for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(i + j)));
const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
process.send!({ type: 'connected' });
process.on('message', (message: { type: string }) => {
  if (message.type !== 'report') return;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  process.send!({ type: 'report', received, snapshots, p50: at(50), p99: at(99), max: latencies.at(-1) ?? NaN, closedReaders, clientLagP99: lag.percentile(99) / 1e6 });
});
