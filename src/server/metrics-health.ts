import { Gauge, type Registry } from 'prom-client';
import type { HealthSnapshot } from '../health/health-loop.js';
import { storeSizeBytes } from './metrics-read.js';

/** Gauges read off the latest health snapshot at scrape time (absent until the health line carries the figure). */
export function healthGauges(registers: Registry[], health: () => HealthSnapshot | null): void {
  new Gauge({
    name: 'conclave_store_size_bytes',
    help: "The SQLite store's size on disk in bytes (database and WAL), as the last health line reports it (absent until it does).",
    registers,
    collect() {
      // remove(), not reset(): a gauge without labels resets to 0, which would read as an empty store.
      this.remove();
      const bytes = storeSizeBytes(health());
      if (bytes !== null) this.set(bytes);
    },
  });
  // For an alert on the machine's clock drifting from the exchange's (candles are judged by the exchange's time, and
  // orders are refused past its window): the health line's exchangeClock, on an exchange only.
  new Gauge({
    name: 'conclave_exchange_clock_offset_seconds',
    help: "This machine's clock minus the exchange's in seconds, measured from its answers' Date header (stat offset, positive: ahead), and its uncertainty (stat uncertainty).",
    labelNames: ['stat'],
    registers,
    collect() {
      // Absent, not the last estimate, once the health line no longer carries one.
      this.reset();
      const clock = health()?.['exchangeClock'] as { offsetMs?: unknown; uncertaintyMs?: unknown } | null | undefined;
      if (typeof clock?.offsetMs !== 'number' || typeof clock.uncertaintyMs !== 'number') return;
      this.set({ stat: 'offset' }, clock.offsetMs / 1000);
      this.set({ stat: 'uncertainty' }, clock.uncertaintyMs / 1000);
    },
  });
}
