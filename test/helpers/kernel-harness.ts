import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel, type KernelOverrides } from '../../src/kernel/kernel.js';

export interface Harness {
  kernel: Kernel;
  clock: VirtualClock;
  config: Config;
  logs: Record<string, unknown>[];
  /** The same log lines as written (JSON.parse would hide a repeated key). */
  raw: string[];
  dataDir: string;
}

/** A kernel on the virtual clock with a fresh data dir and logs captured in memory. */
export async function virtualKernel(env: Record<string, string> = {}, overrides: KernelOverrides = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'conclave-test-'));
  // The simulated market's minute bars move too little for the chief's cost filter to let entries through, and these
  // tests need a panel that trades: the filter is off unless a test configures the chief itself.
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'info', CONCLAVE_CHIEF: '{"costMultiple":0}', ...env } });
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 0, 0, 0));
  const logs: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const kernel = await Kernel.create(config, {
    clock,
    logDestination: {
      write: (line: string) => {
        raw.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
    ...overrides,
  });
  return { kernel, clock, config, logs, raw, dataDir: dir };
}

/** Advances the virtual clock in steps, so the work each step starts settles before the next. */
export async function runFor(clock: VirtualClock, ms: number, step = 60_000): Promise<void> {
  for (let done = 0; done < ms; done += step) await clock.advance(Math.min(step, ms - done));
}

/** Which work in flight may wait on the clock: given how many of each kind are in flight, true lets the clock move. */
export type MayRun = (work: ReadonlyMap<string, number>) => boolean;

/**
 * Waits in real time, the virtual clock still, until no call to the outside world told to the clock (a source's
 * attempts, the LLM agent's requests, the live broker's requests to the exchange, a notification's post) is in flight,
 * and the work their answers start has had its turns. An answer still missing after `hangMs` fails: a loopback server
 * that never answers would hold the clock for ever. `mayRun`, if given, ends the wait early when what is in flight is
 * work the test means to time out on the clock (posts held by an endpoint that never answers, whose timeout is virtual).
 */
export async function answered(clock: VirtualClock, hangMs = 30_000, mayRun?: MayRun): Promise<void> {
  const deadline = performance.now() + hangMs;
  // The turns first: work started just before (a read in the background) has told the clock by then.
  await new Promise((r) => setImmediate(r));
  while (clock.outsideInFlight > 0 && !mayRun?.(clock.outsideByWhat())) {
    if (performance.now() > deadline) {
      const what = [...clock.outsideByWhat()].map(([w, n]) => `${n} ${w}`).join(', ');
      throw new Error(`answered: ${clock.outsideInFlight} call(s) to the outside (${what}) at ${new Date(clock.now()).toISOString()} have had no answer after ${hangMs} ms of real time`);
    }
    await new Promise((r) => setTimeout(r, 2));
    // The answer's own work ends in the turns after it came, and may ask again.
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Advances the virtual clock by `ms`, and before each timer it fires and at the end, with the clock still, waits until
 * no call to the outside is in flight (answered). A run that waits on the virtual clock (a retry's sleep) lets time
 * move; one waiting for a loopback server's answer holds it, however slow the machine: a fixed slice of real time per
 * step let a busy machine's answer come after the clock had moved on.
 */
export async function runAnswered(clock: VirtualClock, ms: number, hangMs = 30_000, mayRun?: MayRun): Promise<void> {
  await clock.advance(ms, () => answered(clock, hangMs, mayRun));
}

/**
 * Advances the virtual clock `steps` times by `stepMs`, and after each, with the clock still, waits until every run of
 * `loops` started by that step has ended (succeeded or failed): a run waiting on a loopback server's real sockets ends
 * when its answers have come, however slow the machine. A fixed slice of real time per step let a busy machine's
 * run go on while the clock moved, so later checks saw later times and prices than the test meant. A loop's first run,
 * started with the kernel, is awaited before the first step: still in flight, it raced the test's next moves. A run that
 * waits on the virtual clock itself (a retry's sleep) never ends here: it fails after `hangMs`, which only a hang reaches
 * (runAnswered moves the clock through such sleeps). `settled`, if given, is awaited too, the clock still, before each
 * timer a step fires, after it, and once the runs have ended (`answered`: work a run leaves behind, such as an order's
 * answer from the exchange).
 */
export async function runSettled(kernel: Kernel, clock: VirtualClock, steps: number, stepMs: number, loops: readonly string[] = ['positionMonitor'], hangMs = 30_000, settled?: () => Promise<void>): Promise<void> {
  const stats = (name: string) => {
    const s = kernel.loopStats()[name];
    if (!s) throw new Error(`runSettled: the kernel has no loop named '${name}' (it has ${Object.keys(kernel.loopStats()).join(', ')})`);
    return s;
  };
  const settle = async (name: string, ended: () => boolean) => {
    const deadline = performance.now() + hangMs;
    while (!ended()) {
      if (performance.now() > deadline) throw new Error(`runSettled: ${name}'s run at ${new Date(clock.now()).toISOString()} has not ended after ${hangMs} ms of real time: it hangs, or waits on the virtual clock`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  for (const name of loops) {
    const first = stats(name);
    if (first.runs === 1 && first.lastOkAt === null && first.errors === 0) await settle(name, () => stats(name).lastOkAt !== null || stats(name).errors > 0);
  }
  await settled?.();
  for (let i = 0; i < steps; i++) {
    const before = loops.map((name) => ({ name, ...stats(name) }));
    await clock.advance(stepMs, settled);
    for (const b of before) {
      if (stats(b.name).runs === b.runs) continue;
      await settle(b.name, () => stats(b.name).lastOkAt !== b.lastOkAt || stats(b.name).errors !== b.errors);
    }
    await settled?.();
  }
}
