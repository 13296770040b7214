import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../helpers/daemon-process.js';
import { answered, runAnswered, runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import { parsePrometheusText } from '../helpers/prom-text.js';

/**
 * /metrics stays small and cheap however large the daemon's world grows: no label takes a symbol (or any value from
 * outside: an order id, an error text), and a scrape reads no table that grows with history.
 */
const universe = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ symbol: `S${String(i).padStart(4, '0')}`, name: `Symbol ${i}` })));

async function scrapeText(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('/metrics at scale', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const h of harnesses.splice(0)) await h.kernel.stop();
  });

  async function started(env: Record<string, string>): Promise<{ h: Harness; port: number }> {
    const port = await freePort();
    const h = await virtualKernel(Object.assign({ CONCLAVE_HTTP_PORT: String(port) }, env));
    harnesses.push(h);
    await h.kernel.start();
    return { h, port };
  }

  it('with a universe of 1,000 symbols, has no label that takes a symbol, and is no larger than with 3', async () => {
    const sizes: number[] = [];
    for (const n of [3, 1000]) {
      const { h, port } = await started({ CONCLAVE_UNIVERSE: universe(n) });
      await runFor(h.clock, 3600_000);
      expect(h.kernel.consumer.stats().total).toBeGreaterThan(0);
      const text = await scrapeText(port);
      const symbols = new Set(JSON.parse(universe(n)).map((u: { symbol: string }) => u.symbol));
      for (const family of parsePrometheusText(text).values()) {
        for (const sample of family.samples) for (const [label, value] of Object.entries(sample.labels)) expect(symbols.has(value), `${sample.name}{${label}="${value}"}`).toBe(false);
      }
      sizes.push(Buffer.byteLength(text));
    }
    // The same families and label sets either way: what differs is which verdict rules and order statuses occurred.
    expect(sizes[1]!).toBeLessThan(64 * 1024);
    expect(sizes[1]! / sizes[0]!).toBeLessThan(1.25);
    // About 20 s alone; beside the page tests on 2 cores it once took 61 s.
  }, 180_000);

  it('reads no table that grows with history at a scrape', async () => {
    const { h, port } = await started({});
    // What the start and each step began settles first (the clock still until every call to the outside has been
    // answered, and the turns after): only the scrape's own statements are recorded, however slow the machine.
    await runAnswered(h.clock, 3600_000);
    const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<'all' | 'get' | 'iterate' | 'run', (...args: unknown[]) => unknown>;
    const read: string[] = [];
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const original = statement[method];
      vi.spyOn(statement, method).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
        read.push(this.source);
        return original.apply(this, args);
      });
    }
    // Nothing else reads the store now, the clock still: whatever the scrape's window records is the scrape's.
    await answered(h.clock);
    expect(read).toEqual([]);
    await scrapeText(port);
    const history = /\b(opportunities|verdicts|agent_signals|risk_decisions|orders|fills|position_events|equity_history|news_seen\w*|forward_returns\w*|operator_actions)\b/;
    expect(read.filter((sql) => history.test(sql))).toEqual([]);
    // The spy sees the store's reads: a count of the verdicts made here is recorded.
    h.kernel.store.db.prepare('SELECT COUNT(*) n FROM verdicts').get();
    expect(read.filter((sql) => history.test(sql))).toHaveLength(1);
  });
});
