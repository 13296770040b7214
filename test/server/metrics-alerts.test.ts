import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { MarketData } from '../../src/market/market-port.js';
import { freePort } from '../helpers/daemon-process.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import { parsePrometheusText, total, type Family } from '../helpers/prom-text.js';

/**
 * What an operator alerts on at 3 a.m., in /metrics and current at the scrape: the health line carries each of these,
 * and an alert rule needs them as series, not as a JSON log line.
 */
async function scrape(port: number): Promise<Map<string, Family>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const values = (families: Map<string, Family>, name: string, label: string): Record<string, number> =>
  Object.fromEntries((families.get(name)?.samples ?? []).map((s) => [s.labels[label] ?? '', s.value]));

describe('/metrics for alerts', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const h of harnesses.splice(0)) await h.kernel.stop();
  });

  async function started(env: Record<string, string> = {}, market?: MarketData, clock?: VirtualClock): Promise<{ h: Harness; port: number }> {
    const port = await freePort();
    const h = await virtualKernel(Object.assign({ CONCLAVE_HTTP_PORT: String(port) }, env), Object.assign({}, market ? { market } : {}, clock ? { clock } : {}));
    harnesses.push(h);
    await h.kernel.start();
    return { h, port };
  }

  it('says the kill switch is on at the next scrape, without waiting for a health line, and off once resumed', async () => {
    const { h, port } = await started();
    expect(total(await scrape(port), 'conclave_halted')).toBe(0);
    h.kernel.killSwitch.halt('operator test');
    expect(total(await scrape(port), 'conclave_halted')).toBe(1);
    h.kernel.killSwitch.resume();
    expect(total(await scrape(port), 'conclave_halted')).toBe(0);
  });

  it('says which loop is stale and what is stalled, as /healthz judges them, one series per loop', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    // The exchange answers no bars at all: the model scanner never succeeds.
    const market: MarketData = {
      name: 'fake-exchange',
      symbols: () => ['BTC/USDT'],
      bars: async () => {
        throw new Error('exchange unreachable');
      },
      price: async () => 100,
    };
    const { h, port } = await started({ CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' }, market, clock);
    const fresh = await scrape(port);
    const loops = Object.keys(h.kernel.loopStats());
    expect(Object.keys(values(fresh, 'conclave_loop_stale', 'loop')).sort()).toEqual([...loops].sort());
    expect(total(fresh, 'conclave_loop_stale')).toBe(0);
    expect(values(fresh, 'conclave_stalled', 'part')).toEqual({ market: 0, consumer: 0 });

    await runFor(clock, 4 * h.config.modelScanIntervalMs);
    const later = await scrape(port);
    const live = h.kernel.liveness();
    expect(live.stale).toContain('modelScanner');
    const stale = values(later, 'conclave_loop_stale', 'loop');
    for (const loop of loops) expect(stale[loop], loop).toBe(live.stale.includes(loop) ? 1 : 0);
    const stalled = values(later, 'conclave_stalled', 'part');
    for (const part of ['market', 'consumer']) expect(stalled[part], part).toBe(live.stalled.includes(part) ? 1 : 0);
  });

  it('says when the ledger identity breaks: money that appeared in cash from nowhere', async () => {
    const { h, port } = await started();
    expect(total(await scrape(port), 'conclave_ledger_ok')).toBe(1);
    const account = h.kernel.store.account();
    h.kernel.store.saveAccount(Object.assign({}, account, { cash: account.cash + 1000 }), h.clock.now());
    expect(h.kernel.trader.ledger().ok).toBe(false);
    expect(total(await scrape(port), 'conclave_ledger_ok')).toBe(0);
  });

  it('counts positions the market cannot price; exports no unprotected count where no stop rests on an exchange (paper)', async () => {
    const { port } = await started();
    const families = await scrape(port);
    expect(total(families, 'conclave_positions_unpriced')).toBe(0);
    expect(families.has('conclave_positions_unprotected')).toBe(false);
  });

  it('drops the equity it cannot value now rather than serve the last figure as current', async () => {
    const { h, port } = await started();
    expect(total(await scrape(port), 'conclave_equity')).toBeCloseTo(h.kernel.trader.equity(), 6);
    vi.spyOn(h.kernel.trader, 'equity').mockReturnValue(NaN);
    expect((await scrape(port)).get('conclave_equity')!.samples).toHaveLength(0);
  });

  it('drops the ledger check it cannot make now (the store failing) rather than serve the last "ok" as current', async () => {
    const { h, port } = await started();
    expect(total(await scrape(port), 'conclave_ledger_ok')).toBe(1);
    vi.spyOn(h.kernel.trader, 'ledger').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    expect((await scrape(port)).get('conclave_ledger_ok')?.samples ?? []).toHaveLength(0);
  });
});
