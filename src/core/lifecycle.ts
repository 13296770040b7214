/** Every long-running part: the kernel starts them in dependency order and stops them in reverse. stop() is idempotent. */
export interface Service {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}
