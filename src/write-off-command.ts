import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from './config/config.js';
import { notBlank } from './core/not-blank.js';
import { LiveClock } from './core/clock.js';
import { ConfigError } from './core/errors.js';
import { quantity } from './core/display-format.js';
import { osUser } from './core/os-user.js';
import { storeFile } from './kernel/kernel-paths.js';
import { CockpitRepository } from './store/cockpit-repository.js';
import { StoreLock, StoreLockedError } from './store/store-lock.js';
import { openStore } from './store/store.js';
import { ledgerOf } from './trading/account-summary.js';
import { writeOffPosition } from './trading/write-off.js';
import { PROTECTIVE_PURPOSE } from './trading/protective-stop-order.js';

/** As startingCash's limit: a write-off is not undone, and 1.7e308 entered Infinity as cash, the ledger broken for good. */
const MAX_CASH = 1e12;
const price = (text: string): number => {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0 || x > MAX_CASH) throw new InvalidArgumentError('Give what one unit fetched: a number from 0 to 1000000000000.');
  return x;
};
// A write-off realises the whole loss at once and is not undone: `--reason "$WHY"` with WHY unset wrote one off unexplained.
const reason = (text: string): string => {
  if (text.trim() === '') throw new InvalidArgumentError('Say why (a delisting, a conversion): it is recorded with the write-off among the operator actions.');
  return text;
};

/**
 * `conclave write-off SYMBOL --reason TEXT [--price P]`: closes in the store a position no order can sell any more (a
 * coin the exchange delisted or converted). Without it the daemon managed it for ever, and a live start refused the
 * account once the coins had left the exchange; the only way out was a new data dir, its history left behind.
 */
export function addWriteOffCommand(program: Command, withConfig: (cmd: Command) => Command, config: (opts: { config?: string }) => Config, out: (line: string) => void): void {
  withConfig(program.command('write-off').description('close a position the market no longer sells (delisted, converted) in the store, with no order: at --price (default 0, a total loss); the daemon stopped'))
    .argument('<symbol>', 'the position to close, as `conclave status` lists it', notBlank('symbol', 'as `conclave status` lists it'))
    .requiredOption('--reason <text>', 'why, recorded with it among the operator actions', reason)
    .option('--price <price>', 'what one unit fetched (a conversion, a payout), entered as cash', price, 0)
    .action((symbol: string, opts: { config?: string; reason: string; price: number }) => {
      const cfg = config(opts);
      const file = storeFile(cfg);
      const fail = (text: string) => {
        process.stderr.write(`conclave write-off: ${text}\n`);
        process.exitCode = 1;
      };
      if (!existsSync(file)) return fail(`no store at ${file}: run this with the daemon's configuration (its CONCLAVE_DATA_DIR and CONCLAVE_MODE)`);
      const now = new LiveClock().now();
      let lock: StoreLock;
      try {
        lock = StoreLock.acquire(file, now, cfg.dataDir);
      } catch (error) {
        // The daemon's own refusal ("Two daemons on one store... give this one its own CONCLAVE_DATA_DIR") is not a write-off's.
        if (error instanceof StoreLockedError) return fail(`a conclave is running on this store: ${error.holder}. A write-off changes the account the daemon trades: stop it first (SIGTERM, \`systemctl stop conclave\` or \`docker stop\`), then write off, then start it. (Lock: ${error.lockFile})`);
        throw error;
      }
      try {
        const store = openStore(file);
        try {
          const position = store.position(symbol);
          if (!position) {
            const held = store.positions().map((p) => p.symbol);
            return fail(`no open position in ${symbol} in ${file} (held: ${held.length > 0 ? held.join(', ') : 'none'})`);
          }
          // A protective stop (exchangeStop) is no sale in flight: the daemon's next start cancels it, its position gone.
          const orders = store.inFlightOrders().filter((o) => o.symbol === symbol);
          const pending = orders.filter((o) => o.purpose !== PROTECTIVE_PURPOSE);
          const resting = orders.filter((o) => o.purpose === PROTECTIVE_PURPOSE);
          if (pending.length > 0) return fail(`${symbol} has ${pending.length} order(s) in flight (${pending.map((o) => o.clientOrderId).join(', ')}): start the daemon once so that it asks the exchange about them, stop it, then write off`);
          const cash = position.qty * opts.price;
          if (!(cash <= MAX_CASH)) throw new ConfigError(`--price ${opts.price}: ${quantity(position.qty)} ${symbol} at that price enter ${cash} as cash, more than an account holds (${MAX_CASH}); give what one unit fetched`, '--price');
          const reason = `written off by the operator: ${opts.reason}`;
          const { proceeds, realized } = writeOffPosition(store, position, { price: opts.price, reason, now });
          new CockpitRepository(store.db).recordOperatorAction({ time: now, action: 'write-off', who: `${osUser()} (command line, ${hostname()})`, reason: `${symbol}: ${opts.reason}` });
          const ledger = ledgerOf(store);
          out(`${symbol}: ${quantity(position.qty)} written off at ${opts.price} (cost ${(position.qty * position.avgPrice).toFixed(2)}): ${proceeds.toFixed(2)} entered as cash, ${realized.toFixed(2)} realised; ledger ${ledger.ok ? 'ok' : `BROKEN (diff ${ledger.diff})`}`);
          out('any of its coins still on the exchange are the account\'s own from now on: conclave never sells them');
          if (resting.length > 0) out(`its protective stop on the exchange (${resting.map((o) => o.clientOrderId).join(', ')}) is cancelled at the daemon's next start; until then it may still sell those coins (a sale the next start records on the order, outside the book)`);
        } finally {
          store.close();
        }
      } finally {
        lock.release();
      }
    });
}
