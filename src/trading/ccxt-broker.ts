/**
 * The live broker through ccxt (spot, market orders). An order whose answer is lost (timeout, dropped connection,
 * 5xx) is reported `unknown`, never failed: the exchange may have filled it. `fetchOrder` resolves it by client
 * order id. API keys and request signatures never appear in an error message.
 */
import { ExchangeMarkets } from '../market/exchange-markets.js';
import { exchangeName } from '../market/exchange-testnet.js';
import { ArgumentsRequired, AuthenticationError, BadRequest, BaseError, DuplicateOrderId, InvalidNonce, InvalidOrder, MarketClosed, NotSupported, OperationFailed, OrderNotFound, PermissionDenied } from 'ccxt';
import { ccxtClasses, ccxtRetryable } from '../market/ccxt-error-classes.js';
import type { Exchange, Order } from 'ccxt';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { ConfigError, OperationalError, TransientError, errorMessage } from '../core/errors.js';
import { buildExchange } from './ccxt-exchange.js';
import type { Broker } from './broker-port.js';
import type { InstrumentRules, OrderRef, OrderRequest, OrderResult } from '../domain/order.js';
import { instrumentOf, toOrderResult } from './ccxt-order-mapping.js';
import { isTerminal } from './order-state.js';
import { invalidOrderReason, reusedIdError } from './order-validation.js';
import { compareWithExchange, type ExpectedState, type Mismatch, type ReconcileOptions } from './reconcile.js';
import { withChanges } from '../core/with-changes.js';
import { endCapped, entryCap } from './entry-cap.js';
import { CLOCK_OFF, checkKeyPermissions } from './signed-requests.js';
import { UnknownFees } from './unknown-fees.js';
import { ExchangeOrders } from './exchange-orders.js';
import { placeStopOrder, restingStop, stopOrdersRefused } from './ccxt-stop-order.js';
import { withoutUrlSecrets } from '../core/url-secrets.js';

export interface CcxtBrokerOptions {
  clock: Clock;
  /** A ccxt exchange id; default `binance`. Ignored when `exchange` is given. */
  exchangeId?: string;
  /** An exchange instance built elsewhere (tests, unusual set-ups). */
  exchange?: Exchange;
  apiKey?: string;
  secret?: string;
  /** Replaces scheme and host of every API URL, e.g. `http://127.0.0.1:4010` for a fake exchange. */
  apiBaseUrl?: string;
  /** Orders on the exchange's testnet (exchangeTestnet, ccxt's sandbox mode): play money. Ignored when `exchange` is given. */
  testnet?: boolean;
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Largest answer body accepted, bytes (ccxtMaxBytes); default EXCHANGE_MAX_BYTES. Ignored when `exchange` is given. */
  maxBytes?: number;
  /** ccxt's client-side rate limiter. Default true. */
  enableRateLimit?: boolean;
  /** An entry with a refPrice buys no higher than this many basis points above it (an IOC limit order); 0: market orders. */
  maxEntrySlippageBps?: number;
  /** How many submitted orders to remember for in-process idempotency. Default 10 000. */
  maxRemembered?: number;
  /** Where failed fee look-ups are reported (they are counted either way, see stats()). */
  logger?: Logger;
}

/** What went wrong without failing an order, for the health line and tests. */
export interface CcxtBrokerStats {
  /** Look-ups of an order's trades (its fees) that failed; its fills then carry fee 0 marked `feeUnknown`. */
  feeLookupFailures: number;
  /** Orders whose fills came back with a fee the exchange did not report (`feeUnknown`). */
  feeUnknownOrders: number;
}

export class CcxtBroker implements Broker {
  readonly name: string;
  private readonly exchange: Exchange;
  private readonly orders = new Map<string, { request: OrderRequest; result: Promise<OrderResult> }>();
  private readonly maxRemembered: number;
  private readonly secrets: string[];
  private readonly markets: ExchangeMarkets;
  private readonly counts: CcxtBrokerStats = { feeLookupFailures: 0, feeUnknownOrders: 0 };
  private readonly unknownFees: UnknownFees;
  private readonly ids: ExchangeOrders; // conclave's client order ids on this exchange (config/live-exchanges.ts)

  constructor(private readonly options: CcxtBrokerOptions) {
    this.exchange = buildExchange(options);
    this.name = exchangeName(this.exchange.id, options.testnet && !options.exchange);
    this.markets = new ExchangeMarkets(this.exchange);
    this.unknownFees = new UnknownFees(this.exchange.id, this.counts, options.logger);
    this.ids = new ExchangeOrders(this.exchange);
    this.maxRemembered = options.maxRemembered ?? 10_000;
    this.secrets = [options.apiKey, options.secret, this.exchange.apiKey, this.exchange.secret].filter(
      (s): s is string => typeof s === 'string' && s.length >= 4,
    );
  }

  submit(order: OrderRequest, signal?: AbortSignal): Promise<OrderResult> {
    const known = this.orders.get(order.clientOrderId);
    if (known) {
      const reused = reusedIdError(known.request, order);
      if (reused) return Promise.reject(reused);
      // A repeat never sends again; an order not yet final is looked up instead, keeping the last answer if that fails.
      known.result = known.result.then(async (prev) => {
        if (isTerminal(prev.status)) return prev;
        const now = await this.fetchOrder(order);
        return now && now.status !== 'unknown' ? now : prev;
      });
      return known.result;
    }
    const entry = { request: { ...order }, result: this.send(order, signal) };
    this.orders.set(order.clientOrderId, entry);
    if (this.orders.size > this.maxRemembered) this.orders.delete(this.orders.keys().next().value!);
    entry.result.catch(() => {
      if (this.orders.get(order.clientOrderId) === entry) this.orders.delete(order.clientOrderId);
    });
    return entry.result;
  }

  /**
   * The order's state at the exchange by client order id; `unknown` when the exchange cannot be asked. Null means the
   * exchange does not know the id: take that as "never placed" only once the request can no longer arrive (Binance
   * refuses requests older than its recvWindow, 10 s by default), and then record the order as rejected.
   */
  async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
    try {
      await this.loadMarkets();
      const order = await this.ids.lookUp(ref.clientOrderId, ref.symbol);
      return this.unknownFees.note(restingStop(order, toOrderResult(await this.withTrades(order), ref.clientOrderId, this.options.clock.now())));
    } catch (error) {
      if (error instanceof OrderNotFound) return null;
      if (error instanceof NotSupported || error instanceof ArgumentsRequired) return this.ids.findOpen(ref, this.options.clock.now(), (e) => this.clean(e));
      if (error instanceof InvalidNonce) this.markets.stale();
      return { status: 'unknown', fills: [], reason: `look-up of ${ref.clientOrderId} failed: ${this.clean(error)}; ${error instanceof InvalidNonce ? CLOCK_OFF : 'try again later'}` };
    }
  }

  /** At a live start: a key that may not trade stops it (exit 78), one that may withdraw is warned of (signed-requests.ts). */
  checkKey(): Promise<void> {
    return checkKeyPermissions(this.exchange, (error) => this.clean(error), this.options.logger, () => this.loadMarkets());
  }

  async cancelOrder(ref: OrderRef): Promise<OrderResult | null> {
    const current = await this.fetchOrder(ref);
    if (!current || current.status === 'unknown' || !current.exchangeOrderId) return current;
    if (current.status !== 'submitted' && current.status !== 'partially_filled') return current;
    try {
      await this.exchange.cancelOrder(current.exchangeOrderId, ref.symbol);
    } catch (error) {
      // Refused because it ended meanwhile (Binance's -2011 "Unknown order" for one that filled): its end is the answer.
      const now = await this.fetchOrder(ref);
      if (now && now.status !== 'unknown' && now.status !== 'submitted' && now.status !== 'partially_filled') return now;
      throw new OperationalError(`cannot cancel order ${ref.clientOrderId} on ${this.exchange.id}: ${this.clean(error)}`);
    }
    return this.fetchOrder(ref);
  }

  /**
   * Compares the exchange's open orders and balances with what the store expects. Expected orders that are no longer
   * open are looked up by client order id, so their outcome comes back in the mismatch's `result`.
   */
  async reconcile(expected: ExpectedState, options?: ReconcileOptions): Promise<Mismatch[]> {
    try {
      await this.loadMarkets();
      const [open, balance] = await Promise.all([this.exchange.fetchOpenOrders(), this.exchange.fetchBalance()]);
      const expectedIds = expected.openOrders.map((o) => o.clientOrderId);
      const openOrders = open.map((o: Order) => ({ clientOrderId: this.ids.oursOf(o, expectedIds), symbol: o.symbol ?? '' }));
      const balances: Record<string, number> = {};
      for (const [asset, total] of Object.entries(balance.total ?? {})) {
        if (typeof total === 'number' && Number.isFinite(total)) balances[asset] = total;
      }
      const openIds = new Set(openOrders.map((o) => o.clientOrderId));
      const lookups: Record<string, OrderResult | null> = {};
      for (const order of expected.openOrders) {
        if (!openIds.has(order.clientOrderId)) lookups[order.clientOrderId] = await this.fetchOrder(order);
      }
      return compareWithExchange(expected, { openOrders, balances, lookups }, options);
    } catch (error) {
      // A key the exchange refuses is the configuration's fault (exit 78): a service manager restarting it would only
      // be refused again.
      if (error instanceof AuthenticationError || error instanceof PermissionDenied) {
        throw new ConfigError(
          `${this.exchange.id} refused the API key (${this.clean(error)}): check CONCLAVE_EXCHANGE_API_KEY and CONCLAVE_EXCHANGE_SECRET, and that the key may read the account and trade spot (and allows this machine's IP)`,
          'exchangeApiKey',
        );
      }
      if (error instanceof InvalidNonce) {
        this.markets.stale();
        throw new TransientError(`cannot reconcile with ${this.exchange.id}: ${this.clean(error)}; ${CLOCK_OFF}`);
      }
      // Unreachable (maintenance, an outage, a timeout), or failing on its side (ccxt's plain OperationFailed: Binance's
      // 503 -1001 "Internal error"): worth asking again (the start waits a little for it).
      const Kind = ccxtRetryable(ccxtClasses(error)) ? TransientError : OperationalError;
      throw new Kind(`cannot reconcile with ${this.exchange.id}: ${this.clean(error)}; check connectivity and API permissions`);
    }
  }

  private async send(order: OrderRequest, signal?: AbortSignal, again = false): Promise<OrderResult> {
    const invalid = invalidOrderReason(order);
    if (invalid) return { status: 'rejected', fills: [], reason: invalid };
    try {
      await this.loadMarkets();
    } catch (error) {
      return { status: 'rejected', fills: [], reason: `not sent: markets of ${this.exchange.id} unavailable (${this.clean(error)})` };
    }
    // Past this point the request may reach the exchange, so an abort is no longer honoured.
    signal?.throwIfAborted();
    const params = this.ids.placing(order.clientOrderId, this.options.clock.now());
    const bps = this.options.maxEntrySlippageBps ?? 0;
    const cap = entryCap(order, bps);
    try {
      if (order.stop) return this.unknownFees.note(await placeStopOrder(this.exchange, order, order.stop, params, this.options.clock.now()));
      const placed =
        cap === undefined
          ? await this.exchange.createOrder(order.symbol, 'market', order.side, order.qty, undefined, params)
          : await this.exchange.createOrder(order.symbol, 'limit', order.side, order.qty, cap, Object.assign(params, { timeInForce: 'IOC' }));
      const result = toOrderResult(withChanges(placed, { symbol: placed.symbol ?? order.symbol, side: placed.side ?? order.side }), order.clientOrderId, this.options.clock.now());
      return this.unknownFees.note(cap === undefined ? result : await endCapped(order, cap, bps, result, () => this.cancelOrder(order)));
    } catch (error) {
      // ccxt maps Binance's "Duplicate order sent." to a plain InvalidOrder, so the message is checked too.
      if (error instanceof DuplicateOrderId || (error instanceof BaseError && /duplicate/i.test(error.message))) {
        return (await this.fetchOrder(order)) ?? this.unknown(error);
      }
      // An order refused as invalid may have met rules changed since the markets were read (a minimum order value raised
      // while a position is held): they are read again before the next order, so the exit sizes and the write-off of
      // a position the exchange no longer sells use them. Read once at start, an exit was refused at every check.
      // (Binance answers -1013 "Filter failure: NOTIONAL", which ccxt maps to BadRequest; other exchanges' to InvalidOrder.)
      // A market closed (Binance's -1013 "Market is closed.": trading halted) is read again too: its status then says so.
      if (error instanceof InvalidOrder || error instanceof BadRequest || error instanceof MarketClosed) this.markets.stale();
      // A request stamped outside the exchange's window (Binance's -1021) is refused before it is read, so never placed:
      // sent once more with the exchange's time read again (a stop's sale refused so waited for the next check).
      if (error instanceof InvalidNonce) {
        this.markets.stale();
        if (!again) {
          // Said, as it succeeds: a clock 1-2 s ahead has every order refused once, below the 2 s the clock check warns at.
          this.options.logger?.warn({ clientOrderId: order.clientOrderId, symbol: order.symbol }, `${this.exchange.id} refused order ${order.clientOrderId} for its time (${this.clean(error)}): sent once more; ${CLOCK_OFF}`);
          return this.send(order, undefined, true);
        }
        return { status: 'rejected', fills: [], reason: `rejected by ${this.exchange.id}: ${this.clean(error)}; ${CLOCK_OFF}` };
      }
      // Definite refusals (insufficient funds, invalid order, bad keys) are exchange errors; anything else may have placed it.
      if (error instanceof BaseError && !(error instanceof OperationFailed)) {
        return { status: 'rejected', fills: [], reason: `rejected by ${this.exchange.id}: ${this.clean(error)}` };
      }
      return this.unknown(error);
    }
  }

  /** Why the exchange cannot hold a protective stop for `symbols` (exchangeStop), or null when it can (ccxt-stop-order.ts). */
  async stopOrdersRefused(symbols: readonly string[]): Promise<string | null> {
    await this.loadMarkets();
    return stopOrdersRefused(this.exchange, symbols);
  }

  private unknown(error: unknown): OrderResult {
    return {
      status: 'unknown',
      fills: [],
      reason: `outcome unknown (${this.clean(error)}): resolve with fetchOrder before sending anything for this symbol`,
    };
  }

  stats(): CcxtBrokerStats {
    return { ...this.counts };
  }

  /**
   * A look-up by order (Binance's GET order) reports totals without fees; the order's trades carry the commissions,
   * so they are fetched when the exchange offers them (not emulated: Kraken's needs the trades' own ids, and its order
   * carries its fee). Without them the totals stand with the order's fee, else fee 0 marked feeUnknown
   * (never a failure of the order); a failed look-up is logged and counted.
   */
  private async withTrades(order: Order): Promise<Order> {
    const filled = order.filled ?? 0;
    if (filled <= 0 || (order.trades?.length ?? 0) > 0 || !order.id || this.exchange.has['fetchOrderTrades'] !== true) return order;
    try {
      const trades = await this.exchange.fetchOrderTrades(order.id, order.symbol);
      const traded = trades.reduce((sum, t) => sum + (t.amount ?? 0), 0);
      return Math.abs(traded - filled) <= 1e-9 * filled ? withChanges(order, { trades }) : order;
    } catch (error) {
      this.counts.feeLookupFailures++;
      this.options.logger?.warn(
        { orderId: order.id, symbol: order.symbol, feeLookupFailures: this.counts.feeLookupFailures },
        `cannot read the trades (fees) of order ${order.id} on ${this.exchange.id}: ${this.clean(error)}`,
      );
      return order;
    }
  }

  /** The market's amount step and minimum, from ccxt's market rules (null when the exchange does not say). */
  async instrument(symbol: string): Promise<InstrumentRules | null> {
    await this.loadMarkets();
    const rules = instrumentOf(this.exchange, symbol);
    // Read again at the next use while halted, so the market's reopening is seen (the rules are otherwise read once).
    if (rules?.halted) this.markets.stale();
    return rules;
  }

  private loadMarkets(): Promise<unknown> {
    return this.markets.load();
  }

  /** An error message safe for logs: keys, secrets and request signatures removed. */
  private clean(error: unknown): string {
    let text = errorMessage(error);
    for (const secret of this.secrets) text = text.split(secret).join('[redacted]');
    // A proxy's token in ccxtApiBaseUrl's path or query: ccxt's message quotes the request's URL.
    if (this.options.apiBaseUrl) text = withoutUrlSecrets(text, this.options.apiBaseUrl);
    return text.replace(/(signature|apiKey|api_key|X-MBX-APIKEY)=[^&\s"']+/gi, '$1=[redacted]').slice(0, 500);
  }
}
