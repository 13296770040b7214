import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/daemon-process.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import { parsePrometheusText, type Family } from '../helpers/prom-text.js';

interface Target {
  expr: string;
  legendFormat?: string;
}
interface Panel {
  title: string;
  type: string;
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults?: { unit?: string } };
}

const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: Panel[] };
/** Every panel, those inside rows included. */
const panels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...panels(p.panels ?? [])]);
/** Labels Prometheus adds to every series it scrapes. */
const TARGET_LABELS = ['job', 'instance'];
/** Exported only where they mean something; this paper daemon has none of them. */
const ONLY_WITH: Record<string, string> = { conclave_positions_unprotected: 'exchangeStop' };
const METRIC = /\b((?:conclave|nodejs|process)_[a-z0-9_]+)/g;

let h: Harness;
let families: Map<string, Family>;
beforeAll(async () => {
  const port = await freePort();
  h = await virtualKernel({ CONCLAVE_HTTP_PORT: String(port) });
  await h.kernel.start();
  // Hours of trading, so the histograms and the labelled counters have series to compare values with.
  await runFor(h.clock, 6 * 3600_000);
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  families = parsePrometheusText(await res.text());
});
afterAll(async () => h?.kernel.stop());

/** The family a name in a query belongs to (a histogram's _bucket, _sum, _count are its family's). */
function familyName(name: string): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && families.get(base)?.type === 'histogram') return base;
  }
  return name;
}

/** The label names a metric is declared with (prom-client's), whether or not it has a series yet. */
function labelNames(name: string): string[] {
  const metric = h.kernel.metrics.registry.getSingleMetric(name) as unknown as { labelNames?: string[] } | undefined;
  return metric?.labelNames ?? [...new Set(families.get(name)?.samples.flatMap((s) => Object.keys(s.labels)) ?? [])];
}

describe('the Grafana dashboard in deploy/', () => {
  const all = panels(dashboard.panels).filter((p) => (p.targets ?? []).length > 0);

  /** What is wrong with the panels' queries against what this daemon exports. */
  function queryProblems(list: Panel[]): string[] {
    const problems: string[] = [];
    for (const panel of list) {
      for (const { expr, legendFormat } of panel.targets!) {
        const names = [...expr.matchAll(METRIC)].map((m) => m[1]!);
        const bases = names.map(familyName);
        for (const [i, base] of bases.entries()) if (!families.has(base) && !(base in ONLY_WITH)) problems.push(`${panel.title}: ${names[i]} is not exported`);
        const usesBuckets = names.some((n) => n.endsWith('_bucket'));
        const known = new Set([...TARGET_LABELS, ...bases.flatMap(labelNames), ...(usesBuckets ? ['le'] : [])]);
        // Matchers in selectors: the label exists, and an exact value is one the daemon gives it.
        for (const sel of expr.matchAll(/\b([a-z0-9_]+)\{([^}]*)\}/g)) {
          const base = familyName(sel[1]!);
          for (const m of sel[2]!.matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
            const [, label, op, value] = m as unknown as [string, string, string, string];
            if (!known.has(label)) problems.push(`${panel.title}: ${base} has no label ${label}`);
            const seen = new Set(families.get(base)?.samples.map((s) => s.labels[label]));
            if (op === '=' && !TARGET_LABELS.includes(label) && seen.size > 0 && !seen.has(value)) problems.push(`${panel.title}: ${base}{${label}} is never "${value}" (${[...seen].join(', ')})`);
          }
        }
        const grouped = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((l) => l.trim()).filter(Boolean));
        for (const label of grouped) if (!known.has(label)) problems.push(`${panel.title}: groups by ${label}, which ${bases.join(', ')} do not carry`);
        // A legend names what is left after the query: the grouped labels when it aggregates, else the series'.
        const byLabels = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((l) => l.trim()));
        const aggregates = /\b(sum|avg|max|min|count)\b/.test(expr);
        for (const m of (legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
          const label = m[1]!;
          const left = aggregates ? byLabels.includes(label) : known.has(label);
          if (!left) problems.push(`${panel.title}: legend {{${label}}} names a label the query does not return`);
        }
        for (const m of expr.matchAll(/\b(?:rate|increase|irate)\((\w+)/g)) {
          const type = families.get(familyName(m[1]!))?.type;
          if (type !== 'counter' && type !== 'histogram') problems.push(`${panel.title}: rate of ${m[1]}, a ${type}`);
        }
      }
    }
    return problems;
  }

  it('asks only for metrics the daemon exports, with labels they carry and values they take', () => {
    expect(queryProblems(all)).toEqual([]);
  });

  it('would see a query naming a metric, a label or a label value the daemon does not export', () => {
    const panel = (expr: string, legendFormat?: string): Panel => ({ title: expr, type: 'timeseries', targets: [Object.assign({ expr }, legendFormat ? { legendFormat } : {})] });
    const wrong = [
      panel('conclave_equity_usd'),
      panel('sum by (symbol) (rate(conclave_orders_total[5m]))'),
      panel('conclave_event_loop_delay_seconds{stat="p95"}'),
      panel('conclave_loop_stale{name="consumer"}'),
      panel('sum by (action) (rate(conclave_verdicts_total[5m]))', '{{rule}}'),
      panel('rate(conclave_queue_depth[5m])'),
    ];
    for (const p of wrong) expect(queryProblems([p]).length, p.title).toBeGreaterThan(0);
  });

  it('shows each metric in its unit: seconds as s, bytes as bytes, basis points as bps, equity as a plain number (its quote currency is the account’s, not always dollars)', () => {
    const problems: string[] = [];
    for (const panel of all) {
      const unit = panel.fieldConfig?.defaults?.unit;
      const bases = panel.targets!.flatMap((t) => [...t.expr.matchAll(METRIC)].map((m) => familyName(m[1]!)));
      const expect1 = (ok: (u: string | undefined) => boolean, what: string) => {
        if (!ok(unit)) problems.push(`${panel.title}: unit ${unit ?? 'none'}, but it shows ${what}`);
      };
      if (bases.every((b) => b.endsWith('_seconds'))) expect1((u) => u === 's', 'seconds');
      else if (bases.every((b) => b.endsWith('_bytes'))) expect1((u) => u === 'bytes' || u === 'decbytes', 'bytes');
      else if (bases.every((b) => b.endsWith('_bps'))) expect1((u) => /\bbps$/.test(u ?? ''), 'basis points');
      else if (bases.every((b) => b === 'conclave_equity')) expect1((u) => u === 'short' || u === 'none', 'money in the quote currency (a currency unit would show $ beside USDT or EUR)');
      else if (bases.some((b) => /_(seconds|bytes|bps)$/.test(b))) problems.push(`${panel.title}: mixes units (${bases.join(', ')})`);
    }
    expect(problems).toEqual([]);
  });

  it('has a panel for what an operator is paged for: halt, stale loops, unprotected positions, the ledger', () => {
    const titles = all.map((p) => p.title.toLowerCase());
    for (const wanted of ['equity', 'verdicts by action', 'agent latency', 'discussion latency', 'queue', 'event-loop delay', 'breakers', 'orders by status', 'halted', 'ledger']) {
      expect(titles.some((t) => t.includes(wanted)), wanted).toBe(true);
    }
    const queried = new Set(all.flatMap((p) => p.targets!.flatMap((t) => [...t.expr.matchAll(METRIC)].map((m) => m[1]!))));
    for (const name of ['conclave_halted', 'conclave_loop_stale', 'conclave_stalled', 'conclave_positions_unprotected', 'conclave_ledger_ok', 'conclave_source_breaker_state']) {
      expect(queried.has(name), name).toBe(true);
    }
  });
});
