import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_ROLES } from '../../src/agents/agent-port.js';
import { VERDICT_RULES } from '../../src/domain/verdict.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';
import { parsePrometheusText, total, type Family } from '../helpers/prom-text.js';

/** A port free a moment ago (the kernel's own server takes it from configuration). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function scrape(port: number): Promise<{ contentType: string; families: Map<string, Family> }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type') ?? '', families: parsePrometheusText(await res.text()) };
}

const typeOf = (families: Map<string, Family>, name: string) => families.get(name)?.type;

describe('/metrics from prom-client', () => {
  const kernels: Kernel[] = [];
  afterEach(async () => {
    for (const k of kernels.splice(0)) await k.stop();
  });

  it('serves counters, histograms and gauges that parse strictly, and the counters grow with the discussions', async () => {
    const port = await freePort();
    const { kernel, clock } = await virtualKernel({ CONCLAVE_HTTP_PORT: String(port) });
    kernels.push(kernel);
    await kernel.start();

    const before = await scrape(port);
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const types: Record<string, string> = {
      conclave_opportunities_published_total: 'counter',
      conclave_opportunities_consumed_total: 'counter',
      conclave_opportunities_dropped_total: 'counter',
      conclave_loop_runs_total: 'counter',
      conclave_loop_errors_total: 'counter',
      conclave_agent_outcomes_total: 'counter',
      conclave_verdicts_total: 'counter',
      conclave_orders_total: 'counter',
      conclave_fills_total: 'counter',
      conclave_fills_fee_unknown_total: 'counter',
      conclave_source_requests_total: 'counter',
      conclave_agent_latency_seconds: 'histogram',
      conclave_discussion_duration_seconds: 'histogram',
      conclave_slippage_bps: 'histogram',
      conclave_queue_depth: 'gauge',
      conclave_event_loop_delay_seconds: 'gauge',
      conclave_positions_open: 'gauge',
      conclave_equity: 'gauge',
      conclave_source_breaker_state: 'gauge',
      // The process's default metrics, on this kernel's own registry.
      process_cpu_user_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge',
    };
    for (const [name, type] of Object.entries(types)) expect(typeOf(before.families, name), name).toBe(type);
    expect(total(before.families, 'conclave_equity')).toBeCloseTo(kernel.trader.equity(), 6);
    const verdictsBefore = total(before.families, 'conclave_verdicts_total');

    await runFor(clock, 6 * 3600_000);
    const after = (await scrape(port)).families;
    const stats = kernel.consumer.stats();
    expect(stats.total).toBeGreaterThan(5);

    // Counters count what happened, by the labels that explain it.
    expect(total(after, 'conclave_verdicts_total')).toBe(stats.total);
    expect(stats.total).toBeGreaterThan(verdictsBefore);
    for (const action of ['BUY', 'SELL', 'HOLD'] as const) expect(total(after, 'conclave_verdicts_total', { action })).toBe(stats.actions[action]);
    // Every verdict names the chief's rule that decided it.
    expect(Object.keys(VERDICT_RULES).reduce((sum, rule) => sum + total(after, 'conclave_verdicts_total', { rule }), 0)).toBe(stats.total);
    for (const role of AGENT_ROLES) {
      expect(total(after, 'conclave_agent_outcomes_total', { role })).toBe(stats.total);
      expect(total(after, 'conclave_agent_latency_seconds', { role }, 'conclave_agent_latency_seconds_count')).toBe(stats.total);
    }
    const statuses = new Set(after.get('conclave_agent_outcomes_total')!.samples.map((s) => s.labels.status));
    for (const status of statuses) expect(['ok', 'timeout', 'error', 'invalid']).toContain(status);
    expect(total(after, 'conclave_discussion_duration_seconds', {}, 'conclave_discussion_duration_seconds_count')).toBe(stats.total);
    const q = kernel.queue.stats();
    expect(total(after, 'conclave_opportunities_published_total')).toBe(q.published);
    expect(total(after, 'conclave_opportunities_consumed_total')).toBe(q.consumed);
    const loops = kernel.loopStats();
    expect(total(after, 'conclave_loop_runs_total', { loop: 'modelScanner' })).toBe(loops.modelScanner!.runs);
    expect(total(after, 'conclave_loop_runs_total', { loop: 'positionMonitor' })).toBe(loops.positionMonitor!.runs);

    // Trades: orders by status, fills, and the paper broker's slippage (5 bps) measured against the decision's price.
    const filled = total(after, 'conclave_orders_total', { status: 'filled' });
    expect(filled).toBeGreaterThan(0);
    expect(total(after, 'conclave_orders_total', { status: 'submitted' })).toBeGreaterThanOrEqual(filled);
    expect(total(after, 'conclave_fills_total')).toBeGreaterThanOrEqual(filled);
    const buys = total(after, 'conclave_slippage_bps', { side: 'buy' }, 'conclave_slippage_bps_count');
    expect(buys).toBeGreaterThan(0);
    // 5 bps, or less where the bar's high capped it.
    const meanBps = total(after, 'conclave_slippage_bps', { side: 'buy' }, 'conclave_slippage_bps_sum') / buys;
    expect(meanBps).toBeGreaterThan(0);
    expect(meanBps).toBeLessThanOrEqual(5 + 1e-9);
    expect(total(after, 'conclave_positions_open')).toBe(kernel.store.openPositionCount);
    expect(total(after, 'conclave_equity')).toBeCloseTo(kernel.trader.equity(), 6);
  });

  it('counts fills whose fee is unknown, and leaves them out of the fees (a fee in BNB was added as that many dollars)', async () => {
    const h = await virtualKernel();
    kernels.push(h.kernel);
    const fill = { clientOrderId: 'co-1', symbol: 'NOVA', side: 'buy' as const, qty: 1, price: 100, time: 0 };
    h.kernel.bus.emit('fill', Object.assign({}, fill, { fee: 0.1 }));
    h.kernel.bus.emit('fill', Object.assign({}, fill, { fee: 0, feeUnknown: true as const, feeCurrency: 'BNB' }));
    h.kernel.bus.emit('fill', Object.assign({}, fill, { side: 'sell' as const, fee: 0, feeUnknown: true as const }));
    const text = parsePrometheusText((await h.kernel.metrics.render()).body);
    expect(total(text, 'conclave_fees_total')).toBeCloseTo(0.1, 12);
    expect(total(text, 'conclave_fills_fee_unknown_total', { side: 'buy' })).toBe(1);
    expect(total(text, 'conclave_fills_fee_unknown_total')).toBe(2);
  });

  it('gives each kernel its own registry: two kernels in one process do not collide', async () => {
    const a = await virtualKernel();
    const b = await virtualKernel();
    kernels.push(a.kernel, b.kernel);
    a.kernel.bus.emit('risk', { symbol: 'NOVA', outcome: 'rejected', reason: 'test', rule: 'kill_switch' });
    const textA = parsePrometheusText((await a.kernel.metrics.render()).body);
    const textB = parsePrometheusText((await b.kernel.metrics.render()).body);
    expect(total(textA, 'conclave_risk_decisions_total', { rule: 'kill_switch' })).toBe(1);
    expect(textB.get('conclave_risk_decisions_total')!.samples).toHaveLength(0);
  });

  it('rejects what Prometheus would reject', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no TYPE/);
    expect(() => parsePrometheusText('# TYPE x counter\nx{a="1} 1\n')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('# TYPE x counter\nx 1\nx 2\n')).toThrow(/duplicate/);
    expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n')).toThrow(/cumulative/);
    expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 1\n')).toThrow(/\+Inf/);
  });
});
