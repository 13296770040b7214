import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { KillSwitchLog } from '../../src/trading/kill-switch-log.js';
import { haltFile } from '../../src/kernel/kernel.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('the kill switch in the logs', () => {
  it('logs `conclave halt` and `conclave resume` made from another process, once each, with the reason', async () => {
    const { kernel, clock, logs, config } = await virtualKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '30000' });
    await kernel.start();
    await runFor(clock, 60_000);
    const outside = new KillSwitch({ file: haltFile(config) }); // what `conclave halt` does, not the daemon's own
    outside.halt('broker maintenance');
    await runFor(clock, 5 * 60_000);
    outside.resume();
    await runFor(clock, 2 * 60_000);
    await kernel.stop();
    const said = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('kill switch'));
    expect(said.map((l) => l.msg)).toEqual([
      'kill switch on: no new entries (open positions keep their stops) until `conclave resume`',
      'kill switch lifted: entries allowed again',
    ]);
    expect(said[0]).toMatchObject({ level: 'warn', reason: 'broker maintenance', component: 'kill-switch' });
  });

  it('does not say open positions keep their stops when they are being flattened', async () => {
    const { kernel, clock, logs, config } = await virtualKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '30000' });
    await kernel.start();
    new KillSwitch({ file: haltFile(config) }).halt('margin call', true);
    await runFor(clock, 60_000);
    await kernel.stop();
    const on = logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('kill switch on'));
    expect(on).toMatchObject({ reason: 'margin call', flatten: true });
    expect(on!.msg).toMatch(/open positions are being closed/);
    expect(on!.msg).not.toMatch(/keep their stops/);
  });

  it('says the positions were closed when the flatten was done before the halt was first logged', () => {
    const killSwitch = new KillSwitch({ file: join(mkdtempSync(join(tmpdir(), 'conclave-halt-')), 'HALT') });
    const lines: Record<string, unknown>[] = [];
    const clock = new VirtualClock();
    const log = new KillSwitchLog(killSwitch, createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } }));
    killSwitch.halt('margin call', true);
    // The position check closed everything before the health line's observation.
    killSwitch.flattened();
    expect(log.observe()).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reason: 'margin call', flatten: true, msg: 'kill switch on: no new entries, and open positions were closed (flatten), until `conclave resume`' });
  });

  it('says a halt renewed with another reason, or with a flatten, while it stays on; not the same halt again', () => {
    const killSwitch = new KillSwitch({ file: join(mkdtempSync(join(tmpdir(), 'conclave-halt-')), 'HALT') });
    const lines: Record<string, unknown>[] = [];
    const clock = new VirtualClock();
    const log = new KillSwitchLog(killSwitch, createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } }));
    killSwitch.halt('broker maintenance');
    log.observe();
    log.observe();
    expect(lines).toHaveLength(1);
    // `conclave halt --reason` over the halt: its new reason was in the file and `status`, never in the log.
    killSwitch.halt('maintenance extended to 18:00');
    log.observe();
    killSwitch.halt('maintenance extended to 18:00', true);
    log.observe();
    killSwitch.flattened();
    log.observe();
    expect(lines.map((l) => [l.reason, l.flatten])).toEqual([['broker maintenance', false], ['maintenance extended to 18:00', false], ['maintenance extended to 18:00', true]]);
  });
});
