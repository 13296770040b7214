import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const [url, out, width, click] = process.argv.slice(2);
const p = await b.newPage({ viewport: { width: Number(width ?? 1400), height: 900 } });
const errors = [];
p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
p.on('pageerror', (e) => errors.push(String(e)));
await p.goto(url);
await p.waitForTimeout(2500);
if (click) { await p.click(click); await p.waitForTimeout(1500); }
await p.screenshot({ path: out, fullPage: true });
console.log('errors', errors);
await b.close();
