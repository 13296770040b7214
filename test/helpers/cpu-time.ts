/**
 * Runs `work` and returns its result with the CPU time (user and system, in ms) this process spent meanwhile. A bound on
 * how much work a call does (linear, not quadratic) holds on CPU time whatever else the machine runs; the wall clock
 * also counts the time other processes held the cores, ten times the work's own on a busy CI machine.
 */
export function cpuMsOf<T>(work: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = work();
  const spent = process.cpuUsage(before);
  return { result, ms: (spent.user + spent.system) / 1000 };
}
