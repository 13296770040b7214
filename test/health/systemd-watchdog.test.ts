import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { SystemdWatchdog, systemdNotify, watchdogIntervalMs } from '../../src/health/systemd-watchdog.js';

describe('systemd watchdog', () => {
  it('says READY, pings while the daemon works, stops pinging while a loop is stale, resumes, and says STOPPING', async () => {
    const clock = new VirtualClock(0);
    const sent: string[] = [];
    let working = { ok: true, stale: [] as string[], stalled: [] as string[] };
    const dog = new SystemdWatchdog({ clock, logger: pino({ level: 'silent' }), notify: async (s) => void sent.push(s), intervalMs: 10_000, working: () => working });
    dog.start();
    await clock.advance(30_000);
    expect(sent).toEqual(['READY=1', 'WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1']);
    working = { ok: false, stale: ['modelScanner'], stalled: ['market'] };
    await clock.advance(60_000);
    expect(sent.filter((s) => s === 'WATCHDOG=1')).toHaveLength(3);
    working = { ok: true, stale: [], stalled: [] };
    await clock.advance(10_000);
    dog.stop();
    await clock.advance(60_000);
    expect(sent.slice(3)).toEqual(['WATCHDOG=1', 'WATCHDOG=1', 'STOPPING=1']);
  });

  it('reads the cadence from WATCHDOG_USEC and is off without NOTIFY_SOCKET', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '60000000' })).toBe(30_000);
    expect(watchdogIntervalMs({})).toBeNull();
    expect(systemdNotify({})).toBeNull();
  });

  it('sends each state through systemd-notify', async () => {
    // A stand-in systemd-notify on PATH that records its arguments, as the real one would send them to systemd.
    const dir = mkdtempSync(join(tmpdir(), 'conclave-notify-'));
    const log = join(dir, 'sent');
    writeFileSync(join(dir, 'systemd-notify'), `#!/bin/sh\necho "$@ $NOTIFY_SOCKET" >> ${log}\n`);
    chmodSync(join(dir, 'systemd-notify'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    process.env.NOTIFY_SOCKET = '/run/test/notify';
    try {
      const notify = systemdNotify(process.env)!;
      await notify('READY=1');
      await notify('WATCHDOG=1');
      expect(readFileSync(log, 'utf8')).toBe('READY=1 /run/test/notify\nWATCHDOG=1 /run/test/notify\n');
    } finally {
      process.env.PATH = path;
      delete process.env.NOTIFY_SOCKET;
    }
  });
});
