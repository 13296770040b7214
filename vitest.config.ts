import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores − 1) runs the suite one file at a time on 2 cores, yet much of it waits on loopback
    // sockets, child processes and a browser rather than the CPU: two forks there took the run from 1,107 s to 764 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
