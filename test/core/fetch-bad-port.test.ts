import { describe, expect, it } from 'vitest';
import { describeFetchFailure } from '../../src/core/fetch-failure.js';
import { isTransient } from '../../src/core/transient.js';

/**
 * fetch refuses the Fetch standard's blocked ports (6000, 6665-6669, 10080...) before connecting, with a bare
 * "bad port". A feed, webhook or LLM URL on one was retried as a transient network error at every scan, with "check
 * the URL and the network". It is permanent, and the message says what to do. (Nothing leaves 127.0.0.1: fetch
 * refuses before any connection.)
 */
describe('a URL on a port fetch refuses', () => {
  it('is a permanent failure whose message says to use another port', async () => {
    const url = 'http://127.0.0.1:6000/feed.xml';
    const error = await fetch(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    const described = describeFetchFailure(url, error) as Error;
    expect(described.message).toMatch(/127\.0\.0\.1:6000.*bad port.*fetch refuses this port.*another port/);
    expect(isTransient(described)).toBe(false);
    expect(isTransient(error)).toBe(false);
  });
});
