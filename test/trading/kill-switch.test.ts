import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { VirtualClock } from '../../src/core/clock.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'conclave-halt-'));
  file = join(dir, 'HALT');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KillSwitch', () => {
  it('is off without a file', () => {
    const ks = new KillSwitch({ file });
    expect(ks.isHalted()).toBe(false);
    expect(ks.state()).toEqual({ halted: false });
  });
  it('halts and resumes through the file, seen by another instance (another process)', () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const cli = new KillSwitch({ file, clock });
    const daemon = new KillSwitch({ file });
    cli.halt('operator: exchange incident', true);
    expect(daemon.isHalted()).toBe(true);
    expect(daemon.state()).toEqual({ halted: true, reason: 'operator: exchange incident', since: clock.now(), flatten: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ halted: true, flatten: true });
    daemon.flattened();
    expect(daemon.state()).toMatchObject({ halted: true, flatten: false, reason: 'operator: exchange incident' });
    cli.resume();
    expect(daemon.isHalted()).toBe(false);
    expect(existsSync(file)).toBe(false);
    cli.resume(); // idempotent
  });

  it('keeps a flatten still pending when halted again without one (the second halt dropped it: positions stayed open)', () => {
    const cli = new KillSwitch({ file });
    expect(cli.halt('get out', true)).toBe(true);
    expect(cli.halt('also no entries')).toBe(true);
    expect(cli.state()).toMatchObject({ halted: true, reason: 'also no entries', flatten: true });
    // Once the daemon has flattened, a later halt adds none.
    cli.flattened();
    expect(cli.halt('still halted')).toBe(false);
    expect(cli.state()).toMatchObject({ halted: true, flatten: false });
    cli.resume();
  });
  it('keeps a flatten and its mode under a reason of any length (past the file\'s size limit, the file was refused)', () => {
    const cli = new KillSwitch({ file, mode: 'live' });
    const long = 'r'.repeat(17_000);
    expect(cli.halt(long, true)).toBe(true);
    const read = new KillSwitch({ file, mode: 'live' }).state();
    expect(read).toMatchObject({ halted: true, flatten: true, mode: 'live', flattenMode: 'live' });
    expect(read.reason).toBe(long.slice(0, 1000));
  });
  it('keeps the first halt\'s time when halted again: entries have been halted since then', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const cli = new KillSwitch({ file, clock });
    cli.halt('broker maintenance');
    await clock.advance(3_600_000);
    cli.halt('maintenance extended', true);
    expect(cli.state()).toMatchObject({ reason: 'maintenance extended', since: Date.UTC(2026, 0, 5), flatten: true });
    cli.resume();
    cli.halt('again');
    expect(cli.state().since).toBe(Date.UTC(2026, 0, 5, 1));
  });
  it('paper and live on one data dir: a halt live engaged is live’s to lift, and a flatten closes the asking mode’s positions only', () => {
    const live = new KillSwitch({ file, mode: 'live' });
    const paper = new KillSwitch({ file, mode: 'paper' });
    live.halt('drawdown 21 % below the peak');
    // A paper command run without the live daemon's configuration would have let live trade again.
    expect(() => paper.resume()).toThrow(/engaged by live \(drawdown 21 % below the peak\).*CONCLAVE_MODE=live/);
    expect(live.isHalted()).toBe(true);
    // Paper halting too, with a flatten, leaves the halt live's, and live's positions open.
    expect(paper.halt('paper test over', true)).toBe(true);
    expect(paper.state()).toMatchObject({ mode: 'live', flatten: true, flattenMode: 'paper' });
    expect(live.state()).toMatchObject({ halted: true, mode: 'live', flatten: false });
    expect(() => paper.resume()).toThrow(/engaged by live/);
    paper.flattened();
    expect(paper.state()).toMatchObject({ flatten: false, flattened: true });
    live.resume();
    expect(paper.isHalted()).toBe(false);
    // A halt paper engaged: live halted too (entries), not flattened, and paper lifts it.
    paper.halt('paper only', true);
    expect(live.state()).toMatchObject({ halted: true, flatten: false });
    expect(paper.halt('again')).toBe(true);
    expect(() => live.resume()).toThrow(/engaged by paper/);
    paper.resume();
    // A file written by hand (no mode) is anyone’s, and its flatten everyone’s: one daemon done leaves the other’s to do.
    writeFileSync(file, JSON.stringify({ reason: 'by hand', flatten: true }));
    expect(live.state()).toMatchObject({ halted: true, flatten: true });
    expect(paper.state()).toMatchObject({ halted: true, flatten: true });
    paper.flattened();
    expect(paper.state()).toMatchObject({ halted: true, flatten: false });
    expect(live.state()).toMatchObject({ halted: true, flatten: true });
    live.flattened();
    expect(live.state()).toMatchObject({ halted: true, flatten: false, flattened: true });
    paper.resume();
    expect(live.isHalted()).toBe(false);
  });
  it('testnet and live on one data dir: a testnet flatten leaves live’s positions open, and the testnet cannot lift live’s halt', () => {
    const live = new KillSwitch({ file, mode: 'live' });
    const testnet = new KillSwitch({ file, mode: 'testnet' });
    // Both were mode=live to the kill switch: a rehearsal’s halt --flatten sold the real account’s positions.
    expect(testnet.halt('rehearsal over', true)).toBe(true);
    expect(testnet.state()).toMatchObject({ mode: 'testnet', flatten: true, flattenMode: 'testnet' });
    expect(live.state()).toMatchObject({ halted: true, flatten: false });
    expect(() => live.resume()).toThrow(/engaged by testnet .*CONCLAVE_MODE=live CONCLAVE_EXCHANGE_TESTNET=true/);
    testnet.flattened();
    testnet.resume();
    live.halt('exchange incident');
    expect(() => testnet.resume()).toThrow(/engaged by live \(exchange incident\).*CONCLAVE_MODE=live\)/);
    // A flatten of every mode (by hand) done by the testnet is still to do for live’s (and paper’s) positions.
    writeFileSync(file, JSON.stringify({ reason: 'by hand', flatten: true }));
    testnet.flattened();
    expect(live.state()).toMatchObject({ halted: true, flatten: true });
    live.resume();
  });

  it('leaves no temporary file behind when the halt file cannot be written', () => {
    // HALT is a folder: the temporary file is written, and its rename onto HALT fails.
    mkdirSync(file);
    writeFileSync(join(file, 'x'), '');
    expect(() => new KillSwitch({ file }).halt('test')).toThrow(/cannot write halt file/);
    expect(readdirSync(dir)).toEqual(['HALT']);
  });
  it('says a folder named HALT is one, and halts already, not "check the permissions"', () => {
    for (const inside of [true, false]) {
      mkdirSync(file);
      if (inside) writeFileSync(join(file, 'x'), '');
      expect(() => new KillSwitch({ file }).halt('test')).toThrow(
        `${file} is a folder, not the halt file: it halts every daemon on this data dir already (halted to be safe); remove it (rm -r ${file}) and halt again to record the reason`,
      );
      expect(new KillSwitch({ file }).isHalted()).toBe(true);
      rmSync(file, { recursive: true });
    }
  });
  it('treats a touched empty file as halted, dated by its mtime', () => {
    writeFileSync(file, '');
    const s = new KillSwitch({ file }).state();
    expect(s.halted).toBe(true);
    expect(s.reason).toMatch(/present/);
    expect(typeof s.since).toBe('number');
    expect(s.flatten).toBeUndefined();
  });
  it('never throws on a malformed file: halted, with the reason', () => {
    for (const content of ['{not json', '[1,2]', '42', 'null']) {
      writeFileSync(file, content);
      const ks = new KillSwitch({ file });
      expect(ks.isHalted()).toBe(true);
      const s = ks.state();
      expect(s.halted).toBe(true);
      expect(s.reason).toMatch(/halted to be safe/);
    }
  });
  it('accepts a hand-written file with partial fields', () => {
    writeFileSync(file, JSON.stringify({ since: '2026-01-05T10:00:00Z' }));
    expect(new KillSwitch({ file }).state()).toMatchObject({ halted: true, since: '2026-01-05T10:00:00Z', flatten: false });
  });
  it('reads a hand-written reason without its control characters, which status and health print to a terminal', () => {
    writeFileSync(file, JSON.stringify({ reason: 'broker outage\u001b[2J\u001b]0;owned\u0007\r\nsee ops', since: 'today\u001b[31m' }));
    const state = new KillSwitch({ file }).state();
    expect(state.reason).toBe('broker outage [2J ]0;owned   see ops');
    expect(state.since).toBe('today [31m');
    writeFileSync(file, JSON.stringify({ reason: '\u0007 \t' }));
    expect(new KillSwitch({ file }).state().reason).toBe(`halt file ${file} present`);
  });
  it('counts a directory where the file should be as halted', () => {
    mkdirSync(file);
    const s = new KillSwitch({ file }).state();
    expect(s).toMatchObject({ halted: true });
    expect(s.reason).toMatch(/HALT is not a regular file; halted to be safe: remove it or run `conclave resume`/);
  });
  it('reads a FIFO, a link to /dev/zero or a huge file as halted without blocking or reading it whole', () => {
    // A FIFO blocked the daemon's event loop for good, /dev/zero filled its memory, a huge file stalled it.
    execFileSync('mkfifo', [file]);
    expect(new KillSwitch({ file }).state()).toMatchObject({ halted: true, reason: expect.stringMatching(/not a regular file/) as unknown });
    rmSync(file);
    symlinkSync('/dev/zero', file);
    expect(new KillSwitch({ file }).state()).toMatchObject({ halted: true, reason: expect.stringMatching(/not a regular file/) as unknown });
    rmSync(file);
    writeFileSync(file, JSON.stringify({ reason: 'x'.repeat(20_000) }));
    expect(new KillSwitch({ file }).state().reason).toMatch(/is \d+ bytes, not a halt file conclave wrote \(at most 16384\)/);
    writeFileSync(file, JSON.stringify({ reason: 'y'.repeat(5_000) }));
    expect(new KillSwitch({ file }).state().reason).toBe('y'.repeat(1_000));
  });
  it('creates the data dir when halting and reports a write failure with what to do', () => {
    const nested = join(dir, 'a', 'b', 'HALT');
    new KillSwitch({ file: nested }).halt('x');
    expect(new KillSwitch({ file: nested }).isHalted()).toBe(true);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(() => new KillSwitch({ file: join(locked, 'HALT') }).halt('x')).toThrow(/check the data dir's permissions/);
    }
  });
});
