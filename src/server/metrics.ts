import type { HealthSnapshot } from '../health/health-loop.js';

/** Prometheus text exposition of the health snapshot, for scraping. */
export function renderMetrics(h: HealthSnapshot): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number, labels = '') => {
    if (!lines.some((l) => l.startsWith(`# HELP ${name} `))) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
  };
  gauge('conclave_uptime_seconds', 'Seconds since start.', h.uptimeS);
  gauge('conclave_queue_depth', 'Opportunities waiting.', h.queue.depth);
  gauge('conclave_queue_capacity', 'Queue capacity.', h.queue.capacity);
  gauge('conclave_queue_published_total', 'Opportunities published.', h.queue.published);
  gauge('conclave_queue_dropped_total', 'Opportunities dropped.', h.queue.dropped);
  for (const [name, loop] of Object.entries(h.loops)) {
    gauge('conclave_loop_runs_total', 'Iterations per loop.', loop.runs, `{loop="${name}"}`);
    gauge('conclave_loop_errors_total', 'Failed iterations per loop.', loop.errors, `{loop="${name}"}`);
  }
  gauge('conclave_event_loop_delay_p99_ms', 'Event-loop delay p99 over the last health interval.', h.eventLoopDelayMs.p99);
  gauge('conclave_memory_rss_mb', 'Resident memory.', h.memory.rssMb);
  gauge('conclave_discussions_total', 'Discussions held.', h.discussions.total);
  gauge('conclave_agent_failures_total', 'Agent errors, timeouts and invalid answers.', h.discussions.agentFailures);
  gauge('conclave_positions_open', 'Open positions.', h.positions.open);
  gauge('conclave_equity', 'Account equity.', h.equity);
  return lines.join('\n') + '\n';
}
