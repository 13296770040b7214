/** Every long-running part: the kernel starts them in dependency order and stops them in reverse. stop() is idempotent. */
export interface Service {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** A service from two functions (either may do nothing): a part whose start and stop are not its own methods. */
export function service(name: string, start: () => Promise<void> | void, stop: () => Promise<void> | void = () => undefined): Service {
  return { name, start, stop };
}

export interface LifecycleHooks {
  /** Hears a failure to start before what had started is stopped (a notifier can still tell someone). */
  onStartFailure?: (service: Service, error: unknown) => void;
  /** Hears each failure to stop (the others still stop). */
  onStopFailure?: (service: Service, error: unknown) => void;
}

/**
 * Starts services one after another, in the order given, and stops the started ones in reverse. A service that fails
 * to start stops those already started (the failure is then rethrown), so nothing is left half up. stop() is
 * idempotent, waits for a start under way, and stops every started service even when one of them fails to stop (the
 * first failure is rethrown once all have been asked). A lifecycle runs once: it cannot start again after stop().
 */
export class Lifecycle {
  private readonly started: Service[] = [];
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly services: readonly Service[],
    private readonly hooks: LifecycleHooks = {},
  ) {}

  /** Names of the services up now, in start order. */
  get running(): string[] {
    return this.started.map((s) => s.name);
  }

  start(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this lifecycle was stopped; build a new one to start again'));
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    for (const service of this.services) {
      // A stop asked for while starting: go no further, stop() then stops what is up.
      if (this.stopping) return;
      try {
        await service.start();
      } catch (error) {
        this.hooks.onStartFailure?.(service, error);
        await this.stopStarted().catch(() => undefined);
        throw error;
      }
      this.started.push(service);
    }
  }

  private async stopAll(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.stopStarted();
  }

  private async stopStarted(): Promise<void> {
    let first: { error: unknown } | null = null;
    for (let service = this.started.pop(); service; service = this.started.pop()) {
      try {
        await service.stop();
      } catch (error) {
        this.hooks.onStopFailure?.(service, error);
        first ??= { error };
      }
    }
    if (first) throw first.error;
  }
}
