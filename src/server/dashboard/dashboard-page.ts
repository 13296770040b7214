import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/paths.js';

/** Where the built page lives: `npm run build` writes it, the image ships it. */
export const builtPagePath = (): string => join(packageRoot(), 'dist', 'dashboard', 'index.html');
const sources = (): string => join(packageRoot(), 'src', 'server', 'dashboard', 'web');
const chartsLibrary = (): string => join(packageRoot(), 'node_modules', 'lightweight-charts', 'dist', 'lightweight-charts.standalone.production.js');

/** Text inlined into a <script> must not end it early. */
const inlineScript = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

/**
 * The dashboard as one HTML document: its markup, style, script and the charting library inlined, so the page needs
 * nothing but the daemon (no network, no asset that a token-less request would have to fetch).
 */
export function buildDashboardPage(): string {
  const dir = sources();
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const css = readFileSync(join(dir, 'app.css'), 'utf8');
  // app.js, charts.js, verdicts.js, then live.js (which starts the page): one script, as if one file.
  const app = ['app.js', 'charts.js', 'verdicts.js', 'live.js'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const charts = readFileSync(chartsLibrary(), 'utf8');
  // Functions as replacements: the inserted text is taken literally ($ in the library's code is not a pattern).
  return html
    .replace('/*STYLE*/', () => css)
    .replace('/*CHARTS*/', () => inlineScript(charts))
    .replace('/*APP*/', () => inlineScript(app));
}

/** The built page when there is one (the image, `npm start`), else built now from the sources (tests, development). */
export function loadDashboardPage(): string {
  const built = builtPagePath();
  return existsSync(built) && !existsSync(sources()) ? readFileSync(built, 'utf8') : buildDashboardPage();
}
