import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

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
