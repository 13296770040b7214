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
