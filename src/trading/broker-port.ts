export type Side = 'buy' | 'sell';

export interface OrderRequest {
  /** Unique per order, stored in `orders.client_order_id`; a repeated submission is recognised by it. */
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
}

export interface Fill {
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  price: number;
  fee: number;
  time: number;
}

export type OrderStatus = 'new' | 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'unknown';

export interface OrderResult {
  status: OrderStatus;
  fills: Fill[];
  reason?: string;
}

/** The broker port: paper (default) or live through ccxt. */
export interface Broker {
  readonly name: string;
  submit(order: OrderRequest, signal?: AbortSignal): Promise<OrderResult>;
}
