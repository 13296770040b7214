import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { VerdictEvent } from '../../src/domain/events.js';
import { chartPixels, openPage } from '../helpers/chromium.js';
import { freePort } from '../helpers/daemon-process.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import { fillDialog } from '../helpers/dashboard-kernel.js';
import { haltFile } from '../../src/kernel/kernel-paths.js';

const TOKEN = 'dashboard-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A simulated daemon on the virtual clock with its HTTP server on loopback behind a token, run until it has traded. */
describe('the dashboard', () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    h = await virtualKernel({
      CONCLAVE_HTTP_PORT: String(port),
      CONCLAVE_HTTP_TOKEN: TOKEN,
      CONCLAVE_MODEL_THRESHOLD: '1.0',
      // The virtual clock races ahead of the browser's real-time pongs: no heartbeat drops in this test.
      CONCLAVE_WS_HEARTBEAT_MS: String(24 * 3600_000),
    });
    base = `http://127.0.0.1:${port}`;
    await h.kernel.start();
    for (let i = 0; i < 24 && h.kernel.store.positions().length === 0; i++) await runFor(h.clock, 3600_000);
    const run = join(h.dataDir, 'backtests', 'orcl-1995-2014');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'report.json'), JSON.stringify({ summary: { totalReturn: 0.42, sharpe: 0.8, maxDrawdown: 0.21, trades: 12 } }));
    writeFileSync(join(run, 'report.html'), '<!doctype html><title>report</title><p>the report</p>');
    const broken = join(h.dataDir, 'backtests', 'broken-run');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'report.json'), '{"summary": {"totalRet');
  });
  afterAll(async () => h?.kernel.stop());

  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: auth });
    return { status: res.status, body: (await res.json()) as Record<string, never> };
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('refuses its API, the kill switch, the reports and the WebSocket without the token, and serves the page, which holds no data', async () => {
    for (const path of ['/api/overview', '/api/verdicts', '/api/equity', '/backtests/orcl-1995-2014/report.html', '/api/overview?token=wrong']) {
      expect((await fetch(base + path)).status, path).toBe(401);
    }
    // The page is one static file, the same with or without the token: a reload (the page took the token out of the
    // address bar) was refused with 401.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(await (await fetch(`${base}/?token=${TOKEN}`)).text());
    expect((await fetch(`${base}/`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await post('/api/halt', { confirm: true, who: 'mallory', reason: 'x' }, {})).status).toBe(401);
    expect(h.kernel.killSwitch.isHalted()).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`);
      ws.on('open', () => resolve(false));
      ws.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect((await fetch(`${base}/?token=${TOKEN}`)).status).toBe(200);
  });

  it('serves the account, the equity curve, verdicts with their discussions, bars with fills, and backtests', async () => {
    const overview = await get('/api/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.symbols).toEqual(h.config.universe.map((u) => u.symbol));
    expect((overview.body.status as { positions: unknown[] }).positions.length).toBeGreaterThan(0);

    const equity = (await get('/api/equity')).body.points as { time: number; equity: number }[];
    expect(equity.length).toBeGreaterThan(10);
    expect(equity.every((p, i) => i === 0 || p.time - equity[i - 1]!.time >= 60_000)).toBe(true);

    const verdicts = (await get('/api/verdicts?limit=500')).body.verdicts as { id: string; action: string }[];
    expect(verdicts.length).toBeGreaterThan(0);
    // A page's worth before the newest one; a limit or a time that is not a whole number is the caller's mistake (400),
    // not an internal error (1.5 reached SQLite: a 500 and an error line per request).
    const newest = (await get('/api/verdicts?limit=1')).body.verdicts as { id: string; decidedAt: number }[];
    const older = (await get(`/api/verdicts?limit=500&before=${newest[0]!.decidedAt}`)).body.verdicts as { decidedAt: number }[];
    expect(older.every((v) => v.decidedAt < newest[0]!.decidedAt)).toBe(true);
    const afterNewest = (await get(`/api/verdicts?limit=500&beforeId=${newest[0]!.id}`)).body.verdicts as { id: string }[];
    expect(afterNewest.map((v) => v.id)).toEqual(verdicts.slice(1).map((v) => v.id));
    const unknown = await get('/api/verdicts?beforeId=v-nope');
    expect([unknown.status, unknown.body.error]).toEqual([400, 'beforeId must be the id of a listed verdict: there is no verdict v-nope']);
    for (const query of ['limit=1.5', 'limit=0', 'limit=501', 'limit=abc', 'before=', 'before=abc', 'before=1e400']) {
      const res = await get(`/api/verdicts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(/^(limit must be a whole number from 1 to 500|before must be a verdict's decidedAt, in epoch ms)/);
    }
    // A BUY that became an order (a BUY for a symbol already held is not acted on).
    // The newest filled one (entries fill at the next price, so the panel may have traded for hours before a position was open).
    const { verdict_id: entered } = h.kernel.store.db.prepare(`SELECT verdict_id FROM orders WHERE purpose = 'entry' AND status = 'filled' ORDER BY created_at DESC LIMIT 1`).get() as { verdict_id: string };
    expect(verdicts.map((v) => v.id)).toContain(entered);
    const detail = await get(`/api/verdicts/${entered}`);
    expect(detail.status).toBe(200);
    expect((detail.body.discussion as { outcomes: unknown[] }).outcomes).toHaveLength(5);
    expect(detail.body.text).toMatch(/BUY/);
    const aftermath = detail.body.aftermath as { risk: { outcome: string }[]; orders: { purpose: string }[]; fills: { side: string }[] };
    expect(aftermath.risk[0]!.outcome).not.toBe('rejected');
    expect(aftermath.orders[0]!.purpose).toBe('entry');
    expect(aftermath.fills[0]!.side).toBe('buy');
    expect((await get('/api/verdicts/nope')).status).toBe(404);

    const held = h.kernel.store.positions()[0]!.symbol;
    const bars = await get(`/api/bars/${held}`);
    expect((bars.body.bars as unknown[]).length).toBeGreaterThan(100);
    expect((bars.body.fills as { side: string }[]).some((f) => f.side === 'buy')).toBe(true);
    expect((await get('/api/bars/NOT-A-SYMBOL')).status).toBe(404);

    expect((await get('/api/backtests')).body.backtests).toEqual([
      expect.objectContaining({ name: 'orcl-1995-2014', summary: expect.objectContaining({ sharpe: 0.8 }) }),
      expect.objectContaining({ name: 'broken-run', summary: { error: expect.stringMatching(/^report\.json cannot be read: /) as unknown } }),
    ]);
    const report = await fetch(`${base}/backtests/orcl-1995-2014/report.html?token=${TOKEN}`);
    expect(await report.text()).toContain('the report');
    expect((await fetch(`${base}/backtests/..%2F..%2Fconclave-paper.db/report.html`, { headers: auth })).status).toBe(404);
  });

  it('gives a browser, for its token, a cookie that opens the reports and nothing else', async () => {
    expect((await fetch(`${base}/api/report-access`, { method: 'POST' })).status).toBe(401);
    const granted = await fetch(`${base}/api/report-access`, { method: 'POST', headers: auth });
    expect(granted.status).toBe(204);
    const cookie = granted.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^conclave-reports=[0-9a-f]{64}; Path=\/backtests\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    const sent = { cookie: `other=1; ${cookie.split(';')[0]!}` };
    const report = await fetch(`${base}/backtests/orcl-1995-2014/report.html`, { headers: sent });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('the report');
    expect((await fetch(`${base}/backtests/orcl-1995-2014/report.html`, { method: 'HEAD', headers: sent })).status).toBe(200);
    // The cookie opens nothing but the reports, and only to read them; a forged one opens nothing.
    for (const path of ['/api/overview', '/api/backtests']) expect((await fetch(base + path, { headers: sent })).status, path).toBe(401);
    expect((await fetch(`${base}/api/halt`, { method: 'POST', headers: sent, body: '{}' })).status).toBe(401);
    const forged = await fetch(`${base}/backtests/orcl-1995-2014/report.html`, { headers: { cookie: `conclave-reports=${'0'.repeat(64)}` } });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: string }).error).toMatch(/open the report from the cockpit/);
    // A monitor's HEAD of the page is answered as its GET.
    expect((await fetch(`${base}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('halts and resumes only when confirmed with who and why, and records both', async () => {
    // What the browser's test (sharing this daemon) halted and resumed is not this test's.
    const recordedBefore = h.kernel.cockpit.operatorActions().length;
    const loggedBefore = h.raw.length;
    expect((await post('/api/halt', { who: 'ana', reason: 'test' })).status).toBe(400);
    expect((await post('/api/halt', { confirm: true, reason: 'test' })).status).toBe(400);
    expect((await fetch(`${base}/api/halt`, { method: 'POST', headers: auth, body: 'x'.repeat(20_000) })).status).toBe(413);
    expect(h.kernel.killSwitch.isHalted()).toBe(false);
    expect((await post('/api/halt', { confirm: true, who: 'ana', reason: 'news pending' })).status).toBe(200);
    expect(h.kernel.killSwitch.state()).toMatchObject({ halted: true, flatten: false });
    expect((await post('/api/resume', { confirm: true, who: 'ana', reason: 'news out' })).status).toBe(200);
    expect(h.kernel.killSwitch.isHalted()).toBe(false);
    // A resume when nothing is halted changes nothing and is not recorded (it read as a resume from a halt).
    const again = await post('/api/resume', { confirm: true, who: 'ana', reason: 'twice' });
    expect(await again.json()).toEqual({ ok: true, halted: false, action: null, message: 'not halted: entries were already allowed; nothing changed' });
    const all = h.kernel.cockpit.operatorActions();
    const actions = all.slice(0, all.length - recordedBefore); // newest first
    expect(actions.map((a) => [a.action, a.reason])).toEqual([
      ['resume', 'news out'],
      ['halt', 'news pending'],
    ]);
    expect(actions[0]!.who).toMatch(/^ana \(dashboard, /);
    // Each is logged once, with one timestamp: a second "time" key (the recorded action's) hid the first from a reader.
    for (const msg of ['kill switch: halted from the dashboard', 'kill switch: resumed from the dashboard']) {
      const lines = h.raw.slice(loggedBefore).filter((l) => l.includes(`"msg":"${msg}"`));
      expect(lines, msg).toHaveLength(1);
      expect(lines[0]!.match(/"time":/g), msg).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ who: expect.stringMatching(/^ana \(dashboard, /) as unknown });
    }
    // A halt a live daemon on the same data dir engaged is live's to lift: refused, said, nothing recorded.
    writeFileSync(haltFile(h.config), JSON.stringify({ halted: true, reason: 'drawdown limit', mode: 'live' }));
    const foreign = await post('/api/resume', { confirm: true, who: 'ana', reason: 'try' });
    expect(foreign.status).toBe(409);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/engaged by live \(drawdown limit\).*CONCLAVE_MODE=live/);
    expect(h.kernel.killSwitch.isHalted()).toBe(true);
    expect(h.kernel.cockpit.operatorActions()).toHaveLength(recordedBefore + 2);
    rmSync(haltFile(h.config));
  });

  it('in a real browser: loads without errors, draws its charts, shows a new verdict pushed over its socket, opens its discussion, halts and resumes', async () => {
    const { page, errors, requests, close } = await openPage(`${base}/?token=${TOKEN}`);
    try {
      await page.waitForSelector('#verdicts tbody tr', { timeout: 10_000 });
      await expect.poll(() => page.textContent('#conn'), { timeout: 10_000 }).toBe('connected');
      const drawn = await chartPixels(page);
      expect(drawn.map((c) => c.id)).toEqual(['equity-chart', 'price-chart']);
      for (const chart of drawn) expect(chart.colours, chart.id).toBeGreaterThan(2);

      // A new verdict from the running daemon reaches the page over the WebSocket. Pushed, not read again: the list is
      // read only at load and when the socket (re)opens, never on a timer, so no read of it from here on proves the push
      // (and the row may take a loaded machine's time to come: 20 s, not 2).
      const reads = () => requests.filter((u) => new URL(u).pathname === '/api/verdicts').length;
      const readsBefore = reads();
      let verdict: VerdictEvent | null = null;
      const off = h.kernel.bus.on('verdict', (e) => {
        off();
        verdict = e;
      });
      for (let i = 0; i < 48 && !verdict; i++) await runFor(h.clock, 600_000);
      expect(verdict).not.toBeNull();
      await page.waitForSelector(`#verdicts tr[data-id="${verdict!.verdictId}"]`, { timeout: 20_000 });
      expect(reads()).toBe(readsBefore);

      // From the keyboard, as a click (a row was reachable by the mouse alone).
      await page.focus(`#verdicts tr[data-id="${verdict!.verdictId}"]`);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#discussion[open] table.agents tbody tr', { timeout: 5_000 });
      expect(await page.locator('#discussion table.agents tbody tr').count()).toBe(5);
      expect(await page.textContent('#discussion pre.explain')).toMatch(/chief/i);
      await page.click('#discussion .close');
      // A filled entry's discussion: its fill's price and fee as prices and money, its metrics without float noise.
      const { verdict_id: filled, price: paid, fee } = h.kernel.store.db
        .prepare(`SELECT o.verdict_id, f.price, f.fee FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.purpose = 'entry' LIMIT 1`)
        .get() as { verdict_id: string; price: number; fee: number };
      await page.evaluate(`openDiscussion(${JSON.stringify(filled)})`);
      const fillRow = page.locator('#discussion h2:text-is("fills") + table tbody tr').first();
      await fillRow.waitFor({ timeout: 5_000 });
      const [, , , shownPrice, shownFee] = await fillRow.locator('td').allTextContents();
      expect(shownPrice).toMatch(/^[\d,]+\.\d{2,4}$|^0\.\d+$/);
      expect(Number(shownPrice!.replace(/,/g, ''))).toBeCloseTo(paid, paid >= 100 ? 2 : 4);
      expect(shownFee).toBe(fee.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
      expect(await page.textContent('#discussion table.agents')).toMatch(/bars 250, close [\d.]+, /); // was "bars 250.0"
      await page.click('#discussion .close');

      // An order placed reads the account again at once: its orders in flight waited for the next health line.
      const overviews = () => requests.filter((u) => new URL(u).pathname === '/api/overview').length;
      const overviewsBefore = overviews();
      h.kernel.bus.emit('order', { clientOrderId: 'co-test', symbol: 'NOVA', side: 'buy', qty: 1, status: 'submitted' });
      await expect.poll(overviews, { timeout: 5_000 }).toBeGreaterThan(overviewsBefore);
      // Realised P&L is gross (before fees), as `conclave status` says it: beside the fees, a green figure read as a profit.
      expect(await page.textContent('#cards')).toContain('realised (gross)');

      await fillDialog(page, '#btn-halt', 'operator', 'checking the page');
      await page.click('#confirm-ok');
      await page.waitForSelector('#halted:not([hidden])', { timeout: 5_000 });
      expect(h.kernel.killSwitch.isHalted()).toBe(true);
      await fillDialog(page, '#btn-resume', 'operator', 'done');
      await page.click('#confirm-ok');
      await page.waitForSelector('#halted[hidden]', { state: 'attached', timeout: 5_000 });
      expect(h.kernel.killSwitch.isHalted()).toBe(false);

      // The report's link carries no token (it would stay in the browser's history), and opens the report.
      const href = (await page.getAttribute('#backtests tbody a', 'href'))!;
      expect(href).toBe('/backtests/orcl-1995-2014/report.html');
      const [report] = await Promise.all([page.context().waitForEvent('page'), page.click('#backtests tbody a')]);
      await report.waitForLoadState();
      expect(report.url()).toBe(`${base}${href}`);
      expect(await report.textContent('p')).toBe('the report');
      await report.close();

      // A report that cannot be read is listed with why (it read as a row of dashes).
      expect(await page.textContent('#backtests tbody tr:has(a:text-is("broken-run")) td:nth-child(2)')).toMatch(/^report\.json cannot be read: .*JSON/);

      // A reload keeps the tab's token: the page comes back live.
      await page.reload();
      await page.waitForSelector('#conn.up', { timeout: 10_000 });
      expect(await page.textContent('#conn')).toBe('connected');

      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith(base) || u.startsWith(base.replace('http', 'ws')))).toBe(true);
      await page.screenshot({ path: join(h.dataDir, 'dashboard.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});
