import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadEnvFile } from '../../src/config/env-file.js';

const LINES = 'CONCLAVE_HTTP_PORT=18499\r\nCONCLAVE_DATA_DIR=/srv/conclave\r\n';
const fileOf = (bytes: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'conclave-envfile-')), 'conclave.env');
  writeFileSync(file, bytes);
  return file;
};

/** An env file saved by Windows tools: read as UTF-8 it held no key, and the daemon started on its defaults elsewhere. */
describe('the encoding of an environment file', () => {
  it('reads UTF-16 with a byte-order mark, little- and big-endian, as PowerShell and Notepad save it', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINES, 'utf16le')]);
    const be = Buffer.from(Buffer.concat([Buffer.from(LINES, 'utf16le')]).swap16());
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const env: NodeJS.ProcessEnv = {};
      loadEnvFile(fileOf(bytes), env);
      expect(env).toEqual({ CONCLAVE_HTTP_PORT: '18499', CONCLAVE_DATA_DIR: '/srv/conclave' });
    }
  });

  it('refuses bytes that are not text, naming the file, rather than reading no key', () => {
    const file = fileOf(Buffer.from([0x43, 0x00, 0x4f, 0x00, 0xc3, 0x28, 0x0a]));
    expect(() => loadEnvFile(file, {})).toThrow(ConfigError);
    expect(() => loadEnvFile(file, {})).toThrow(/conclave\.env is not text in UTF-8 \(or UTF-16 with a byte-order mark\): save it as UTF-8/);
  });
});

/** The file systemd's EnvironmentFile= reads for the daemon, checked by `conclave config --environment-file`. */
describe('a "#" in an environment file', () => {
  it('is refused outside quotes, where dotenv and systemd read two values; a comment line and a quoted "#" are read', () => {
    // `config` said valid, dotenv cutting "8080   # ..." to 8080; the service, given the whole of it, exited 78.
    const inline = fileOf(Buffer.from('# the port\nCONCLAVE_HTTP_PORT=8080   # for the load balancer\n'));
    expect(() => loadEnvFile(inline, {})).toThrow(/conclave\.env, line 2: CONCLAVE_HTTP_PORT's value holds a "#" outside quotes; .*systemd's EnvironmentFile= keeps it.*Put a comment on a line of its own; quote a value whose "#" belongs to it \(CONCLAVE_HTTP_PORT='\.\.\.'\)\.$/);
    expect(() => loadEnvFile(fileOf(Buffer.from('CONCLAVE_NEWS_FEEDS=["https://example.com/rss#top"]\n')), {})).toThrow(/line 1: CONCLAVE_NEWS_FEEDS's value holds a "#"/);
    const env: NodeJS.ProcessEnv = {};
    loadEnvFile(fileOf(Buffer.from(`# the port\nCONCLAVE_HTTP_PORT=8080\nCONCLAVE_NEWS_FEEDS='["https://example.com/rss#top"]'\n`)), env);
    expect(env).toEqual({ CONCLAVE_HTTP_PORT: '8080', CONCLAVE_NEWS_FEEDS: '["https://example.com/rss#top"]' });
  });
});

