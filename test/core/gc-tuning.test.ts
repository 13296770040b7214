import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { V8_FLAGS } from '../../src/core/gc-tuning.js';

describe('V8_FLAGS', () => {
  // V8 ignores a flag it does not know without a word, so a Node upgrade that dropped one would go unnoticed.
  it('names only flags this Node knows', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of V8_FLAGS) expect(known).toContain(`  ${flag.split('=')[0]} (`);
  });
});
