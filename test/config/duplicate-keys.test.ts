import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { duplicateKeys } from '../../src/config/duplicate-keys.js';

const fileWith = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'conclave-dup-')), 'my.json');
  writeFileSync(file, text);
  return file;
};

describe('a key written twice in a configuration file', () => {
  it('is refused, naming the key and both lines, where JSON.parse kept the second silently', () => {
    const file = fileWith('{\n  "riskPerTrade": 0.01,\n  "httpPort": 8080,\n  "riskPerTrade": 0.2\n}\n');
    let error: unknown;
    try {
      loadConfig({ configFile: file, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${file}: key riskPerTrade is given twice (lines 2 and 4); JSON would keep the second silently: remove one.`);
    expect((error as ConfigError).key).toBe('riskPerTrade');
  });

  it('is found inside nested objects by its path, and the same key in sibling objects or inside strings is no repeat', () => {
    expect(duplicateKeys('{"chief":{"buyThreshold":0.3,"sellThreshold":0.3,"buyThreshold":0.4},"agents":{"bull":{"w":1},"bear":{"w":1}}}')).toEqual([
      { path: 'chief.buyThreshold', firstLine: 1, line: 1 },
    ]);
    expect(duplicateKeys('{"universe":[{"symbol":"A"},{"symbol":"B"}],"note":"\\"symbol\\": twice \\"symbol\\"","x":{"a":[1,{"a":2}]}}')).toEqual([]);
    expect(() => loadConfig({ configFile: fileWith('{"riskPerTrade": 0.01, "riskPerTrade": 0.2}'), env: {} })).toThrow(/key riskPerTrade is given twice \(both on line 1\)/);
    expect(loadConfig({ configFile: fileWith('{"universe":[{"symbol":"AAA/USDT","name":"Aaa"},{"symbol":"BBB/USDT","name":"Bbb"}]}'), env: {} }).universe).toHaveLength(2);
  });
});
