import { startLoopback, type LoopbackServer } from './loopback-server.js';

/**
 * A loopback fake of Kraken's spot REST API, the endpoints ccxt's kraken class calls for live trading, in Kraken's
 * format ({ error: [], result }): public Time, Assets and AssetPairs (one pair, XBTUSDT); private AddOrder, OpenOrders and
 * ClosedOrders (each filtered by cl_ord_id when given), CancelOrder, BalanceEx. As Kraken documents, a cl_ord_id is a
 * UUID (36 characters with hyphens, or 32 hex digits) or free text of at most 18 characters; anything else is refused.
 * Orders fill at `price`: a market order at once, an immediate-or-cancel limit buy when the price is at or below its
 * limit (else it is cancelled unfilled). The fee is 0.26 %, reported on the order: in USDT (oflags fciq), except on a sale
 * not sent with fciq, which pays it in the coin sold (fcib, Kraken's default when selling), as Kraken documents.
 */
export interface KrakenOrder {
  txid: string;
  cl_ord_id?: string;
  side: 'buy' | 'sell';
  ordertype: 'market' | 'limit';
  vol: number;
  vol_exec: number;
  limit?: number;
  avg: number;
  status: 'open' | 'closed' | 'canceled';
  opentm: number;
  /** Its fee paid in the coin (fcib), not in USDT. */
  feeInBase?: boolean;
}

export interface KrakenState {
  price: number;
  balances: Record<string, number>;
  orders: KrakenOrder[];
  /** The next AddOrder is carried out and its answer lost (the connection dropped), as a timeout would. */
  loseNextAnswer?: boolean;
  /**
   * ClosedOrders ignores cl_ord_id (as an API that does not apply the filter would): it answers the 50 most recent
   * closed orders, with the count of all of them, as Kraken pages them.
   */
  closedUnfiltered?: boolean;
  /** Every private call: its endpoint and parameters. */
  calls: { endpoint: string; params: Record<string, string> }[];
}

const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const FEE_RATE = 0.0026;

const pair = {
  altname: 'XBTUSDT', wsname: 'XBT/USDT', aclass_base: 'currency', base: 'XXBT', aclass_quote: 'currency', quote: 'USDT', lot: 'unit',
  cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, lot_multiplier: 1, leverage_buy: [], leverage_sell: [],
  fees: [[0, 0.26]], fees_maker: [[0, 0.16]], fee_volume_currency: 'ZUSD', margin_call: 80, margin_stop: 40,
  ordermin: '0.00005', costmin: '0.5', tick_size: '0.1', status: 'online',
};

function asKraken(o: KrakenOrder) {
  const cost = o.vol_exec * o.avg;
  const fee = o.feeInBase ? o.vol_exec * FEE_RATE : cost * FEE_RATE;
  return {
    refid: null, userref: null, ...(o.cl_ord_id ? { cl_ord_id: o.cl_ord_id } : {}), status: o.status, reason: null,
    opentm: o.opentm, ...(o.status === 'open' ? {} : { closetm: o.opentm + 0.01 }), starttm: 0, expiretm: 0,
    descr: { pair: 'XBTUSDT', type: o.side, ordertype: o.ordertype, price: String(o.limit ?? 0), price2: '0', leverage: 'none', order: `${o.side} ${o.vol} XBTUSDT @ ${o.ordertype}`, close: '' },
    vol: o.vol.toFixed(8), vol_exec: o.vol_exec.toFixed(8), cost: cost.toFixed(5), fee: fee.toFixed(o.feeInBase ? 10 : 5), price: o.vol_exec > 0 ? String(o.avg) : '0',
    stopprice: '0', limitprice: '0', misc: '', oflags: o.feeInBase ? 'fcib' : 'fciq',
  };
}

export async function startKraken(state: KrakenState): Promise<LoopbackServer> {
  let next = 1;
  return startLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const answer = (result: unknown, error: string[] = []) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error, result }));
    const endpoint = url.pathname.replace(/^\/0\//, '');
    if (endpoint.startsWith('private/')) state.calls.push({ endpoint, params });
    const byId = (o: KrakenOrder) => params['cl_ord_id'] === undefined || o.cl_ord_id === params['cl_ord_id'];
    const listed = (status: (o: KrakenOrder) => boolean) => Object.fromEntries(state.orders.filter((o) => status(o) && byId(o)).map((o) => [o.txid, asKraken(o)]));
    switch (endpoint) {
      case 'public/Time':
        return answer({ unixtime: Math.floor(Date.now() / 1000), rfc1123: new Date().toUTCString() });
      case 'public/AssetPairs':
        return answer({ XBTUSDT: pair });
      case 'public/Assets':
        return answer({
          XXBT: { aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, status: 'enabled' },
          USDT: { aclass: 'currency', altname: 'USDT', decimals: 8, display_decimals: 4, status: 'enabled' },
        });
      case 'private/BalanceEx':
        return answer(Object.fromEntries(Object.entries(state.balances).map(([asset, balance]) => [asset, { balance: balance.toFixed(8), hold_trade: '0' }])));
      case 'private/OpenOrders':
        return answer({ open: listed((o) => o.status === 'open') });
      case 'private/ClosedOrders': {
        if (state.closedUnfiltered) {
          const all = state.orders.filter((o) => o.status !== 'open').sort((a, b) => b.opentm - a.opentm);
          return answer({ closed: Object.fromEntries(all.slice(0, 50).map((o) => [o.txid, asKraken(o)])), count: all.length });
        }
        const closed = listed((o) => o.status !== 'open');
        return answer({ closed, count: Object.keys(closed).length });
      }
      case 'private/CancelOrder': {
        const order = state.orders.find((o) => o.txid === params['txid']);
        if (!order || order.status !== 'open') return answer(undefined, ['EOrder:Unknown order']);
        order.status = 'canceled';
        return answer({ count: 1 });
      }
      case 'private/AddOrder': {
        const id = params['cl_ord_id'];
        if (id !== undefined && !UUID.test(id) && id.length > 18) return answer(undefined, ['EGeneral:Invalid arguments:cl_ord_id']);
        if (id !== undefined && state.orders.some((o) => o.cl_ord_id === id && o.status === 'open')) return answer(undefined, ['EOrder:Duplicate cl_ord_id']);
        const side = params['type'] as 'buy' | 'sell';
        const ordertype = params['ordertype'] as 'market' | 'limit';
        const vol = Number(params['volume']);
        const limit = params['price'] === undefined ? undefined : Number(params['price']);
        const flags = params['oflags'] ?? '';
        const feeInBase = side === 'sell' ? !flags.includes('fciq') : flags.includes('fcib');
        const fills = ordertype === 'market' || (side === 'buy' ? state.price <= limit! : state.price >= limit!);
        const order: KrakenOrder = {
          txid: `O${String(next++).padStart(5, '0')}-FAKE-KRKN`, side, ordertype, vol, vol_exec: fills ? vol : 0, avg: state.price, opentm: Date.now() / 1000,
          status: fills || params['timeinforce'] === 'IOC' ? (fills ? 'closed' : 'canceled') : 'open', ...(id ? { cl_ord_id: id } : {}), ...(limit !== undefined ? { limit } : {}), ...(feeInBase ? { feeInBase } : {}),
        };
        state.orders.push(order);
        if (fills) {
          const cost = vol * state.price;
          state.balances['XXBT'] = (state.balances['XXBT'] ?? 0) + (side === 'buy' ? vol : -vol) - (feeInBase ? vol * FEE_RATE : 0);
          state.balances['USDT'] = (state.balances['USDT'] ?? 0) + (side === 'buy' ? -cost : cost) - (feeInBase ? 0 : cost * FEE_RATE);
        }
        if (state.loseNextAnswer) {
          state.loseNextAnswer = false;
          return void res.destroy();
        }
        return answer({ descr: { order: `${side} ${vol} XBTUSDT @ ${ordertype}` }, txid: [order.txid] });
      }
      default:
        return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: [`EGeneral:Unknown method ${endpoint}`] }));
    }
  });
}
