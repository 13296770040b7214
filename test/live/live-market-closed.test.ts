import { describe, expect, it } from 'vitest';
import { ExchangePrice } from '../trading/fake-binance.js';
import { buyVerdict } from '../helpers/buy-verdict.js';
import { runSettled } from '../helpers/kernel-harness.js';
import { fakeBinanceEachTest, liveKernelOnFake } from '../helpers/live-kernel.js';

/**
 * The exchange halts trading in a held coin (Binance's status BREAK; an order is refused with -1013 "Market is
 * closed."). A halt --flatten sent the sale at every check, each refused, recorded and warned of: 30 orders posted,
 * 30 rejected rows and 30 warnings in 30 minutes (measured). Now the first refusal has the markets read again, their
 * status says the market is not trading, and no sale is sent until it trades again: said once, then hourly.
 */
describe('a live position whose market the exchange halts', () => {
  const binance = fakeBinanceEachTest();

  /** A live daemon on the fake, its log lines kept, and virtual minutes that each end when their checks have ended. */
  async function liveKernel() {
    const { clock, kernel, lines } = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake));
    const minutes = (n: number) => runSettled(kernel, clock, n, 60_000, ['positionMonitor', 'health']);
    return { kernel, clock, lines, minutes };
  }

  it('sends no sale while the exchange lists the market as not trading, says so once, and sells once it trades again', async () => {
    const { kernel, clock, lines, minutes } = await liveKernel();
    const flattens: unknown[] = [];
    kernel.bus.on('flatten', (event) => void flattens.push(event));
    await kernel.trader.onVerdict(buyVerdict('closed-1', clock.now()));
    await minutes(2);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    const posts = () => binance.fake.requests.filter((r) => r.method === 'POST').length;
    const postedBefore = posts();
    binance.fake.marketClosed = true;
    const before = lines.length;
    kernel.killSwitch.halt('operator: flatten', true);
    await minutes(30);
    const during = lines.slice(before);
    // The first sale is refused (the status is not known yet); none is sent after it.
    expect(posts() - postedBefore).toBe(1);
    expect(kernel.store.db.prepare("SELECT COUNT(*) FROM orders WHERE status = 'rejected'").pluck().get()).toBe(1);
    expect(during.filter((l) => String(l.msg).startsWith('exit of BTC/USDT refused by the broker'))).toHaveLength(1);
    const waiting = during.filter((l) => String(l.msg).startsWith('exit of BTC/USDT not sent'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('the exchange lists BTC/USDT as not trading') });
    expect(waiting[0]!.msg).toContain('sell it on the exchange if it allows');
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    // An operator away from the screen is told what the flatten waits for (notified as 'flatten waiting').
    expect(flattens).toEqual([{ state: 'waiting', waitingFor: ['BTC/USDT: the exchange lists its market as not trading; sold once it trades again'], reason: 'operator: flatten' }]);

    binance.fake.marketClosed = false;
    await minutes(3);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(lines.filter((l) => l.msg === 'BTC/USDT trades again: its exit is sent')).toHaveLength(1);
    expect(kernel.killSwitch.state()).toMatchObject({ halted: true, flattened: true });
    expect(flattens).toHaveLength(2);
    await kernel.stop();
  }, 120_000);

  it('says a stop crossed while the market is halted when it fires, not at every check, and sells once it trades again', async () => {
    const { kernel, clock, lines, minutes } = await liveKernel();
    await kernel.trader.onVerdict(buyVerdict('closed-2', clock.now()));
    await minutes(2);
    const before = lines.length;
    // The last trade before the halt fell through the stop; the ticker stays there while the market is closed.
    binance.fake.marketClosed = true;
    binance.fake.price = 45_000;
    await minutes(30);
    const during = lines.slice(before);
    const info = during.filter((l) => l.level === 'info' && String(l.msg).startsWith('exit rule fired'));
    // Said when it fired (the sale refused), and at the next check, whose exit learns the market's status; not after.
    expect(info).toHaveLength(2);
    expect(during.filter((l) => String(l.msg).startsWith('exit of BTC/USDT not sent'))).toHaveLength(1);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    binance.fake.marketClosed = false;
    await minutes(3);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    await kernel.stop();
  }, 120_000);
  it('sends no entry into a market the exchange lists as not trading: the risk gate rejects it, and the next after the reopening is sent', async () => {
    const { kernel, clock, minutes } = await liveKernel();
    const buy = (n: number) => kernel.trader.onVerdict(buyVerdict(`closed-entry-${n}`, clock.now()));
    const posts = () => binance.fake.requests.filter((r) => r.method === 'POST').length;
    await minutes(1);
    // Halted after the markets were read at start: the first entry is refused (its status not known yet), none after.
    binance.fake.marketClosed = true;
    for (const n of [1, 2, 3, 4]) {
      await buy(n);
      await minutes(1);
    }
    expect(posts()).toBe(1);
    expect(kernel.store.db.prepare("SELECT COUNT(*) FROM orders WHERE status = 'rejected'").pluck().get()).toBe(1);
    const rules = kernel.store.db.prepare("SELECT reason FROM risk_decisions WHERE rule = 'market_not_trading'").pluck().all() as string[];
    expect(rules).toHaveLength(3);
    expect(rules[0]).toContain('the exchange lists BTC/USDT as not trading');
    expect(kernel.store.position('BTC/USDT')).toBeNull();

    binance.fake.marketClosed = false;
    await buy(5);
    await minutes(2);
    expect(posts()).toBe(2);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    await kernel.stop();
  }, 120_000);
});
