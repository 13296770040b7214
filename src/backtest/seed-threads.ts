import { freemem, totalmem } from 'node:os';

/**
 * The seeds' worker threads when --jobs is not given: the machine's cores less one (parseJobsArgument), but no more
 * than the memory left holds (a --jobs given is kept, with a note when the memory will not hold it). Each worker loads the files again and runs a seed as the panel ran, so it takes about
 * what the command took for the panel: on a year of minute bars (525,600) the command peaked at 1.1 GB with --jobs 1
 * and 2.2 GB with 2, and the default on 8 cores (7 workers) would have asked for about 5 GB.
 */
export function seedThreads(byCores: number, seeds: number, memory: { free: number; perRun: number }, given?: number): { jobs: number; note?: string } {
  const wanted = Math.min(given ?? byCores, seeds);
  // A fifth kept back for the main thread's report, the system and the estimate's error.
  const fits = Math.max(1, Math.floor((memory.free * 0.8) / Math.max(1, memory.perRun)));
  const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
  if (given !== undefined) {
    // The operator's number is kept; a run killed for memory at its last seed loses every seed before it.
    if (wanted <= 1 || fits >= wanted) return { jobs: given };
    return {
      jobs: given,
      note: `--jobs ${given}: the coin-flip seeds' ${wanted} worker threads take about ${mb(memory.perRun)} each (what the panel's run took), ${mb(wanted * memory.perRun)} in all, and ${mb(memory.free)} of memory are free, which hold about ${fits}: the run may be killed for memory`,
    };
  }
  if (wanted <= 1 || fits >= wanted) return { jobs: byCores };
  return {
    jobs: fits,
    note: `the coin-flip seeds run on ${fits} worker thread${fits === 1 ? '' : 's'}, not ${wanted}: each takes about the ${mb(memory.perRun)} the panel's run took, and ${mb(memory.free)} of memory are free; give --jobs N to choose`,
  };
}

/** Memory this process may still take: the machine's free memory, or less under a container's limit (cgroup). */
export function freeMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  const free = freemem();
  // Unconstrained, Node 20 reports 2^64 (or 0): no limit below the machine's.
  return limit > 0 && limit < totalmem() ? Math.min(free, limit - process.memoryUsage().rss) : free;
}
