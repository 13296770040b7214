import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';

const ORCL = resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const DAY = '2005-07-14';

/** ORCL with DAY's open (and high) printed at twice the close before it, its close untouched: a bad print of the open. */
function withBadOpen(): string {
  const lines = readFileSync(ORCL, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${DAY},`));
  const before = Number(lines[at - 1]!.split(',')[4]);
  const f = lines[at]!.split(',');
  f[1] = (before * 2).toFixed(2);
  f[2] = f[1];
  lines[at] = f.join(',');
  const file = join(mkdtempSync(join(tmpdir(), 'conclave-bad-open-')), 'orcl.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('an open printed on a split scale while the close stays (IBM 2002-12-23 in real data: open 159.58 after 79.82, close 80.46)', () => {
  it('costs that row only, as a bad print; it is not an unadjusted split that takes the rest of the file', async () => {
    const clean = await loadOhlcvFile(ORCL);
    const bad = await loadOhlcvFile(withBadOpen());
    const time = Date.parse(`${DAY}T00:00:00Z`);
    expect(bad.quarantined.map((q) => [q.time, q.code])).toEqual([[time, 'price-spike']]);
    expect(bad.quarantined[0]!.message).toMatch(/^open [\d.]+ after the close [\d.]+ of row \d+ is the jump of a 1:2 reverse split, but its close [\d.]+ stays on the scale before it: a bad print of the open/);
    expect(bad.bars).toEqual(clean.bars.filter((b) => b.time !== time));
  });
});
