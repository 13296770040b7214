import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig({ env });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('a refused setting quoted in its error', () => {
  it('hides what may be a secret in it: URL credentials and query values, another setting run into it', () => {
    // An env file's missing line break put the exchange secret into the port's value, quoted in full.
    const runIn = refusal({ CONCLAVE_HTTP_PORT: '0CONCLAVE_EXCHANGE_SECRET=SuperSecretValue987' });
    expect(runIn).toContain('CONCLAVE_HTTP_PORT="0CONCLAVE_EXCHANGE_SECRET=(not shown: another setting on this line? put each on its own line)" is not a number');
    const withCredentials = refusal({ CONCLAVE_CCXT_API_BASE_URL: 'http://user:SuperSecretValue987@127.0.0.1:9' });
    expect(withCredentials).toContain('"http://(credentials not shown)@127.0.0.1:9"');
    const feeds = refusal({ CONCLAVE_NEWS_FEEDS: '["https://news.example/feed?apikey=FEEDQUERYSECRET5", "ftp://x"]' });
    expect(feeds).toContain('apikey=(not shown)');
    for (const message of [runIn, withCredentials, feeds]) expect(message).not.toMatch(/SuperSecretValue987|FEEDQUERYSECRET5/);
  });
});
