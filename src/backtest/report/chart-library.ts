import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * lightweight-charts' standalone build (it defines window.LightweightCharts), read from the installed package so the
 * page carries it inline and opens offline. The package's exports map does not name the file, so it is found beside
 * the package's package.json.
 */
let cached: Promise<string> | undefined;

export function chartLibrarySource(): Promise<string> {
  cached ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('lightweight-charts/package.json'));
    const source = await readFile(path.join(dir, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
    // Inlined in a <script> element: a closing tag inside would end it early.
    if (/<\/script/i.test(source)) throw new Error('lightweight-charts standalone build contains "</script"; it cannot be inlined');
    return source;
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
