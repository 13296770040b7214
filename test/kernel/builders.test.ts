import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { InvariantError } from '../../src/core/errors.js';
import { FatalAlarm } from '../../src/core/fatal-alarm.js';
import { createLogger } from '../../src/core/logger.js';
import { withChanges } from '../../src/core/with-changes.js';
import { pino } from 'pino';
import { buildSources } from '../../src/kernel/build-sources.js';
import { buildStorage } from '../../src/kernel/build-storage.js';
import { buildTrading } from '../../src/kernel/build-trading.js';
import type { MarketData } from '../../src/market/market-port.js';
import { ResilientMarketData } from '../../src/market/resilient-market.js';
import { SimMarket } from '../../src/market/sim-market.js';
import type { Broker } from '../../src/trading/broker-port.js';
import { PaperBroker } from '../../src/trading/paper-broker.js';

const HOUR = 3_600_000;
const config = (env: Record<string, string> = {}) =>
  loadConfig({ env: { CONCLAVE_DATA_DIR: mkdtempSync(join(tmpdir(), 'conclave-builders-')), CONCLAVE_LOG_LEVEL: 'silent', ...env } });
const deps = (clock = new VirtualClock(Date.UTC(2026, 0, 5))) => ({ clock, logger: createLogger({ level: 'silent', clock }), onBreaker: () => undefined });
const hung: MarketData = { name: 'hung', symbols: () => ['NOVA'], bars: () => new Promise(() => undefined), price: () => new Promise(() => undefined) };

describe('buildSources', () => {
  it('builds the simulated market and news by default, the news telling of the market’s jumps', async () => {
    const d = deps();
    const sources = await buildSources(config({ CONCLAVE_SIM_NEWS_PER_HOUR: '0' }), d);
    expect(sources.market.source).toBeInstanceOf(SimMarket);
    expect(sources.news.name).toBe('sim');
    await d.clock.advance(72 * HOUR);
    const jumps = await (sources.market.source as SimMarket).jumpsBetween(d.clock.now() - 72 * HOUR, d.clock.now());
    expect(jumps.length).toBeGreaterThan(0);
    expect((await sources.news.fetch()).length).toBe(jumps.length);
  });

  it('builds no simulated market when one is injected: the injected one gets a deadline per call, and the simulated news no jumps', async () => {
    const d = deps();
    const sources = await buildSources(config({ CONCLAVE_SIM_NEWS_PER_HOUR: '0' }), { ...d, market: hung });
    expect(sources.market.source).toBeInstanceOf(ResilientMarketData);
    expect(sources.market.name).toBe('hung');
    const price = sources.market.price('NOVA');
    const failed = expect(price).rejects.toThrow(/timed out/);
    await d.clock.advance(10_000);
    await failed;
    await d.clock.advance(72 * HOUR);
    expect(await sources.news.fetch()).toEqual([]);
    expect(sources.stats()).toEqual({});
  });
});

describe('buildSources on real prices', () => {
  it('reads no news when the news source is the simulation’s (its headlines would be made up about real symbols), and says so', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const lines: { level: number; msg: string }[] = [];
    const logger = createLogger({ level: 'warn', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as { level: number; msg: string }) } });
    const orcl = join(import.meta.dirname, '../../../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
    const sources = await buildSources(config({ CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: JSON.stringify([orcl]) }), { clock, logger, onBreaker: () => undefined });
    expect(sources.market.name).toBe('replay');
    expect(sources.news.name).toBe('none');
    await clock.advance(72 * HOUR);
    expect(await sources.news.fetch()).toEqual([]);
    expect(lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/simulated news goes only with the simulated market/));
  });
});

describe('buildSources with news in bars', () => {
  it('leaves the window to the scanner when it counts in bars: the source keeps news older than newsLookbackMs', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 20));
    const dir = mkdtempSync(join(tmpdir(), 'conclave-builders-news-'));
    const item = (id: string, hoursAgo: number) => ({ id, title: `ACME item ${id}`, date_published: new Date(clock.now() - hoursAgo * HOUR).toISOString() });
    writeFileSync(join(dir, 'saved.json'), JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'saved', items: [item('a', 2), item('b', 10), item('c', 72)] }));
    const titles = async (env: Record<string, string>) => {
      const sources = await buildSources(config({ CONCLAVE_NEWS_SOURCE: 'directory', CONCLAVE_NEWS_DIRECTORY: dir, CONCLAVE_NEWS_LOOKBACK_MS: String(6 * HOUR), ...env }), deps(clock));
      return (await sources.news.fetch()).map((i) => i.title).sort();
    };
    expect(await titles({ CONCLAVE_NEWS_LOOKBACK_BARS: '5' })).toEqual(['ACME item a', 'ACME item b', 'ACME item c']);
    expect(await titles({ CONCLAVE_NEWS_LOOKBACK_BARS: '0' })).toEqual(['ACME item a']);
  });
});

describe('buildTrading', () => {
  const build = async (c = config(), broker?: Broker) => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const logger = createLogger({ level: 'silent', clock });
    const fatal = new FatalAlarm();
    const storage = buildStorage(c, { clock, logger, fatal });
    const market = new SimMarket({ clock, seed: 1, symbols: ['NOVA'], barMs: 60_000, maxBars: 300 });
    const trading = await buildTrading(c, { clock, logger, bus: new EventBus(() => undefined), store: storage.store, market, fatal, ...(broker ? { broker } : {}) });
    return { storage, trading };
  };

  it('says that a changed startingCash is not applied to an account already open', async () => {
    const first = config();
    const opened = await build(first);
    await opened.trading.account.start();
    opened.storage.close();
    const lines: { msg: string; accountStartingCash?: number }[] = [];
    const c = withChanges(first, { startingCash: 50_000 });
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
    const fatal = new FatalAlarm();
    const storage = buildStorage(c, { clock, logger, fatal });
    const market = new SimMarket({ clock, seed: 1, symbols: ['NOVA'], barMs: 60_000, maxBars: 300 });
    const trading = await buildTrading(c, { clock, logger, bus: new EventBus(() => undefined), store: storage.store, market, fatal });
    await trading.account.start();
    expect(storage.store.account().cash).toBe(100_000);
    expect(lines.find((l) => l.msg.startsWith('startingCash 50000 is not applied'))).toMatchObject({ accountStartingCash: 100_000 });
    storage.close();
  });

  it('builds the paper broker unless one is given; its services open the account, then reconcile', async () => {
    const { storage, trading } = await build();
    expect(trading.broker).toBeInstanceOf(PaperBroker);
    await trading.account.start();
    await trading.reconciliation.start();
    expect(storage.store.account().cash).toBe(100_000);
    storage.close();
    const given = trading.broker;
    const other = await build(config(), given);
    expect(other.trading.broker).toBe(given);
    other.storage.close();
  });

  it('refuses to start on a store whose ledger does not hold, naming the file', async () => {
    const c = config();
    const first = await build(c);
    await first.trading.account.start();
    first.storage.db.prepare('UPDATE account SET cash = cash + 5 WHERE id = 1').run();
    first.storage.close();
    const second = await build(c);
    const started = Promise.resolve().then(() => second.trading.account.start());
    await expect(started).rejects.toThrow(InvariantError);
    await expect(started).rejects.toThrow(`The ledger does not hold in ${second.storage.file} (difference 5)`);
    second.storage.close();
  });
});

describe('buildDecision', () => {
  it('refuses an opportunity whose price or score is not a number, saying so, and records the good ones', async () => {
    const cfg = config();
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const lines: { level: number; msg: string; symbol?: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as { level: number; msg: string }) });
    const { openStore } = await import('../../src/store/store.js');
    const { buildDecision } = await import('../../src/kernel/build-decision.js');
    const store = openStore(join(cfg.dataDir, 'store.db'));
    const decision = buildDecision(cfg, {
      clock, logger, bus: new EventBus(() => undefined), newsLookback: () => HOUR, store, market: hung,
      portfolio: () => ({ cash: 1, equity: 1, openPositions: 0 }), position: () => null, act: async () => undefined,
    });
    const opp = (id: string, price: number, score = 1) => ({ id, symbol: 'NOVA', source: 'news' as const, direction: 'long' as const, score, price, reason: 'r', createdAt: clock.now() });
    const signal = new AbortController().signal;
    await decision.publish(opp('o-nan', Number.NaN), signal);
    await decision.publish(opp('o-inf', 10, Number.POSITIVE_INFINITY), signal);
    await decision.publish(opp('o-ok', 10), signal);
    expect((store.db.prepare('SELECT id FROM opportunities').all() as { id: string }[]).map((r) => r.id)).toEqual(['o-ok']);
    expect(decision.queue.depth).toBe(1);
    expect(lines.filter((l) => l.level === 50).map((l) => [l.msg.slice(0, 40), l.symbol])).toEqual([
      ['opportunity refused: its price or score ', 'NOVA'],
      ['opportunity refused: its price or score ', 'NOVA'],
    ]);
    // Below the check, the store itself no longer skips such a row unsaid: a NaN binds as NULL and breaks NOT NULL.
    expect(() => store.audit.insertOpportunity(opp('o-raw', Number.NaN))).toThrow(/NOT NULL constraint failed: opportunities.price/);
    store.close();
  });
});
