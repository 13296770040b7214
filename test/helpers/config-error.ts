import { ConfigError } from '../../src/core/errors.js';

/** The ConfigError that `fn` throws; fails the test when it throws nothing or something else. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
