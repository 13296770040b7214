import { Counter, Gauge, type Registry } from 'prom-client';
import { Totals } from './metrics-read.js';

/**
 * What an operator alerts on, read at scrape time from the parts' in-memory state (never a store scan): each is the
 * health line's judgement of now, not of its last tick, so an alert neither waits a health interval nor outlives it.
 */
export interface AlertProviders {
  /** New entries are halted (entry-halt.ts): the kill switch (`conclave halt`, a HALT file, the drawdown limit), a fatal condition, a damaged store. */
  halted: () => boolean;
  /** The loops with their staleness (/healthz's), and what is alive but not working (`market`, `consumer`). */
  liveness: () => { loops: string[]; stale: string[]; stalled: string[] };
  /** Open positions the market refuses to price for good. */
  unpriced: () => number;
  /** exchangeStop on: open positions with no protective stop resting on the exchange; absent when it is off. */
  unprotected?: () => number;
  /** The ledger identity (cash + open cost = starting cash + realised P&L − fees) holds. */
  ledgerOk: () => boolean;
  /** Failed passes of the background WAL checkpointer since start; absent with storeCheckpoint=inline. */
  checkpointFailures?: () => number;
}

/** The parts `stalled` may name: always exported, 0 or 1, so an alert on 1 never meets an absent series. */
const STALLED_PARTS = ['market', 'consumer'] as const;

export function alertMetrics(registers: Registry[], providers: AlertProviders, read: <T>(fn: () => T, fallback: T) => T): void {
  const flag = (value: boolean) => (value ? 1 : 0);
  /** A yes/no gauge: 1 or 0, absent when `value` cannot be read now. */
  const yesNo = (name: string, help: string, value: () => boolean) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        // remove(), as the equity gauge does: otherwise the last answer would stay as if read now.
        this.remove();
        const now = read<boolean | null>(value, null);
        if (now !== null) this.set(flag(now));
      },
    });
  yesNo('conclave_halted', 'Whether new entries are halted (1) by the kill switch, a fatal condition or the store found damaged, else 0; `conclave resume` lifts the kill switch only.', providers.halted);
  new Gauge({
    name: 'conclave_loop_stale',
    help: 'Whether each loop has not succeeded within three of its intervals (1 stale, 0 fresh), as /healthz judges it.',
    labelNames: ['loop'],
    registers,
    collect() {
      this.reset();
      const live = read(providers.liveness, null);
      if (live) for (const loop of live.loops) this.set({ loop }, flag(live.stale.includes(loop)));
    },
  });
  new Gauge({
    name: 'conclave_stalled',
    help: 'Whether a part is alive but not working (1), as /healthz judges it: market (its data stopped advancing), consumer (work waits, nothing finishes).',
    labelNames: ['part'],
    registers,
    collect() {
      this.reset();
      const live = read(providers.liveness, null);
      if (live) for (const part of STALLED_PARTS) this.set({ part }, flag(live.stalled.includes(part)));
    },
  });
  new Gauge({
    name: 'conclave_positions_unpriced',
    help: 'Open positions whose symbol the market refuses to price for good (a delisting): judged on the ticker alone.',
    registers,
    collect() {
      this.set(read(providers.unpriced, 0));
    },
  });
  if (providers.unprotected) {
    const unprotected = providers.unprotected;
    new Gauge({
      name: 'conclave_positions_unprotected',
      help: 'Open positions with no protective stop resting on the exchange (exchangeStop): a crash of the daemon leaves them bare.',
      registers,
      collect() {
        this.set(read(unprotected, 0));
      },
    });
  }
  yesNo('conclave_ledger_ok', 'Whether the ledger identity holds (1): cash + open cost = starting cash + realised P&L - fees; 0 means money appeared or vanished.', providers.ledgerOk);
  if (providers.checkpointFailures) {
    const failures = providers.checkpointFailures;
    const totals = new Totals();
    new Counter({
      name: 'conclave_store_checkpoint_failures_total',
      help: "Failed passes of the store's background WAL checkpointer (each retried): while they fail the WAL grows on disk.",
      registers,
      collect() {
        const total = read<number | null>(failures, null);
        if (total !== null) this.inc(totals.delta('failures', total));
      },
    });
  }
}
