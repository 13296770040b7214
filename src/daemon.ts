import { LiveClock } from './core/clock.js';
import { loadConfig, type Config } from './config/config.js';
import { ConfigError, EXIT_CONFIG, EXIT_FATAL, EXIT_OK, errorMessage, exitCodeFor } from './core/errors.js';
import { tuneGarbageCollector } from './core/gc-tuning.js';
import { createLogger } from './core/logger.js';
import { StopSignals } from './core/stop-signals.js';
import { Kernel, storeFile } from './kernel/kernel.js';
import { StoreLock, StoreLockedError } from './store/store-lock.js';

export interface DaemonOptions {
  configFile?: string;
}

/** Hard limit for a graceful stop: the contract promises exit within 10 s of SIGTERM. */
const STOP_DEADLINE_MS = 9_000;
const START_FAILED = 'start failed';

/**
 * Runs the daemon until SIGTERM, SIGINT or SIGHUP. Resolves with the exit code: 0 after a graceful stop, 78 for bad
 * configuration, 1 for anything else fatal (including an unhandled rejection, which is logged first, another daemon
 * on the same store, and a store deleted or unwritable under the daemon). The caller exits the process with it.
 */
export async function runDaemon(options: DaemonOptions = {}): Promise<number> {
  tuneGarbageCollector();
  const clock = new LiveClock();
  const bootLog = createLogger({ level: 'info', clock });
  // Handled from the start: a signal during start-up stops the daemon as soon as it is built, never half-way.
  const signals = new StopSignals();
  let config: Config;
  try {
    config = loadConfig({
      dotenv: true,
      warn: (message) => bootLog.warn(message),
      ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLog.fatal({ key: error.key, exitCode: EXIT_CONFIG }, error.message);
      process.stderr.write(`conclave: configuration error: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }

  // One daemon per store: taken before the store is opened, so a second daemon writes nothing.
  let lock: StoreLock;
  try {
    lock = StoreLock.acquire(storeFile(config), clock.now(), config.dataDir);
  } catch (error) {
    bootLog.fatal(error instanceof StoreLockedError ? { owner: error.owner, lock: error.lockFile } : { err: error }, errorMessage(error));
    process.stderr.write(`conclave: ${errorMessage(error)}\n`);
    return exitCodeFor(error);
  }

  let kernel: Kernel;
  try {
    kernel = await Kernel.create(config, { clock });
  } catch (error) {
    lock.release();
    bootLog.fatal({ err: error }, `cannot build conclave: ${errorMessage(error)}`);
    process.stderr.write(`conclave: ${errorMessage(error)}\n`);
    return exitCodeFor(error);
  }

  return new Promise<number>((done) => {
    const resolve = (code: number) => {
      lock.release();
      done(code);
    };
    let exiting = false;
    const finish = async (code: number, why: string, error?: unknown) => {
      if (exiting) return;
      exiting = true;
      signals.armHardDeadline(why);
      // Notifiers send it while the kernel stops (best effort, bounded by their stop deadline). A failed start was
      // told by the kernel itself, before it stopped what had started.
      if (code !== EXIT_OK && why !== START_FAILED) kernel.bus.emit('fatal', { reason: why, error: errorMessage(error ?? why) });
      const force = clock.setTimer(STOP_DEADLINE_MS, () => {
        kernel.logger.fatal({ deadlineMs: STOP_DEADLINE_MS }, 'graceful stop did not finish in time; exiting anyway');
        resolve(EXIT_FATAL);
      });
      try {
        if (why !== START_FAILED) kernel.logger.info({ reason: why }, 'shutdown requested');
        await kernel.stop();
        resolve(code);
      } catch (error) {
        kernel.logger.fatal({ err: error }, `shutdown failed: ${errorMessage(error)}`);
        resolve(EXIT_FATAL);
      } finally {
        force();
      }
    };
    // finish catches its own failures; should it still reject (the logger or the timer throwing), exit non-zero.
    const finishFailed = (error: unknown) => {
      process.stderr.write(`conclave: shutdown failed: ${errorMessage(error)}\n`);
      resolve(EXIT_FATAL);
    };
    signals.listen((signal) => {
      if (exiting) kernel.logger.warn({ signal }, 'already stopping; be patient (at most 10 s)');
      finish(EXIT_OK, signal).catch(finishFailed);
    });
    kernel.fatal.on(({ reason, action }) => {
      const message = `${reason}. Trading is halted and conclave stops. What to do: ${action}.`;
      kernel.logger.fatal({ reason, action }, message);
      process.stderr.write(`conclave: ${message}\n`);
      finish(EXIT_FATAL, 'fatal', reason).catch(finishFailed);
    });
    process.on('unhandledRejection', (reason) => {
      kernel.logger.fatal({ err: reason }, `unhandled promise rejection: ${errorMessage(reason)}; stopping`);
      finish(EXIT_FATAL, 'unhandledRejection', reason).catch(finishFailed);
    });
    process.on('uncaughtException', (error) => {
      kernel.logger.fatal({ err: error }, `uncaught exception: ${errorMessage(error)}; stopping`);
      finish(EXIT_FATAL, 'uncaughtException', error).catch(finishFailed);
    });
    if (signals.signal) return; // stopped before it started: the listener above is stopping it
    kernel.start().catch((error: unknown) => {
      if (kernel.startFailure?.error !== error) kernel.logger.fatal({ err: error }, `conclave cannot start: ${errorMessage(error)}`);
      process.stderr.write(`conclave: cannot start: ${errorMessage(error)}\n`);
      finish(exitCodeFor(error), START_FAILED, error).catch(finishFailed);
    });
  });
}
