import { userInfo } from 'node:os';

/** The OS user's name, or undefined for a uid without a passwd entry (docker run --user 4242). */
export function accountName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** Who runs this process, as a person reads it: the user's name, else its uid. */
export function osUser(): string {
  return accountName() ?? (typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'an unknown user');
}
