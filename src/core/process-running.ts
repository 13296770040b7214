/**
 * Whether a process of this host with that pid is running: signal 0 tests it without sending anything. EPERM means
 * it runs under another user (a daemon under its own account, the command run by an operator).
 */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
