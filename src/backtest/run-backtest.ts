import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { makeFolder } from '../core/make-folder.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DestinationStream } from 'pino';
import type { Agent } from '../agents/agent-port.js';
import type { VerdictEvent } from '../domain/events.js';
import { VirtualClock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { withChanges } from '../core/with-changes.js';
import { storeFile } from '../kernel/kernel-paths.js';
import { createdMarkerOf } from '../store/database.js';
import { buildBacktestKernel } from './backtest-kernel.js';
import type { NewsSource } from '../news/news-port.js';
import type { Fill } from '../domain/order.js';
import { assertLedgerHolds } from '../trading/ledger.js';
import { BacktestBroker, fillTimeouts } from './backtest-broker.js';
import { longestBarLength } from './bar-lengths.js';
import { BacktestMarket } from './backtest-market.js';
import type { BacktestRecord, BacktestSignal, DecisionRecord, EquityRow } from './backtest-record.js';
import { calendar, historyEnd, spanBars } from './calendar.js';
import { EmptyNews } from '../news/empty-news.js';
import { loadSeries, type LoadedSeries, type SeriesSpec } from './load-series.js';
import { buildRecord, signalsOf } from './build-record.js';
import { deferIndexes } from './deferred-indexes.js';
import { wallClockAt } from '../market/zoned-clock.js';

export interface BacktestOptions {
  /** The loaded configuration; the backtest sets what it owns (data dir, mode, sources, the universe's symbols). */
  config: Config;
  files: readonly SeriesSpec[];
  from?: number;
  to?: number;
  /** Where the run's store goes (its SQLite file is replaced). */
  outDir: string;
  /**
   * Recorded news, built on the run's clock (items become visible at their published time) and returning what the
   * look-back `lookbackMs` covers; none when absent (the scout then sees no news).
   */
  news?: (clock: VirtualClock, lookbackMs: number) => Promise<NewsSource>;
  /** The run's name; derived from the files and span when absent. */
  name?: string;
  /** Called after each calendar step with bars revealed so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Where the parts' log lines go (default: nowhere below `warn`... see logLevel). */
  logDestination?: DestinationStream;
  /**
   * A label on each of this run's log lines (`"run"`): a coin-flip seed's (`baseline-3`), a fold's or a training
   * run's, which write to the command's one backtest.log beside the panel's own run (whose lines carry none).
   */
  logRun?: string;
  logLevel?: string;
  /** The panel, instead of the configured agents (the coin-flip baseline). */
  agents?: Agent[];
  /**
   * A walk-forward fold's run: the news of the steps before its first (to the close of its last history bar) counts as
   * seen, and is in the news book, at its start, as a run over the whole span would hold it. Started empty, the fold
   * published again a headline its previous fold had seen or held back for its cooldown.
   */
  historyNewsSeen?: boolean;
}

/** The items the news scans saw, those naming any symbol (roundups too), and the items that named each symbol. */
export interface NewsCounts {
  seen: number;
  mapped: number;
  bySymbol: Record<string, number>;
}

/** The counts of two runs (the walk-forward's folds) together. */
export function addNewsCounts(a: NewsCounts | undefined, b: NewsCounts): NewsCounts {
  const bySymbol = { ...a?.bySymbol };
  for (const [symbol, n] of Object.entries(b.bySymbol)) bySymbol[symbol] = (bySymbol[symbol] ?? 0) + n;
  return { seen: (a?.seen ?? 0) + b.seen, mapped: (a?.mapped ?? 0) + b.mapped, bySymbol };
}

export interface BacktestRun {
  record: BacktestRecord;
  /** Bars revealed by the calendar (the span's bars of every file). */
  bars: number;
  steps: number;
  storeFile: string;
  /** With recorded news: the items the run's news scans saw (in the span and look-back), and those naming a symbol. */
  news?: NewsCounts;
  /** Orders cancelled unfilled because their symbol had no bar within the fill timeout (a halt, a hole in a file). */
  expiredOrders?: number;
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * A deterministic name: the symbols (the first four, then how many more and a digest of them all) and the span's first
 * and last bar dates. Without the digest, 50 symbols differing from another run's 50 past the fourth had its name: the
 * default folder's earlier run was replaced, "same symbols and span", and another --out's without a note.
 */
export function runName(series: readonly LoadedSeries[]): string {
  const symbols = series.map((s) => s.symbol);
  const digest = () => createHash('sha256').update(symbols.join('\n')).digest('hex').slice(0, 6);
  const shown = symbols.slice(0, 4).join('-') + (symbols.length > 4 ? `-and-${symbols.length - 4}-more-${digest()}` : '');
  // The dates as the files write them (a file ahead of UTC, or read in a zone, dates its bars by its own day).
  const dated = (s: LoadedSeries, time: number) => (s.timesIn !== undefined ? wallClockAt(s.timesIn, time) : time + (s.offsetAheadMs ?? 0));
  const start = Math.min(...series.map((s) => dated(s, s.bars[s.first]!.time)));
  const end = Math.max(...series.map((s) => dated(s, s.bars[s.end - 1]!.time)));
  return `${shown}_${iso(start)}-${iso(end)}`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Loads the files, then runs them. */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const series = await loadSeries(options.files, { ...(options.from !== undefined ? { from: options.from } : {}), ...(options.to !== undefined ? { to: options.to } : {}) });
  return runLoadedBacktest(series, options);
}

/**
 * Runs the daemon's parts (scanners, queue, consumer and its discussions, chief, risk gate and trader, position
 * monitor, store) over the files' bars on a virtual clock, as fast as the CPU allows. At each bar close of the
 * calendar, for each symbol whose bar closed: its orders in flight fill at the bar's open, its stops and targets are
 * judged against the bar's range, the bar is revealed; then those symbols are scanned, the discussions run, and the
 * clock moves on only once the pipeline is idle, so results depend neither on consumerConcurrency nor on CPU speed.
 * The verdicts of a step act in the order their opportunities were published.
 */
export async function runLoadedBacktest(series: LoadedSeries[], options: BacktestOptions): Promise<BacktestRun> {
  const name = options.name ?? runName(series);
  const config = withChanges(options.config, {
    dataDir: options.outDir,
    mode: 'paper' as const,
    storeCheckpoint: 'inline' as const,
    // A run's store holds history by design: retention (measured on the virtual clock) must never prune it.
    retentionDays: 0,
    httpPort: 0,
    partialFillProbability: 0,
    // The files' symbols; a configured universe entry of the same symbol lends its company name and aliases, so
    // recorded news naming the company (not only the ticker) reaches it.
    universe: series.map((s) => options.config.universe.find((u) => u.symbol === s.symbol) ?? { symbol: s.symbol, name: s.symbol }),
  });
  makeFolder(options.outDir);
  const file = storeFile(config);
  // The run owns its store: the previous run's goes, with the marker that would otherwise take it for a lost account.
  for (const old of [file, `${file}-wal`, `${file}-shm`, createdMarkerOf(file)]) rmSync(old, { force: true });

  const start = Math.min(...series.map((s) => s.bars[s.first]!.time));
  const primeAt = options.historyNewsSeen && options.news ? historyEnd(series) : undefined;
  const clock = new VirtualClock(Math.min(start, primeAt ?? start));
  let marketTime = start;
  const market = new BacktestMarket(series);
  for (const s of series) market.showFirst(s.symbol, s.first);
  const decided: VerdictEvent[] = [];
  const root = createLogger({ level: options.logLevel ?? 'warn', clock, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const logger = options.logRun ? root.child({ run: options.logRun }) : root;
  const broker = new BacktestBroker({ slippageBps: config.slippageBps, feeBps: config.feeBps, lotStep: config.lotStep, now: () => clock.now(), fillTimeoutMs: fillTimeouts((symbol) => market.fileBarMs(symbol), config.paperFillTimeoutMs), barMs: (symbol) => market.fileBarMs(symbol), logger });
  for (const s of series) broker.seeHistory(s.symbol, s.bars, s.first);
  // The source's window is the widest any symbol's bars give at any moment (the scanner narrows it to the market's bar
  // length then): wider than a moment needs is harmless, narrower would drop news the scanner counts.
  const newsLookbackMs = Math.max(config.newsLookbackMs, config.newsLookbackBars * longestBarLength(series));
  const news = options.news ? await options.news(clock, newsLookbackMs) : null;
  const kernel = await buildBacktestKernel(config, {
    clock,
    logger,
    market,
    news: news ?? new EmptyNews(),
    broker,
    act: async (event) => void decided.push(event),
    // The daily loss limit rolls over on the day of the latest bar (its close less a millisecond: a daily bar's date).
    marketNow: () => marketTime - 1,
    ...(options.agents ? { agents: options.agents } : {}),
    barMs: Math.min(...series.map((s) => market.fileBarMs(s.symbol))),
  });

  const published = new Map<string, number>();
  // Verdicts are kept as their signal rows only (the whole event holds every rationale), tagged with their order.
  const verdicts: { order: number; rows: BacktestSignal[]; decision: DecisionRecord['verdicts'][number] }[] = [];
  const riskGate: DecisionRecord['riskGate'] = [];
  const fills: Fill[] = [];
  const verdictOfOrder = new Map<string, string | null>();
  const equity: EquityRow[] = [];
  kernel.bus.on('opportunity', (o) => void published.set(o.id, published.size));
  kernel.bus.on('verdict', (e) => void verdicts.push({ order: published.get(e.opportunity.id) ?? 0, rows: signalsOf(e), decision: { action: e.verdict.action, rule: e.verdict.rule ?? null } }));
  kernel.bus.on('risk', (r) => void riskGate.push({ outcome: r.outcome, rule: r.rule ?? null }));
  kernel.bus.on('order', (o) => {
    if (!verdictOfOrder.has(o.clientOrderId)) verdictOfOrder.set(o.clientOrderId, o.verdictId ?? null);
  });
  kernel.bus.on('fill', (f) => void fills.push(f));
  const liquidity = { maxVolumeShare: config.maxVolumeShare, noVolume: [] as string[], exitsOverCap: 0 };
  kernel.bus.on('liquidity', (l) => void (l.kind === 'no_volume' ? liquidity.noVolume.push(l.symbol) : liquidity.exitsOverCap++));

  const { trader, consumer, queue, monitor, modelScanner, newsScanner, store } = kernel;
  const total = spanBars(series);
  const signal = new AbortController().signal;
  let done = 0;
  let steps = 0;
  let newsSeen = 0;
  let newsMapped = 0;
  const newsBySymbol: Record<string, number> = {};
  const byOrder = (a: VerdictEvent, b: VerdictEvent) => (published.get(a.opportunity.id) ?? 0) - (published.get(b.opportunity.id) ?? 0);
  // Waits until no opportunity is queued and no discussion runs. A step that published nothing has nothing to wait for.
  const idle = async (publishedBefore: number) => {
    if (published.size === publishedBefore && queue.depth === 0 && consumer.inFlight === 0) return;
    do await yieldToLoop();
    while (queue.depth > 0 || consumer.inFlight > 0);
  };
  // The run's writes are committed in batches of steps (each state change still lands in its own savepoint, all or
  // nothing): a commit per write was a fifth of the run. The store is complete once the run ends.
  const db = store.db;
  // A batch's pages stay in memory until its commit instead of spilling to the WAL mid-batch (what is stored is the same).
  db.pragma('cache_size = -65536');
  // The store is the run's output, not a live account (a run that dies is run again, into a fresh store): its batches
  // are written once into the file, not into the WAL and again by checkpoints, and never wait for the disk. The store
  // goes back to WAL mode, as every store is, when the run ends. (Commit and checkpoint time fell from 3.6% to 1.2%.)
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  const restoreIndexes = deferIndexes(db);
  const BATCH_STEPS = 256;
  // A buy fills for at most what the account's cash pays (free-cash.ts), as an exchange fills one.
  const funds = { cash: () => store.account().cash };
  const settle = async (answers: { clientOrderId: string; result: Parameters<typeof trader.settlePending>[1] }[]) => {
    for (const a of answers) await trader.settlePending(a.clientOrderId, a.result);
  };

  // Per symbol, the next bar the calendar will close (an order in flight waits for its open).
  const nextBar = series.map((s) => s.first);
  const indexOf = new Map(series.map((s, i) => [s.symbol, i]));
  const nextOpen = (symbol: string) => {
    const i = indexOf.get(symbol)!;
    return nextBar[i]! < series[i]!.end ? series[i]!.bars[nextBar[i]!]!.time : undefined;
  };
  trader.init(config.startingCash);
  if (news && primeAt !== undefined) {
    // The news up to the step before the fold, as the previous fold's last scan left it; nothing after it is read.
    await clock.advanceTo(primeAt);
    await newsScanner.prime(signal);
  }
  consumer.start();
  db.exec('BEGIN');
  try {
    for (const step of calendar(series)) {
      if (steps % BATCH_STEPS === BATCH_STEPS - 1) db.exec('COMMIT; BEGIN');
      const publishedBefore = published.size;
      await clock.advanceTo(step.time);
      marketTime = step.time;
      const closed: string[] = [];
      if (broker.pending > 0) await settle(broker.expire(step.time, nextOpen));
      for (const { series: index, bar: at } of step.closes) {
        const s = series[index]!;
        const bar = s.bars[at]!;
        nextBar[index] = at + 1;
        // Most bars fill nothing and find nothing held: no async call (a promise and a turn of microtasks) for them.
        const answers = broker.openBar(s.symbol, bar, funds);
        if (answers.length > 0) await settle(answers);
        market.reveal(s.symbol);
        if (store.position(s.symbol)) await monitor.checkBar(s.symbol, bar, signal, broker.salesBlocked(s.symbol));
        broker.closeBar(s.symbol);
        trader.mark(s.symbol, bar.close);
        closed.push(s.symbol);
      }
      trader.refreshEquityMarks();
      // News first: the step's items are in the news book before any discussion of the step starts (the model's
      // opportunities were discussed while the news was still being read, so what the scout saw depended on
      // consumerConcurrency).
      if (news) {
        const scan = await newsScanner.scan(signal);
        newsSeen += scan.fresh;
        newsMapped += scan.mapped;
        for (const symbol of scan.named) newsBySymbol[symbol] = (newsBySymbol[symbol] ?? 0) + 1;
      }
      await modelScanner.scanSymbols(closed, signal);
      await idle(publishedBefore);
      if (decided.length > 0) {
        const batch = decided.splice(0).sort(byOrder);
        for (const event of batch) {
          try {
            await trader.onVerdict(event);
          } catch (error) {
            logger.error({ err: errorMessage(error), verdictId: event.verdictId }, 'acting on a verdict failed; no order placed for it');
          }
        }
      }
      const cash = store.account().cash;
      const value = trader.equity();
      equity.push({ time: step.time, equity: value, cash, exposure: value - cash });
      done += step.closes.length;
      steps++;
      options.onProgress?.(done, total);
    }
    await settle(broker.cancelAll('the data ends before the next bar: nothing to fill at'));
    restoreIndexes();
    assertLedgerHolds(trader.ledger(), `the backtest's store ${file} at the end`);
    verdicts.sort((a, b) => a.order - b.order);
    const decisions = { verdicts: verdicts.map((v) => v.decision), riskGate };
    const record = buildRecord({ name, config, series, market, store, equity, fills, signals: verdicts.flatMap((v) => v.rows), verdictOfOrder, decisions, liquidity });
    return { record, bars: total, steps, storeFile: file, ...(news ? { news: { seen: newsSeen, mapped: newsMapped, bySymbol: newsBySymbol } } : {}), ...(broker.expiredOrders > 0 ? { expiredOrders: broker.expiredOrders } : {}) };
  } finally {
    await consumer.stop();
    if (db.inTransaction) db.exec('COMMIT');
    restoreIndexes();
    if (db.open) db.pragma('journal_mode = WAL');
    kernel.close();
  }
}
