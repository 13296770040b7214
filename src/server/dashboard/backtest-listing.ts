import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../core/errors.js';

/** A run's folder name as a path segment: nothing that could climb out of the backtests folder. */
export const RUN_NAME = /^[\w.-]{1,200}$/;
/** A run's report.json holds summaries, not bars or trades (~100 KB for 20 symbols): a bigger one is not parsed. */
const MAX_REPORT_JSON_BYTES = 4 * 1024 * 1024;

interface Listed {
  name: string;
  modifiedAt: number;
  summary: unknown;
}

/**
 * The runs under the backtests folder, for the cockpit, read without blocking the daemon: the folder and the files
 * asynchronously, each report.json parsed once per change (the page reads the list at every load), none over a few
 * MB, and the HTML reports streamed (a report of many symbols is tens of MB; read whole, it stalled the loops).
 */
export class BacktestListing {
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; entry: Listed }>();

  constructor(private readonly dir: string) {}

  /** The runs with a report, newest first, each with its summary (or why it cannot be read). */
  async list(): Promise<Listed[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const runs: Listed[] = [];
    for (const name of names) {
      const entry = RUN_NAME.test(name) ? await this.entry(name) : null;
      if (entry) runs.push(entry);
    }
    const listed = new Set(runs.map((r) => r.name));
    for (const name of this.parsed.keys()) if (!listed.has(name)) this.parsed.delete(name);
    return runs.sort((a, b) => b.modifiedAt - a.modifiedAt || a.name.localeCompare(b.name));
  }

  private async entry(name: string): Promise<Listed | null> {
    const report = join(this.dir, name, 'report.json');
    const info = await stat(report).catch(() => null);
    if (!info?.isFile()) return null;
    const known = this.parsed.get(name);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known.entry;
    const modifiedAt = Math.round(info.mtimeMs);
    let entry: Listed;
    if (info.size > MAX_REPORT_JSON_BYTES) {
      entry = { name, modifiedAt, summary: { error: `report.json is ${(info.size / 1024 / 1024).toFixed(1)} MB, more than a run's report holds: not read` } };
    } else {
      try {
        const parsed = JSON.parse(await readFile(report, 'utf8')) as { summary?: unknown };
        entry = { name, modifiedAt, summary: parsed.summary ?? null };
      } catch (error) {
        entry = { name, modifiedAt: 0, summary: { error: `report.json cannot be read: ${errorMessage(error)}` } };
      }
    }
    this.parsed.set(name, { mtimeMs: info.mtimeMs, size: info.size, entry });
    return entry;
  }

  /** Streams a run's report.html; false when there is none of that name. */
  async serveReport(name: string, res: ServerResponse): Promise<boolean> {
    const file = join(this.dir, name, 'report.html');
    const info = RUN_NAME.test(name) && !name.startsWith('.') ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': info.size, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    // A HEAD gets the headers only: the file is not read for a body Node would drop.
    if (res.req.method === 'HEAD') {
      res.end();
      return true;
    }
    // A client gone mid-way (or a file gone under it) ends the response; the headers are out, nothing more to say.
    await pipeline(createReadStream(file), res).catch(() => undefined);
    return true;
  }
}
