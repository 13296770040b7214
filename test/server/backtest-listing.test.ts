import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BacktestListing } from '../../src/server/dashboard/backtest-listing.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-runs-'));
  dirs.push(dir);
  return dir;
}
function run(dir: string, name: string, files: Record<string, string | Buffer>, mtime?: Date): void {
  mkdirSync(join(dir, name), { recursive: true });
  for (const [file, body] of Object.entries(files)) {
    writeFileSync(join(dir, name, file), body);
    if (mtime) utimesSync(join(dir, name, file), mtime, mtime);
  }
}

describe('the backtests the cockpit lists', () => {
  it('lists the runs with a report, newest first, and reads a changed report again', async () => {
    const dir = folder();
    run(dir, 'old', { 'report.json': JSON.stringify({ summary: { sharpe: 0.1 } }) }, new Date('2026-01-01'));
    run(dir, 'new', { 'report.json': JSON.stringify({ summary: { sharpe: 0.2 } }) }, new Date('2026-02-01'));
    run(dir, 'no-report', { 'fills.csv': 'time\n' });
    mkdirSync(join(dir, 'odd', 'report.json'), { recursive: true });
    const listing = new BacktestListing(dir);
    expect((await listing.list()).map((r) => [r.name, r.summary])).toEqual([
      ['new', { sharpe: 0.2 }],
      ['old', { sharpe: 0.1 }],
    ]);
    run(dir, 'old', { 'report.json': JSON.stringify({ summary: { sharpe: 0.35 } }) }, new Date('2026-03-01'));
    expect((await listing.list()).map((r) => [r.name, r.summary])).toEqual([
      ['old', { sharpe: 0.35 }],
      ['new', { sharpe: 0.2 }],
    ]);
    expect(await new BacktestListing(join(dir, 'none')).list()).toEqual([]);
  });

  it('does not parse a report.json bigger than a run writes, nor fail on a broken one: each says why', async () => {
    const dir = folder();
    run(dir, 'huge', { 'report.json': `{"summary":{"sharpe":1},"pad":"${'x'.repeat(5 * 1024 * 1024)}"}` });
    run(dir, 'broken', { 'report.json': '{"summary":' });
    const listed = new Map((await new BacktestListing(dir).list()).map((r) => [r.name, r.summary]));
    expect(listed.get('huge')).toEqual({ error: expect.stringMatching(/^report\.json is 5\.0 MB, more than a run's report holds: not read$/) as unknown });
    expect(listed.get('broken')).toEqual({ error: expect.stringMatching(/^report\.json cannot be read: /) as unknown });
  });

  it('streams a run’s report.html whole, and finds none outside the folder', async () => {
    const dir = folder();
    const page = Buffer.alloc(3 * 1024 * 1024, 'a');
    run(dir, 'big', { 'report.html': page });
    const listing = new BacktestListing(dir);
    const server = createServer((req, res) => {
      listing.serveReport(decodeURIComponent(req.url!.slice(1)), res).then(
        (found) => void (found || res.writeHead(404).end()),
        () => void res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const got = await fetch(`${base}big`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-length')).toBe(String(page.length));
      expect(Buffer.from(await got.arrayBuffer()).equals(page)).toBe(true);
      const head = await fetch(`${base}big`, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String(page.length));
      expect(await head.text()).toBe('');
      expect((await fetch(`${base}missing`)).status).toBe(404);
      expect((await fetch(`${base}${encodeURIComponent('../big')}`)).status).toBe(404);
      expect((await fetch(`${base}.hidden`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
