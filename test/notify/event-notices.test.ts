import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock, type Clock } from '../../src/core/clock.js';
import { SteppingClock } from '../helpers/stepping-clock.js';
import { EventNotices } from '../../src/notify/event-notices.js';
import { NOTICE_KINDS, type Notice, type NoticeKind } from '../../src/notify/notice.js';

function setup<C extends Clock = VirtualClock>(kinds: readonly NoticeKind[] = NOTICE_KINDS, haltReason?: () => string, clock: C = new VirtualClock(Date.UTC(2026, 0, 5, 22, 0, 0)) as unknown as C) {
  const bus = new EventBus((_e, error) => {
    throw error;
  });
  const notices: Notice[] = [];
  const n = new EventNotices({ clock, bus, kinds: new Set(kinds), emit: (x) => notices.push(x), ...(haltReason ? { haltReason } : {}) });
  n.start();
  return { clock, bus, notices, n, titles: () => notices.map((x) => x.title) };
}

const loop = (lastOkAt: number | null, intervalMs = 60_000) => ({ runs: 1, errors: 2, lastOkAt, intervalMs, startedAt: 0 });

describe('bus events become notices', () => {
  it('tells a damaged store once as itself, not as the kill switch going on or off, and a kill switch lifted under it as still halted', () => {
    const bus = new EventBus((_e, error) => {
      throw error;
    });
    const notices: Notice[] = [];
    const n = new EventNotices({ clock: new VirtualClock(0), bus, kinds: new Set(NOTICE_KINDS), emit: (x) => notices.push(x), haltReason: () => 'operator: maintenance' });
    n.start();
    const sound = { damage: null };
    const damaged = { damage: 'Tree 7 page 7: invalid page number 99', file: '/srv/c/conclave-paper.db' };
    bus.emit('health', { halted: false, haltCause: null, killSwitch: false, storeCheck: sound });
    // Halted by a fatal condition with the switch off: the FATAL notice tells it, not a "kill switch on".
    bus.emit('health', { halted: true, haltCause: 'fatal', killSwitch: false, storeCheck: sound });
    bus.emit('health', { halted: true, haltCause: 'kill_switch', killSwitch: true, storeCheck: sound });
    bus.emit('health', { halted: true, haltCause: 'store', killSwitch: true, storeCheck: damaged });
    bus.emit('health', { halted: true, haltCause: 'store', killSwitch: true, storeCheck: damaged });
    // The gate's refusal on a damaged store (its entries_halted rule) is not told again as a halt of its own.
    bus.emit('risk', { symbol: 'NOVA', outcome: 'rejected', reason: 'the store was found damaged by its periodic check: ...', rule: 'entries_halted' });
    bus.emit('health', { halted: true, haltCause: 'store', killSwitch: false, storeCheck: damaged });
    expect(notices.map((x) => [x.title, x.text])).toEqual([
      ['kill switch on', 'operator: maintenance: no new entries until `conclave resume`'],
      [
        'store damaged: new entries halted',
        'the periodic check found /srv/c/conclave-paper.db damaged (Tree 7 page 7: invalid page number 99): no new entries until conclave is restarted on a sound store ' +
          '(`conclave resume` does not lift it); open positions are still watched and exited. Do not trade on it: stop conclave, then move the store and its -wal and -shm ' +
          'files away, and copy your latest backup (conclave backup) in their place; to start a new account on purpose, move them away and delete /srv/c/conclave-paper.created; ' +
          'the next start checks the whole store',
      ],
      ['kill switch lifted', 'entries stay halted: the store is damaged'],
    ]);
    expect(notices[1]).toMatchObject({ kind: 'halt', severity: 'critical' });
    n.stop();
  });

  it('tells a halt once per rule until entries pass again', () => {
    const { bus, notices, titles } = setup();
    const reject = (rule: string) => bus.emit('risk', { symbol: 'NOVA', outcome: 'rejected', reason: `${rule} reached`, rule });
    reject('daily_loss_limit');
    reject('daily_loss_limit');
    reject('max_open_positions'); // not a halt
    reject('max_drawdown');
    expect(titles()).toEqual(['trading halted (daily loss limit)', 'trading halted (max drawdown)']);
    expect(notices[0]).toMatchObject({ kind: 'halt', severity: 'critical', text: 'daily_loss_limit reached' });
    bus.emit('risk', { symbol: 'NOVA', outcome: 'accepted', reason: 'within all limits' });
    reject('daily_loss_limit');
    expect(notices).toHaveLength(3);
  });

  it('tells the kill switch going on (with its reason) and off, as the health line sees it', () => {
    const { bus, titles, notices } = setup(NOTICE_KINDS, () => 'operator: maintenance');
    bus.emit('health', { halted: false });
    bus.emit('health', { halted: true });
    bus.emit('health', { halted: true });
    bus.emit('risk', { symbol: 'NOVA', outcome: 'rejected', reason: 'kill switch is on', rule: 'kill_switch' });
    bus.emit('health', { halted: false });
    expect(titles()).toEqual(['kill switch on', 'kill switch lifted']);
    expect(notices[0]!.text).toContain('operator: maintenance');
  });

  it('tells a flatten waiting for a position it cannot sell yet, and done', () => {
    const { bus, notices, titles } = setup(['halt']);
    bus.emit('flatten', { state: 'waiting', waitingFor: ['BBB/USDT: connect ETIMEDOUT'], reason: 'exchange outage' });
    bus.emit('flatten', { state: 'done', waitingFor: [], reason: 'exchange outage' });
    expect(titles()).toEqual(['flatten waiting', 'flatten done']);
    expect(notices[0]).toMatchObject({ kind: 'halt', severity: 'warning', text: expect.stringMatching(/^cannot sell yet: BBB\/USDT: connect ETIMEDOUT \(exchange outage\)\. The flatten goes on/) });
    expect(notices[1]).toMatchObject({ kind: 'halt', severity: 'info', text: 'every position is closed (exchange outage); entries stay halted until `conclave resume`' });
  });

  it('tells a position the exchange refuses to price once, and when it is managed again', () => {
    // It turned the position check stale (told as such); it no longer does, and was told nothing.
    const { bus, notices, titles } = setup(['stale']);
    bus.emit('health', { positions: { open: 2 } });
    bus.emit('health', { positions: { open: 2, unpriced: ['LUNA/USDT'] } });
    bus.emit('health', { positions: { open: 2, unpriced: ['LUNA/USDT'] } });
    bus.emit('health', { positions: { open: 1 } });
    expect(titles()).toEqual(['position in LUNA/USDT unmanaged', 'position in LUNA/USDT managed again']);
    expect(notices[0]).toMatchObject({ kind: 'stale', severity: 'warning', text: expect.stringContaining('the exchange refuses the symbol (delisted?)') });
  });

  it('tells a loop going stale once, and when it is fresh again', () => {
    const { bus, clock, notices, titles } = setup();
    const now = clock.now();
    bus.emit('health', { loops: { modelScanner: loop(now), newsScanner: loop(now - 10 * 60_000) } });
    bus.emit('health', { loops: { modelScanner: loop(now), newsScanner: loop(now - 11 * 60_000) } });
    bus.emit('health', { loops: { modelScanner: loop(now), newsScanner: loop(now) } });
    expect(titles()).toEqual(['loop newsScanner stale', 'loop newsScanner fresh again']);
    expect(notices[0]).toMatchObject({ kind: 'stale', severity: 'warning', text: 'last success 600 s ago (interval 60 s, errors 2)' });
  });

  it('tells a breaker opening and closing, not its failed probes', () => {
    const { bus, clock, titles } = setup();
    const at = clock.now();
    bus.emit('source.breaker', { source: 'ccxt:binance', from: 'closed', to: 'open', at, consecutiveFailures: 5, lastError: 'ECONNRESET' });
    bus.emit('source.breaker', { source: 'ccxt:binance', from: 'half-open', to: 'open', at, consecutiveFailures: 6 });
    bus.emit('source.breaker', { source: 'ccxt:binance', from: 'half-open', to: 'closed', at, consecutiveFailures: 0 });
    expect(titles()).toEqual(['source ccxt:binance unavailable', 'source ccxt:binance recovered']);
  });

  it('sums up a day once, at its midnight, though the wall clock stepped back an hour before it', async () => {
    const { clock, notices } = setup(['summary'], undefined, new SteppingClock(new VirtualClock(Date.UTC(2026, 0, 5, 22, 0, 0))));
    await clock.advance(30 * 60_000);
    clock.step(-3_600_000);
    await clock.advance(3 * 3_600_000);
    // Told when its timer ran out (the wall clock at 23:00 after the step), and again at midnight, it was told twice.
    expect(notices.map((x) => [x.title, new Date(x.at).toISOString()])).toEqual([['daily summary 2026-01-05', '2026-01-06T00:00:00.000Z']]);
  });

  it("sums up the day at the clock's UTC midnight, and only the kinds asked for are told", async () => {
    const { bus, clock, notices, n } = setup(['summary', 'exit']);
    bus.emit('health', { equity: 100_000, positions: { open: 0 } });
    bus.emit('position', { symbol: 'NOVA', change: 'opened', qty: 10, avgPrice: 100, price: 100 });
    bus.emit('position', { symbol: 'NOVA', change: 'closed', qty: 0, avgPrice: 100, price: 90, realizedPnl: -100.5 });
    bus.emit('position', { symbol: 'HELX', change: 'opened', qty: 1, avgPrice: 50, price: 50 });
    bus.emit('health', { equity: 99_000, positions: { open: 1 } });
    expect(notices.map((x) => x.kind)).toEqual(['exit']);
    await clock.advance(2 * 3600_000);
    expect(notices.at(-1)).toMatchObject({
      kind: 'summary',
      title: 'daily summary 2026-01-05',
      text: '2 entries, 1 exits (0 won), realised P&L -100.50, equity 99000.00 (-1.00 % on the day), 1 open positions',
      at: Date.UTC(2026, 0, 6),
    });
    await clock.advance(24 * 3600_000);
    expect(notices.at(-1)!.title).toBe('daily summary 2026-01-06');
    expect(notices.at(-1)!.text).toContain('0 entries');
    n.stop();
    await clock.advance(24 * 3600_000);
    expect(notices.filter((x) => x.kind === 'summary')).toHaveLength(2);
  });
});
