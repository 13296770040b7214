import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figure.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = 20;
const RATE = 50;
const CLIENTS = 1000;

interface ServerDone { p50: number; p99: number; max: number; emitted: number; ws: { clients: number; sent: number; dropped: number }; statusCalls: number }
interface ClientsReport { clientLagP99: number; received: number; snapshots: number; p50: number; p99: number; max: number; closedReaders: number }

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${type}: child exited with ${code}`)));
  });
}

/** One fan-out run: the server and the clients each in a fresh process, so the clients' work is not the daemon's. */
async function run(clients: number): Promise<{ server: ServerDone; clients: ClientsReport }> {
  const server = fork(join(here, 'ws-fanout-server.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const { port } = await next<{ port: number }>(server, 'listening');
    const peers = fork(join(here, 'ws-fanout-clients.js'), [String(port), String(clients)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      await next(peers, 'connected');
      const done = next<ServerDone>(server, 'done');
      server.send({ type: 'go', seconds: SECONDS, rate: RATE });
      const serverDone = await done;
      await new Promise((r) => setTimeout(r, 1_000));
      const report = next<ClientsReport>(peers, 'report');
      peers.send({ type: 'report' });
      return { server: serverDone, clients: await report };
    } finally {
      peers.kill();
    }
  } finally {
    server.kill();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

export async function benchWsFanout(): Promise<Figure[]> {
  const few = await run(10);
  const many = await run(CLIENTS);
  const expected = many.server.emitted * (CLIENTS - 1);
  const others = `${many.clients.received} of ${expected} events reached the ${CLIENTS - 1} reading clients; ${many.clients.closedReaders} of them were disconnected`;
  return [
    {
      name: `WebSocket fan-out, ${CLIENTS} clients (one never reading), ${RATE} events/s for ${SECONDS} s: daemon event-loop delay p99`,
      value: round(many.server.p99),
      unit: 'ms',
      target: '<= 20',
      pass: many.server.p99 <= 20,
      baselines: {
        'p50': { value: round(many.server.p50), unit: 'ms' },
        'max': { value: round(many.server.max), unit: 'ms' },
        'p99 with 10 clients': { value: round(few.server.p99), unit: 'ms' },
        'snapshots built for the connections': { value: many.server.statusCalls, unit: 'builds' },
      },
    },
    {
      name: `WebSocket fan-out, ${CLIENTS} clients: delivery p99 (${others})`,
      value: round(many.clients.p99),
      unit: 'ms',
      target: '<= 40, the stuck client dropped, every other event delivered',
      pass: many.clients.p99 <= 40 && many.server.ws.dropped === 1 && many.clients.received === expected && many.clients.closedReaders === 0,
      baselines: {
        p50: { value: round(many.clients.p50), unit: 'ms' },
        'p99 with 10 clients': { value: round(few.clients.p99), unit: 'ms' },
        'clients dropped by the daemon (the stuck one)': { value: many.server.ws.dropped, unit: 'clients' },
        // The clients' own process is part of the figure: its event-loop lag is delivery time the daemon does not cause.
        "clients' process event-loop delay p99": { value: round(many.clients.clientLagP99), unit: 'ms' },
      },
    },
  ];
}
