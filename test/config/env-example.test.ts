import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, envName } from '../../src/config/config-schema.js';
import { defaultConfigPath } from '../../src/config/config.js';

/**
 * deploy/conclave.env.example shows keys commented out at their values: an operator uncomments the one to change and
 * reads the others as the defaults. So each shown value is the default, but for the lines that are examples to fill in.
 */
const EXAMPLES = new Set(['CONCLAVE_LIVE_CONFIRM', 'CONCLAVE_HTTP_PORT', 'CONCLAVE_NOTIFY_WEBHOOK_URL', 'CONCLAVE_NOTIFY_TELEGRAM_TOKEN', 'CONCLAVE_NOTIFY_TELEGRAM_CHAT_ID']);

describe('deploy/conclave.env.example', () => {
  it('shows each key at its default (but the examples to fill in), and only keys that exist', () => {
    const defaults = JSON.parse(readFileSync(defaultConfigPath(), 'utf8')) as Record<string, unknown>;
    const byEnv = new Map(CONFIG_KEYS.map((key) => [envName(key), key]));
    const text = readFileSync(new URL('../../deploy/conclave.env.example', import.meta.url), 'utf8');
    const shown = [...text.matchAll(/^#(CONCLAVE_[A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(shown.length).toBeGreaterThan(10);
    for (const [name, value] of shown) {
      if (name === 'CONCLAVE_CONFIG' || EXAMPLES.has(name)) continue;
      const key = byEnv.get(name);
      expect(key, `${name} is not a configuration key`).toBeDefined();
      const fallback = defaults[key!];
      expect(value, name).toBe(typeof fallback === 'string' ? fallback : JSON.stringify(fallback));
    }
  });
});
