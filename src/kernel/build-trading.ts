import { existsSync } from 'node:fs';
import { exchangeStopOn, runMode } from '../config/run-mode.js';
import { exitRulesOf } from '../trading/exit-rules.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { FatalAlarm } from '../core/fatal-alarm.js';
import { service, type Service } from '../core/lifecycle.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { hashSeed, seededRandom } from '../core/random.js';
import type { Bar, MarketData } from '../market/market-port.js';
import type { Store } from '../store/store.js';
import type { Broker } from '../trading/broker-port.js';
import { KillSwitch, type KillSwitchState } from '../trading/kill-switch.js';
import { entryHaltOf, riskGateHalt, type EntryHalt, type EntryHaltSources } from '../trading/entry-halt.js';
import { assertMarketNotBehind, assertReplayNotBehindFills, type HeldPosition } from '../trading/market-continuity.js';
import { unjudgedMarkTimes } from '../store/mark-times.js';
import { withChanges } from '../core/with-changes.js';
import { assertLedgerHolds } from '../trading/ledger.js';
import { buildLiveBroker } from '../trading/live-broker.js';
import { reconcileWithExchange } from '../trading/live-reconciliation.js';
import { PaperBroker } from '../trading/paper-broker.js';
import { adoptPaperOrders, paperFills, settleInFlight } from '../trading/paper-fills.js';
import { PositionMonitor } from '../trading/position-monitor.js';
import { Trader } from '../trading/trader.js';
import { takeCarriedHalt } from '../store/halt-at-backup.js';
import { warnOfOtherModeStore } from '../trading/other-mode-store.js';
import { swapDayZone } from '../store/day-zone.js';
import { recordCheckInterval, recordedExitSettings, recordExitSettings } from '../trading/running-exit-settings.js';
import { reportExitSettingsChange } from '../trading/exit-settings-change.js';
import { haltFile, otherModeStoreFile, storeFile } from './kernel-paths.js';

export interface TradingDeps {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  store: Store;
  market: MarketData;
  fatal: FatalAlarm;
  /** A broker to use instead of the configured one (paper, or live in live mode). */
  broker?: Broker;
  /** Seed of the paper broker's partial fills (defaults to simSeed). */
  random?: () => number;
  /** Replaces the kill switch's reading for entries (a backtest has no HALT file to read at every decision). */
  halted?: () => boolean;
  /** The running store's damage, once its periodic check found it (periodic-store-check.ts): no entry until a restart on a sound store. */
  storeDamage?: EntryHaltSources['storeDamage'];
  /** The market's time, whose day the daily loss limit rolls over on (a backtest: its latest bar). */
  marketNow?: () => number;
  /** The bars the discussion just read, when at hand (the market's tap): the re-entry cooldown counts on them. */
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined;
  /** The newest bar read of a symbol (the market's tap): a paper order fills at the first bar after it. */
  newestBar?: (symbol: string) => number | undefined;
  /** A symbol's market time when it is not the clock's (a replay's): a paper order fills at a price after it. */
  symbolTime?: (symbol: string) => number | undefined;
  /** Aborted when the daemon stops: a start waiting for the exchange gives up at once. */
  stopping?: AbortSignal;
}

export interface Trading {
  killSwitch: KillSwitch;
  /** Whether new entries are halted, by what and why (entry-halt.ts): what the risk gate, health line, /status and /metrics read. */
  entryHalt: (killSwitch?: KillSwitchState) => EntryHalt;
  broker: Broker;
  trader: Trader;
  /** The exit rules' loop body: stops, targets, trailing and time exits of open positions. */
  monitor: PositionMonitor;
  /**
   * Opens the account on first start and checks its ledger; at stop, the closing line. First to start and last to stop
   * (notifications start after it, so they hear what reconciliation settles).
   */
  account: Service;
  /** Start-up reconciliation: orders a previous run left in flight, and in live mode the exchange's orders and balances. */
  reconciliation: Service;
}

/** exchangeStop on an exchange that cannot hold a stop-limit sale: refused (exit 78), not believed protected. */
async function assertStopOrders(broker: Broker, symbols: readonly string[]): Promise<void> {
  const refused = broker.stopOrdersRefused ? await broker.stopOrdersRefused(symbols) : `broker ${broker.name} places no stop orders`;
  if (refused) throw new ConfigError(`exchangeStop=true (CONCLAVE_EXCHANGE_STOP) needs a stop-limit sale resting on the exchange, but ${refused}: set exchangeStop=false (the daemon's own stops only, none while it is away), or trade where it can`, 'exchangeStop');
}

/** A discussion takes at most the bars' fetch and the agents' deadline; a minute more covers the trader's own turn. */
const verdictMaxAgeMs = (config: Config): number => 2 * config.agentDeadlineMs + 60_000;

/**
 * The configured broker: the paper broker, or in live mode the exchange (which loads its markets first). The daemon
 * builds it before it opens the store, so an exchange it cannot reach leaves no store behind.
 */
export async function buildBroker(config: Config, deps: Pick<TradingDeps, 'clock' | 'logger' | 'random' | 'newestBar' | 'symbolTime'>): Promise<Broker> {
  const { clock, logger } = deps;
  if (config.mode === 'live') return buildLiveBroker(config, clock, logger.child({ component: 'broker' }));
  return new PaperBroker({
    clock,
    logger: logger.child({ component: 'paper-broker' }),
    fillTimeoutMs: config.paperFillTimeoutMs,
    newestBar: deps.newestBar ?? (() => undefined),
    ...(deps.symbolTime ? { marketNow: deps.symbolTime } : {}),
    slippageBps: config.slippageBps,
    feeBps: config.feeBps,
    lotStep: config.lotStep,
    ...(config.partialFillProbability > 0 ? { partialFill: { probability: config.partialFillProbability, minFraction: 0.3 } } : {}),
    random: deps.random ?? seededRandom(hashSeed(config.simSeed, 'paper-broker')),
    // Recent ids are enough for its idempotency (a partial fill is cancelled at once); the store's unique
    // client_order_id guards the rest.
    maxRemembered: 1_000,
  });
}

/** The broker, the trader (the one place it is constructed), the kill switch and the position monitor. */
export async function buildTrading(config: Config, deps: TradingDeps): Promise<Trading> {
  const { clock, logger, bus, store, market, fatal } = deps;
  const killSwitch = new KillSwitch({ file: haltFile(config), clock, mode: runMode(config) });
  // A store restored from a backup taken while halted (halt-at-backup.ts): halted here too. Not a backtest's.
  const carried = deps.halted ? null : store.guarded(() => takeCarriedHalt(store.db));
  if (carried && !killSwitch.isHalted()) {
    killSwitch.halt(`restored from a backup taken while the kill switch was on (${carried.reason}); review, then \`conclave resume\` trades again`);
    logger.warn({ reason: carried.reason, since: carried.since ?? null }, 'the store comes from a backup taken while trading was halted: halted again here until `conclave resume`');
  }
  const other = otherModeStoreFile(config);
  if (!deps.halted && existsSync(other)) warnOfOtherModeStore(other, runMode(config), config.dataDir, logger);
  const broker = deps.broker ?? (await buildBroker(config, deps));
  const entryHalt = entryHaltOf({ killSwitch, fatal, ...(deps.storeDamage ? { storeDamage: deps.storeDamage } : {}) });
  const trader = new Trader({
    clock,
    logger: logger.child({ component: 'trader' }),
    store,
    bus,
    broker,
    market,
    limits: {
      maxOpenPositions: config.maxOpenPositions,
      maxPositionFraction: config.positionFraction,
      maxGrossExposure: config.maxGrossExposure,
      symbolCooldownMs: config.symbolCooldownMs,
      dailyLossLimit: config.dailyLossLimit,
      maxDrawdown: config.maxDrawdown,
    },
    riskPerTrade: config.riskPerTrade,
    lotStep: config.lotStep,
    // A halt `conclave resume` does not lift (a damaged store, a fatal condition) says its own reason.
    halted: deps.halted ?? (() => riskGateHalt(entryHalt())),
    // The daemon's kill switch, not a backtest's (which passes `halted` and has no operator to resume it).
    ...(deps.halted ? {} : { haltForDrawdown: (reason: string) => void killSwitch.halt(reason) }),
    symbolCooldownBars: config.symbolCooldownBars,
    maxVolumeShare: config.maxVolumeShare,
    verdictMaxAgeMs: verdictMaxAgeMs(config),
    marketTimezone: config.marketTimezone,
    // Live, on or off: off, a protective stop an earlier run left is cancelled (resting unknown to the exits, it would sell twice).
    ...(config.mode === 'live' ? { exchangeStop: { rules: exitRulesOf(config), place: config.exchangeStop } } : {}),
    ...(deps.recentBars ? { recentBars: deps.recentBars } : {}),
    ...(deps.marketNow ? { marketNow: deps.marketNow } : {}),
  });
  const monitor = new PositionMonitor({
    clock,
    logger: logger.child({ component: 'position-monitor' }),
    store: store.accounts,
    market,
    trader,
    killSwitch,
    onFlatten: (event) => bus.emit('flatten', event),
    rules: exitRulesOf(config),
    maxHoldBars: config.maxHoldBars,
    slippageBps: config.slippageBps,
    // The paper broker's orders in flight fill at the start of each check, at the first bar after their decision; with
    // any broker, orders whose outcome is unknown (no answer came) are asked about then.
    // A paper buy fills for at most what the account's cash pays (free-cash.ts), as an exchange fills one.
    settleInFlight: settleInFlight(broker instanceof PaperBroker ? paperFills(broker, trader, clock, { cash: () => store.account().cash }) : undefined, trader),
  });
  const account = service(
    'account',
    () => {
      trader.init(config.startingCash);
      assertLedgerHolds(trader.ledger(), storeFile(config));
      if (!deps.halted) {
        holdDayAcrossZones(config.marketTimezone, { store, trader, logger });
        reportExitSettingsChange(recordedExitSettings(store.db), config, store.positions(), logger);
        store.guarded(() => {
          recordExitSettings(store.db, config);
          recordCheckInterval(store.db, config.positionCheckIntervalMs);
        });
      }
      // startingCash opens an account; an operator who lowers it later to cap the daemon's budget got no cap and no word.
      const { startingCash: opened, cash } = store.account();
      if (opened !== config.startingCash) {
        logger.warn(
          { startingCash: config.startingCash, accountStartingCash: opened, cash },
          `startingCash ${config.startingCash} is not applied: it only opens a new account, and this store's account opened with ${opened} and goes on from its own cash (to start a new account with ${config.startingCash}, move ${storeFile(config)} away)`,
        );
      }
    },
    () => logger.info({ ledger: trader.ledger(), positions: store.openPositionCount, equity: trader.equity() }, 'conclave stopped; store closed'),
  );
  const reconciliation = service('reconciliation', async () => {
    // Before anything judges or fills: a market behind the store (a replay restarted over its store) trades on the past,
    // and one that prices a held symbol otherwise (another replay file, another simulation seed) on another series.
    // Only where a series can change under a kept store (another seed or file, an older simulation): an exchange's
    // prices do not, and a live entry's fill, its only mark until the first check, may lie off its bar.
    const markTimes = config.marketSource === 'ccxt' ? new Map<string, number>() : unjudgedMarkTimes(store.db);
    const held = store.positions().map((p): HeldPosition => (markTimes.has(p.symbol) ? withChanges(p, { markedAt: markTimes.get(p.symbol)! }) : p));
    await assertMarketNotBehind(held, market, config.dataDir, logger, store.inFlightOrders(), (symbol, price) => trader.mark(symbol, price));
    if (config.marketSource === 'replay') await assertReplayNotBehindFills(store.latestFill(), market, config.dataDir, logger);
    // Paper orders a previous run left in flight wait again for their price.
    if (broker instanceof PaperBroker) adoptPaperOrders(broker, store, verdictMaxAgeMs(config));
    await trader.reconcileInFlight();
    await reconcileWithExchange({ store, broker, logger, clock, universe: config.universe.map((u) => u.symbol), ...(deps.stopping ? { stopping: deps.stopping } : {}) });
    if (deps.stopping?.aborted) return;
    // Once the exchange answered (the reconciliation waits for one in maintenance): its markets say what it takes.
    if (exchangeStopOn(config)) await assertStopOrders(broker, config.universe.map((u) => u.symbol));
    else if (config.mode === 'live') logger.info({ exchangeStop: false }, `${runMode(config)} positions have no stop on the exchange: while the daemon is away (a crash, a reboot, the network cut) nothing sells them; CONCLAVE_EXCHANGE_STOP=true keeps a stop-limit sale resting there for each`);
    // Before the first check: a position whose protective stop the exchange ended while the daemon was away gets it again.
    await trader.protectPositions();
  });
  return { killSwitch, entryHalt, broker, trader, monitor, account, reconciliation };
}

/**
 * marketTimezone changed since the last run: the account's day was counted in the old zone, and a day rolled by the
 * new zone's date alone would forget the loss since the old zone's midnight (Portfolio.carryDay). A restart in the
 * same zone while the account's day is still ahead of the market's (a west move's day kept) keeps it again. Said when
 * it matters.
 */
function holdDayAcrossZones(zone: string, deps: { store: Store; trader: Trader; logger: Logger }): void {
  const { store, trader, logger } = deps;
  const previous = swapDayZone(store, zone);
  const changed = previous !== undefined && previous !== zone;
  const { day } = store.account();
  const carried = trader.carryDay(day, changed ? previous : zone);
  if (carried === undefined) return;
  const today = store.account().day;
  const kept = `the account's day ${day}, counted in ${changed ? previous : 'another zone'}, goes on until ${zone}'s next day begins, so the daily loss limit still counts its loss`;
  if (!changed) logger.info({ marketTimezone: zone, day }, kept);
  else {
    logger.info(
      { previous, marketTimezone: zone, day, ...(carried === 'carried' ? { today } : {}) },
      carried === 'kept'
        ? `marketTimezone changed from ${previous} to ${zone}: ${kept}`
        : `marketTimezone changed from ${previous} to ${zone}: the account's day ${day}, counted in ${previous}, was still going there, so ${zone}'s ${today} counts its loss from ${previous}'s midnight until ${zone}'s next day begins`,
    );
  }
}
