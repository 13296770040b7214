import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The clients' side of the fan-out bench, in a process of its own: `count` WebSocket clients on loopback, the first of
 * which never reads (its socket is paused after the handshake). So that a thousand clients in one process can keep
 * up with the daemon, each is a bare RFC 6455 reader: it frames the stream, answers pings, and reads only the `ts` of
 * each event (the server's clock, the same machine's time) for the delivery latency. No JSON parsing, no decoding.
 */
const [port, count] = [Number(process.argv[2]), Number(process.argv[3] ?? 1000)];
const latencies: number[] = [];
let received = 0;
let snapshots = 0;
let closedReaders = 0;
const TS = Buffer.from('"ts":');
const SNAPSHOT = Buffer.from('{"type":"snapshot"');

function onText(payload: Buffer): void {
  if (payload.subarray(0, SNAPSHOT.length).equals(SNAPSHOT)) return void snapshots++;
  received++;
  const at = payload.indexOf(TS);
  if (at < 0 || at > 64) return;
  let ts = 0;
  for (let i = at + TS.length; i < payload.length && payload[i]! >= 48 && payload[i]! <= 57; i++) ts = ts * 10 + payload[i]! - 48;
  latencies.push(Date.now() - ts);
}

/** Reads frames from the stream; answers a ping with a (masked, as a client must) pong. */
function reader(socket: Socket): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (pending.length < 2) return;
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (pending.length < offset + length) return;
      const payload = pending.subarray(offset, offset + length);
      if (opcode === 1) onText(payload);
      else if (opcode === 9) socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | payload.length, 0, 0, 0, 0]), payload]));
      pending = pending.subarray(offset + length);
    }
  };
}

function connect(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let head: Buffer = Buffer.alloc(0);
    const onHandshake = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onHandshake);
      if (!head.subarray(0, 12).toString('latin1').includes(' 101')) return reject(new Error(`handshake refused: ${head.subarray(0, 40).toString()}`));
      // The stuck client stops reading here; it never sees its own close, and the daemon's count says it was dropped.
      if (i === 0) socket.pause();
      else {
        const read = reader(socket);
        socket.on('data', read);
        socket.on('close', () => closedReaders++);
        if (head.length > end + 4) read(head.subarray(end + 4));
      }
      resolve();
    };
    socket.on('data', onHandshake);
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
