import type { Logger } from '../core/logger.js';
import type { OrderResult } from '../domain/order.js';

/** The live broker's orders whose fills lack a reported fee (marked `feeUnknown` by the mapping): counted and said once each. */
export class UnknownFees {
  /** Orders already reported (bounded: the oldest are forgotten), so each is counted once. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly exchangeId: string,
    private readonly counts: { feeUnknownOrders: number },
    private readonly logger?: Logger,
  ) {}

  note(result: OrderResult): OrderResult {
    const unknownFee = result.fills.find((f) => f.feeUnknown);
    if (unknownFee && !this.seen.has(unknownFee.clientOrderId)) {
      this.seen.add(unknownFee.clientOrderId);
      if (this.seen.size > 1000) this.seen.delete(this.seen.values().next().value!);
      this.counts.feeUnknownOrders++;
      this.logger?.warn(
        { clientOrderId: unknownFee.clientOrderId, symbol: unknownFee.symbol, feeUnknownOrders: this.counts.feeUnknownOrders },
        unknownFee.feeCurrency
          ? `${this.exchangeId} charged order ${unknownFee.clientOrderId}'s fee in ${unknownFee.feeCurrency}, which conclave does not value: recorded as 0 and marked feeUnknown (fees and P&L read low); pay fees in the quote or base currency to have them counted`
          : `${this.exchangeId} reported no fee for order ${unknownFee.clientOrderId}: recorded as 0 and marked feeUnknown; check the exchange's trade history`,
      );
    }
    return result;
  }
}
