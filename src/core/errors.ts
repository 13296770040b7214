/**
 * The error hierarchy. Each kind says what the process does about it:
 * transient → retry with backoff; operational → halt trading, stay up, alert;
 * configuration → exit 78 naming the key; invariant → exit non-zero (a bug or corrupt state).
 */
export abstract class ConclaveError extends Error {
  abstract readonly kind: 'transient' | 'operational' | 'configuration' | 'invariant';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class TransientError extends ConclaveError {
  readonly kind = 'transient' as const;
}

export class OperationalError extends ConclaveError {
  readonly kind = 'operational' as const;
}

/**
 * The source answered, and refused this one request for what it names (a symbol the exchange does not list): the
 * source itself works, so its circuit breaker neither counts it nor lets it shut the other requests out.
 */
export class RefusedRequestError extends OperationalError {}

export class ConfigError extends ConclaveError {
  readonly kind = 'configuration' as const;
  constructor(
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class InvariantError extends ConclaveError {
  readonly kind = 'invariant' as const;
}

export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
/** EX_CONFIG from sysexits.h: systemd and supervisors read it as "fix the configuration, do not restart". */
export const EXIT_CONFIG = 78;

export function exitCodeFor(error: unknown): number {
  return error instanceof ConfigError ? EXIT_CONFIG : EXIT_FATAL;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
