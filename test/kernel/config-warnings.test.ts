import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { configWarnings, type BarFacts } from '../../src/kernel/config-warnings.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;
const config = (env: Record<string, string> = {}): Config => loadConfig({ env });
/** The simulated market of the defaults: minute bars, 250 kept per symbol. */
const sim: BarFacts = { run: 'daemon', shortestBarMs: MIN, maxBars: { bars: 250, why: 'the simulated market keeps the last 250 bars of each symbol' } };
const keysOf = (env: Record<string, string>, facts: BarFacts = sim) => configWarnings(config(env), facts).map((w) => w.keys[0]);

describe('configWarnings: settings valid alone that defeat each other against the bars', () => {
  it('says nothing of the defaults, on the simulated market or in a backtest', () => {
    expect(configWarnings(config(), sim)).toEqual([]);
    expect(configWarnings(config(), { run: 'backtest', barsPerSymbol: [{ symbol: 'ORCL', bars: 2500 }] })).toEqual([]);
  });

  it('health lines so frequent that the log alone fills a disk kept by docker’s default driver', () => {
    // A line of the default universe measured about 1,500 bytes: 1200 ms writes 103 MB a day, 1300 ms 95 MB.
    expect(keysOf({ CONCLAVE_HEALTH_INTERVAL_MS: '1300' })).toEqual([]);
    expect(keysOf({ CONCLAVE_HEALTH_INTERVAL_MS: '1200' })).toEqual(['healthIntervalMs']);
    const [warning] = configWarnings(config({ CONCLAVE_HEALTH_INTERVAL_MS: '100' }), sim);
    expect(warning!.keys).toEqual(['healthIntervalMs']);
    expect(warning!.message).toMatch(/^healthIntervalMs 100: a health line \(about 1\.5 KB\) that often writes about 1236 MB of log a day, .* Raise healthIntervalMs \(30000 by default; 1236 or more keeps it under 100 MB a day\)/);
    // A backtest writes no health lines.
    expect(keysOf({ CONCLAVE_HEALTH_INTERVAL_MS: '100' }, { run: 'backtest' })).toEqual([]);
  });

  it('exchangeStop set where it does nothing: paper mode and a backtest (live mode uses it)', () => {
    expect(keysOf({ CONCLAVE_EXCHANGE_STOP: 'true' })).toEqual(['exchangeStop']);
    expect(configWarnings(config({ CONCLAVE_EXCHANGE_STOP: 'true' }), sim)[0]!.message).toMatch(/^exchangeStop=true has no effect in mode=paper: .*live positions only/);
    expect(configWarnings(config({ CONCLAVE_EXCHANGE_STOP: 'true' }), { run: 'backtest' })[0]!.message).toMatch(/^exchangeStop=true has no effect in a backtest/);
  });

  it('exchangeTestnet set where it does nothing: paper mode and a backtest (live mode trades on the testnet with it)', () => {
    expect(keysOf({ CONCLAVE_EXCHANGE_TESTNET: 'true' })).toEqual(['exchangeTestnet']);
    expect(configWarnings(config({ CONCLAVE_EXCHANGE_TESTNET: 'true' }), sim)[0]!.message).toMatch(/^exchangeTestnet=true has no effect in mode=paper: .*To rehearse on the testnet, set CONCLAVE_MODE=live with the testnet's keys$/);
    expect(configWarnings(config({ CONCLAVE_EXCHANGE_TESTNET: 'true', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' }), sim)[0]!.message).toContain("(its prices are the real exchange's)");
    expect(configWarnings(config({ CONCLAVE_EXCHANGE_TESTNET: 'true' }), { run: 'backtest' })[0]!.message).toMatch(/^exchangeTestnet=true has no effect in a backtest/);
    const testnet = config({ CONCLAVE_EXCHANGE_TESTNET: 'true', CONCLAVE_MODE: 'live', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' });
    expect(configWarnings(testnet, sim).map((w) => w.keys[0])).not.toContain('exchangeTestnet');
  });

  it('says nothing of a time stop in bars beyond what the market keeps: the bars before those kept count by time', () => {
    expect(keysOf({ CONCLAVE_MAX_HOLD_BARS: '251' })).toEqual([]);
    expect(keysOf({ CONCLAVE_MAX_HOLD_BARS: '100000' })).toEqual([]);
  });

  it('a scorecard horizon a backtest’s scanned bars never reach; none in the daemon, which reads back what a horizon needs', () => {
    // The daemon reads back the bars of a stance whose horizon has closed (forward-tracker.ts): no warning, whatever the
    // horizon (before, 120 and 118 were said never, or rarely, scored).
    expect(keysOf({ CONCLAVE_SCORECARD_HORIZON_BARS: '120' })).toEqual([]);
    expect(keysOf({ CONCLAVE_SCORECARD_HORIZON_BARS: '118' })).toEqual([]);
    // A backtest's store is scored from the scans' bars: a horizon past them is never written; nor one past a symbol's bars.
    const backtest = configWarnings(config({ CONCLAVE_SCORECARD_HORIZON_BARS: '3000' }), { run: 'backtest', barsPerSymbol: [{ symbol: 'GOOG', bars: 2148 }, { symbol: 'ORCL', bars: 5036 }] });
    expect(backtest.map((w) => w.message)).toEqual([
      expect.stringMatching(/^scorecardHorizonBars 3000 is not below scanBars 120: .*the run's store \(which `conclave scorecard --store` reads; report\.json scores from the whole files\)/),
      'scorecardHorizonBars 3000 is not below the 2148 bars of GOOG in the span: no stance on it can be scored (report.json counts them all pending). Lower scorecardHorizonBars, or give a longer span',
    ]);
    expect(keysOf({ CONCLAVE_SCORECARD_HORIZON_BARS: '119' }, { run: 'backtest' })).toEqual([]);
    const one = configWarnings(config({}), { run: 'backtest', barsPerSymbol: [{ symbol: 'ONEROW', bars: 1 }] });
    expect(one.map((w) => w.message)).toContain('scorecardHorizonBars 5 is not below the 1 bar of ONEROW in the span: no stance on it can be scored (report.json counts them all pending). Lower scorecardHorizonBars, or give a longer span');
  });

  it('position checks further apart than the bars a check reads back', () => {
    // 250 minute bars kept: 249 minutes between the decision's bar and the oldest one read.
    expect(keysOf({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(249 * MIN) })).toEqual([]);
    const [warning] = configWarnings(config({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(6 * 60 * MIN) }), sim);
    expect(warning!.keys).toEqual(['positionCheckIntervalMs']);
    expect(warning!.message).toBe(
      'positionCheckIntervalMs 21600000 (6h) spans more bars of 1m than a check reads back (the simulated market keeps the last 250 bars of each symbol): a paper order fills at the oldest of the 250 bars it reads back, up to 111m after its decision, instead of at the first price after it; a stop or target reached in the bars before the last 250 is not filled at its level. Lower positionCheckIntervalMs to at most 14940000',
    );
    // A replay keeps every bar: a paper fill reads back 1000, the stops 5000; at 60× an hour of clock is 60 of history.
    const replay: BarFacts = { run: 'daemon', shortestBarMs: MIN, speed: 60 };
    const fast = { CONCLAVE_MODEL_SCAN_INTERVAL_MS: '1000' };
    expect(keysOf(Object.assign({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String((999 * MIN) / 60) }, fast), replay)).toEqual([]);
    expect(configWarnings(config(Object.assign({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(20 * MIN) }, fast)), replay)[0]!.message).toMatch(/reads back: a paper order fills at the oldest of the 1000 bars it reads back, up to 201m after its decision, instead of at the first price after it\. Lower positionCheckIntervalMs to at most 999000$/);
    // A backtest checks at every bar close.
    expect(keysOf({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(24 * 60 * MIN) }, { run: 'backtest', shortestBarMs: MIN })).toEqual([]);
  });

  it('a take-profit within the fees of a round trip: every target exit loses', () => {
    expect(keysOf({ CONCLAVE_TAKE_PROFIT_PCT: '0.0021' })).toEqual([]);
    for (const facts of [sim, { run: 'backtest' } as BarFacts]) {
      expect(configWarnings(config({ CONCLAVE_TAKE_PROFIT_PCT: '0.002' }), facts)).toEqual([
        {
          keys: ['takeProfitPct', 'feeBps'],
          message: 'takeProfitPct 0.002 (0.2 %) is within the fees of a round trip (feeBps 10 on the entry and on the exit, 0.2 %): every position that reaches this target closes at a loss. Raise takeProfitPct above 0.002, or set it to 0 (off)',
        },
      ]);
    }
    expect(keysOf({ CONCLAVE_TAKE_PROFIT_PCT: '0.002', CONCLAVE_FEE_BPS: '0' })).toEqual([]);
  });

  it('a retention shorter than the longest scorecard horizon: the stances are pruned before they are scored', () => {
    const hourly: BarFacts = { run: 'daemon', shortestBarMs: 60 * MIN };
    expect(keysOf({ CONCLAVE_RETENTION_DAYS: '1' }, hourly)).toEqual([]);
    expect(configWarnings(config({ CONCLAVE_RETENTION_DAYS: '1', CONCLAVE_SCORECARD_HORIZON_BARS: '30' }), hourly)).toEqual([
      {
        keys: ['retentionDays', 'scorecardHorizonBars'],
        message: 'retentionDays 1 prunes a discussion, stances included, before its return 30 bars later (30h of 1h bars) is known: the scorecards at that horizon score almost none. Raise retentionDays to at least 2, or 0 to keep everything',
      },
    ]);
    // The fixed horizon of 20 bars counts too: daily bars need 20 days.
    expect(keysOf({ CONCLAVE_RETENTION_DAYS: '19' }, { run: 'daemon', shortestBarMs: 1440 * MIN })).toEqual(['retentionDays']);
    expect(keysOf({ CONCLAVE_RETENTION_DAYS: '0' }, { run: 'daemon', shortestBarMs: 1440 * MIN })).toEqual([]);
  });

  it('a scan window larger than an exchange answers', () => {
    const binance: BarFacts = { run: 'daemon', shortestBarMs: MIN, maxBars: { bars: 999, why: 'ccxt:binance answers at most 1000 candles a request, the last still forming' } };
    expect(keysOf({ CONCLAVE_SCAN_BARS: '999' }, binance)).toEqual([]);
    expect(configWarnings(config({ CONCLAVE_SCAN_BARS: '1500' }), binance)[0]!.message).toBe(
      'scanBars 1500: ccxt:binance answers at most 1000 candles a request, the last still forming, so each scan and discussion sees only 999 bars. Lower scanBars to at most 999',
    );
  });
});

describe('the daemon at start', () => {
  const warnings = async (env: Record<string, string>) => {
    const { kernel, logs } = await virtualKernel(env);
    await kernel.start();
    await kernel.stop();
    return logs.filter((l) => l.level === 'warn' && String(l.msg).startsWith('configuration: '));
  };

  it('warns of nothing on its defaults', async () => {
    expect(await warnings({})).toEqual([]);
  });

  it('warns of position checks further apart than the bars kept, of a target within the fees, of a retention shorter than a horizon; not of a horizon at scanBars', async () => {
    expect(await warnings({ CONCLAVE_SCORECARD_HORIZON_BARS: '120' })).toEqual([]);
    expect((await warnings({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(6 * 60 * MIN) })).map((l) => l.keys)).toEqual([['positionCheckIntervalMs']]);
    expect((await warnings({ CONCLAVE_TAKE_PROFIT_PCT: '0.0001' })).map((l) => l.keys)).toEqual([['takeProfitPct', 'feeBps']]);
    expect((await warnings({ CONCLAVE_SIM_BAR_MS: '3600000', CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_RETENTION_DAYS: '1', CONCLAVE_SCORECARD_HORIZON_BARS: '30' })).map((l) => l.keys)).toEqual([['retentionDays', 'scorecardHorizonBars']]);
  });

  it('what it warns of happens: checks 6 h apart fill late; a time stop past the bars kept fires, counting those before by time', async () => {
    const run = async (env: Record<string, string>) => {
      const { kernel, clock } = await virtualKernel(env);
      await kernel.start();
      await runFor(clock, 12 * 60 * MIN);
      const timeExits = kernel.store.db.prepare(`SELECT count(*) FROM position_events WHERE reason LIKE 'time_stop%'`).pluck().get() as number;
      const lags = kernel.store.db.prepare(`SELECT f.time - o.created_at FROM orders o JOIN fills f ON f.client_order_id = o.client_order_id WHERE o.purpose = 'entry'`).pluck().all() as number[];
      await kernel.stop();
      return { timeExits, lags };
    };
    expect((await run({ CONCLAVE_MAX_HOLD_BARS: '250', CONCLAVE_REVIEW_EVERY_BARS: '0' })).timeExits).toBeGreaterThan(0);
    // It never fired past the 250 bars the simulated market keeps (then said at start), counting the bars read only.
    expect((await run({ CONCLAVE_MAX_HOLD_BARS: '251', CONCLAVE_REVIEW_EVERY_BARS: '0' })).timeExits).toBeGreaterThan(0);
    const late = await run({ CONCLAVE_POSITION_CHECK_INTERVAL_MS: String(6 * 60 * MIN) });
    expect(Math.max(...late.lags)).toBeGreaterThan(30 * MIN);
  });
});
