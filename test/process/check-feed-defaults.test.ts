import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDefault } from '../../src/config/config.js';
import { FEED_DEFAULTS } from '../../src/news/feed-limits.js';

const FEED = resolve('../shared/data/feeds/rss-parser__heise.atom');

describe("check-feed's limits without a configuration are the configuration's defaults", () => {
  it('follows config/default.json, not a copy of its numbers', () => {
    // An installed copy whose defaults file says 2048 bytes and 900 ms: check-feed wrote 5 MiB and 15000 as literals.
    const root = mkdtempSync(join(tmpdir(), 'conclave-defaults-'));
    for (const part of ['bin', 'dist', 'config', 'package.json']) cpSync(resolve(part), join(root, part), { recursive: true });
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const defaults = JSON.parse(readFileSync(resolve('config/default.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(root, 'config/default.json'), JSON.stringify({ ...defaults, feedMaxBytes: 2048, feedTimeoutMs: 900 }, null, 2));
    const run = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/conclave.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', CONCLAVE_CONFIG: join(root, 'missing.json') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    // Its configuration unreadable (CONCLAVE_CONFIG names no file): the defaults still come from the defaults file.
    const r = run(['check-feed', FEED]);
    expect(r.stderr).toMatch(/configuration not read/);
    expect(r.stderr).toMatch(/over the 2048-byte limit \(raise feedMaxBytes, or give --max-bytes/);
    expect(r.status).toBe(1);
    const help = run(['help', 'check-feed']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('fetch timeout (default: feedTimeoutMs of the configuration, 900)');
    expect(help).toContain('(default: feedMaxBytes of the configuration, 2048)');
  });

  it('the news modules\' own fallback (a caller naming no limit) is the defaults file\'s', () => {
    // The news folder cannot import the configuration (a cycle): this holds its copy equal to config/default.json.
    expect(FEED_DEFAULTS).toEqual({ timeoutMs: configDefault('feedTimeoutMs'), maxBytes: configDefault('feedMaxBytes') });
  });
});
