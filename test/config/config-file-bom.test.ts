import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { configError } from '../helpers/config-error.js';

/**
 * A configuration file saved by Windows' Notepad (and some editors' "UTF-8 with BOM") starts with a byte-order mark.
 * It was refused as "not valid JSON: Unexpected token' followed by an invisible character", naming a character nobody can see.
 */
describe('a configuration file that starts with a byte-order mark', () => {
  it('is read as the JSON it holds', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-bom-')), 'my.json');
    writeFileSync(file, '\uFEFF{"queueCapacity": 42, "httpPort": 8080}\n', 'utf8');
    const config = loadConfig({ configFile: file, env: {} });
    expect(config.queueCapacity).toBe(42);
    expect(config.httpPort).toBe(8080);
  });
});

/**
 * Windows PowerShell 5's `echo '{...}' > my.json` writes UTF-16 with a byte-order mark: refused as "Unexpected token
 * '\uFFFD'". A Latin-1 "é" (an editor's ANSI) was read as U+FFFD into the value: a data dir named "caf\uFFFD".
 */
describe('a configuration file in UTF-16, or not in UTF-8', () => {
  it('is read when UTF-16 with its byte-order mark, either order, and refused, naming the file, when it is not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-bom-'));
    const json = '{"queueCapacity": 42, "dataDir": "café"}';
    const le = join(dir, 'le.json');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    const be = join(dir, 'be.json');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]));
    for (const file of [le, be]) expect(loadConfig({ configFile: file, env: {} })).toMatchObject({ queueCapacity: 42, dataDir: 'café' });
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from(json, 'latin1'));
    const e = configError(() => loadConfig({ configFile: latin1, env: {} }));
    expect(e.message).toBe(`the configuration file ${latin1} is not text in UTF-8 (or UTF-16 with a byte-order mark): save it as UTF-8.`);
  });
});
