// conclave's cockpit: one page, no framework, data from the daemon's /api and live events from /ws.
'use strict';
/* global report, symbol: writable, loadPrice */
/* exported healthShownAt, renderStatus, renderHealth, loadOverview, loadBacktests, api, el, td, fill, num, price, money, quantity, time, utc, sign */

const params = new URLSearchParams(location.search);
if (params.has('token')) {
  // A token has no spaces, so a '+' in it is itself (base64 has them), not the form encoding of a space.
  sessionStorage.setItem('conclave-token', new URLSearchParams(location.search.replace(/\+/g, '%2B')).get('token'));
  params.delete('token');
  history.replaceState(null, '', location.pathname + (params.size ? `?${params}` : '') + location.hash);
}
const token = sessionStorage.getItem('conclave-token') || '';
const $ = (id) => document.getElementById(id);

async function api(path, init = {}) {
  const headers = Object.assign({ accept: 'application/json' }, init.headers || {});
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, Object.assign({}, init, { headers }));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error || `${path}: HTTP ${res.status}`), { status: res.status });
  return body;
}

// ---- formatting: everything from the daemon is text, never markup ----
// A figure rounding to zero has no sign ('negative': -0.001 read "-0.00").
const num = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(Number(x)) ? '–' : Number(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: 'negative' }));
const money = (x) => num(x, 2);
// A quantity: 12 significant digits, at most 8 decimals, trailing zeros dropped (as the reports write it). Four fixed
// decimals showed 0.00004 BTC as 0.0000; 8 significant digits showed 8,100,000,065.61 coins as 8100000100.
const quantity = (x) => {
  if (x === null || x === undefined || !Number.isFinite(Number(x))) return '–';
  const a = Math.abs(Number(x));
  const whole = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 1;
  return Number(x).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.min(8, Math.max(0, 12 - whole)) });
};
// A price: two decimals from 100 up; below, up to four (from 1) or four significant digits, trailing zeros dropped
// to two decimals. Four fixed decimals from 1 to 100 put "85.0000" on the price axis, and toPrecision wrote a price
// under 1e-6 in exponent form, "1.235e-7".
const price = (x) => {
  if (x === null || x === undefined || !Number.isFinite(Number(x))) return '–';
  const a = Math.abs(Number(x));
  const most = a >= 100 || a < 1e-12 ? 2 : a >= 1 ? 4 : Math.min(12, 3 - Math.floor(Math.log10(a)));
  return Number(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: most, signDisplay: 'negative' });
};
const pct = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(d).replace(/^-(0\.?0*)$/, '$1')} %`);
const time = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '–');
// Times in text say their zone (the tables say it in their heads): an operator east of UTC read them as local.
const utc = (ms) => `${time(ms)} UTC`;
// The colour of a figure shown to two decimals (`half`: half its last digit's unit): one shown as 0.00 is neither.
const sign = (x, half = 0.005) => (x >= half ? 'pos' : x <= -half ? 'neg' : '');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}
const td = (text, cls = '') => el('td', cls ? { class: cls } : {}, text);
// A table with no rows says so in one muted row across it: its headers alone read the same as a table not yet loaded.
const noneRow = (tbody) => el('tr', { class: 'none' }, el('td', { class: 'dim', colspan: tbody.parentElement.tHead.rows[0].cells.length }, 'none'));
// A figure wider than its card (an account of millions: 12,345,678.90 is some 150 px at 20 px, a card at 1024 px has
// 123) is drawn smaller until it fits, down to 12 px, rather than run past the card's edge; one wider still breaks
// onto a second line, never cut: a money figure is read whole or not at all.
function fitFigures() {
  for (const v of document.querySelectorAll('#cards .v')) {
    v.style.fontSize = '';
    v.style.whiteSpace = '';
    for (let size = 19; v.scrollWidth > v.clientWidth && size >= 12; size--) v.style.fontSize = `${size}px`;
    if (v.scrollWidth > v.clientWidth) v.style.whiteSpace = 'normal';
  }
}
window.addEventListener('resize', fitFigures);
function fill(tbody, rows) {
  tbody.replaceChildren(...(rows.length ? rows : [noneRow(tbody)]));
}

// ---- account, positions, health ----
// Which rule sets the stop shown: the highest of the position's stop (or stopLossPct), the ATR stop and the trailing stop.
const STOP_RULE = { stop_loss: '(stop loss)', atr_stop: '(ATR)', trailing_stop: '(trailing)' };

function renderStatus(status, now) {
  $('mode').textContent = status.mode || '';
  const unrealized = (status.positions || []).reduce((s, p) => s + (p.unrealizedPnl || 0), 0);
  const exposure = (status.positions || []).reduce((s, p) => s + p.qty * (p.markPrice ?? p.avgPrice), 0);
  // The exposure's share of equity goes in its card's title: beside the amount (194 px at 20 px) it wrapped in cards of
  // 166 px at 1280 px ('%)' alone on a second line) and of 123 px at 1024 px ('(80.2 %)').
  const cards = [
    ['equity', money(status.equity)],
    ['cash', money(status.cash)],
    [`exposure (${pct(status.equity ? exposure / status.equity : 0, 1)})`, money(exposure)],
    // Gross, before fees, as `conclave status` says it: a green 7.97 beside fees of 160 read as a profit of an account
    // that lost. ("realised P&L before fees" took two lines in a card of 1024 px.)
    ['realised (gross)', money(status.realizedPnl), sign(status.realizedPnl)],
    ['unrealised P&L', money(unrealized), sign(unrealized)],
    ['fees', money(status.fees)],
  ];
  $('cards').replaceChildren(...cards.map(([k, v, cls]) => el('div', { class: 'card' }, el('div', { class: 'k' }, k), el('div', { class: `v ${cls || ''}`, title: v }, v))));
  fitFigures();
  fill(
    $('positions').tBodies[0],
    (status.positions || []).map((p) =>
      el('tr', {}, td(p.symbol), td(quantity(p.qty)), td(price(p.avgPrice)), td(price(p.markPrice)), td(money(p.unrealizedPnl), sign(p.unrealizedPnl)), td(p.stopLevel == null ? '–' : `${price(p.stopLevel)} ${STOP_RULE[p.stopRule] ?? ''}`), td(price(p.targetLevel)), td(p.trailingActive ? `on, peak ${price(p.peakPrice)}` : 'not active')),
    ),
  );
  // Orders sent and not yet filled (an entry waiting for its next bar, an exit on its way): the positions alone hid them.
  const inflight = status.inFlightOrders || [];
  $('inflight').textContent = inflight.length ? `in flight: ${inflight.map((o) => `${o.side.toUpperCase()} ${quantity(o.qty)} ${o.symbol} (${o.status})`).join(' · ')}` : '';
  // Judged at the snapshot's own time, as its health line was (an idle consumer is ok as of then, not since). A status
  // read before the newest line came over the socket carries an older one: shown, it put back a warning already over.
  if (status.health && !(status.healthAt < healthShownAt)) renderHealth(status.health, status.healthAt ?? now);
  // After the health snapshot, which may be older than this status.
  showHalt(status.halted, undefined, status.halt ? status.halt.flatten : null);
}

/**
 * The HALTED badge, and the halt's reason beside it (a tooltip alone was not seen, and a phone has none), and where a
 * halt --flatten stands ('under way', 'done', null): whether the positions are still being closed was only in the log.
 */
let haltReason = '';
let haltFlatten = null;
function showHalt(halted, reason, flatten) {
  if (reason !== undefined) haltReason = reason;
  if (flatten !== undefined) haltFlatten = flatten;
  $('halted').hidden = !halted;
  $('halt-flatten').hidden = !halted || !haltFlatten;
  $('halt-flatten').textContent = haltFlatten ? `FLATTEN ${String(haltFlatten).toUpperCase()}` : '';
  $('halt-reason').hidden = !halted || !haltReason;
  $('halt-reason').textContent = haltReason;
  $('halt-reason').title = haltReason;
}

/** The time of the health line shown: an older one (a status read before it came) is not shown over it. */
let healthShownAt = -Infinity;
/** `now` is the daemon's time (its clock may not be this browser's). */
function renderHealth(h, now) {
  healthShownAt = now;
  // Every health line says whether entries are halted: a halt made outside this page (`conclave halt`, a HALT file)
  // shows within one health interval, fills or not.
  if (typeof h.halted === 'boolean') showHalt(h.halted, undefined, 'flatten' in h ? h.flatten : undefined);
  // An account limit stopping every entry (the daily loss limit) is as much news as a halt.
  const limit = h.limit && typeof h.limit === 'object' ? h.limit : null;
  $('limit').hidden = !limit;
  $('limit').textContent = limit ? `ENTRIES PAUSED: ${String(limit.rule).replace(/_/g, ' ')}` : '';
  $('limit').title = limit ? `${limit.reason} (since ${utc(limit.since)})` : '';
  const rows = [];
  for (const [name, loop] of Object.entries(h.loops || {})) {
    // The daemon's judgement at the snapshot's time. A loop whose first run is under way is starting, not failing.
    const since = loop.lastOkAt ?? loop.startedAt ?? null;
    const stale = (h.stale || []).includes(name);
    const seconds = (t) => `${Math.max(0, (now - t) / 1000).toFixed(0)} s ago`;
    const state = loop.lastOkAt ? `ok ${seconds(loop.lastOkAt)}` : since !== null && !stale ? `starting (${seconds(since)})` : 'never ok';
    rows.push(el('tr', {}, td(name), td(`${loop.runs} runs`), td(`${loop.errors} errors`, loop.errors ? 'warn' : ''), td(state, stale ? 'neg' : loop.lastOkAt ? 'pos' : 'dim')));
  }
  const q = h.queue || {};
  const d = h.eventLoopDelayMs || {};
  const m = h.memory || {};
  const lines = [
    `queue ${q.depth}/${q.capacity} · published ${q.published} · consumed ${q.consumed} · dropped ${q.dropped}`,
    `event-loop delay p50 ${d.p50} ms · p99 ${d.p99} ms · max ${d.max} ms`,
    `memory rss ${m.rssMb} MB · heap ${m.heapUsedMb} MB · uptime ${h.uptimeS} s`,
  ];
  if (Array.isArray(h.stalled) && h.stalled.length) lines.push(`STALLED: ${h.stalled.join(', ')}`);
  // Agents that fail (an LLM endpoint down), notices not delivered (the operator's alerts) and a broken ledger were in
  // the health line and the log only: the cockpit looked healthy meanwhile.
  const disc = h.discussions;
  // The last hour's failures beside the total, and the colour by them: one failure in the first hour coloured it for days.
  const hour = disc && disc.lastHour && typeof disc.lastHour === 'object' ? disc.lastHour : null;
  if (disc && typeof disc === 'object') lines.push(`discussions ${disc.total} · p50 ${disc.p50Ms} ms · p95 ${disc.p95Ms} ms · agent failures ${disc.agentFailures}${hour ? ` (${hour.agentFailures} in the last hour)` : ''}`);
  const notify = h.notify && typeof h.notify === 'object' ? h.notify : null;
  if (notify) {
    const last = Object.entries(notify.channels || {}).filter(([, c]) => c && c.lastError).map(([, c]) => String(c.lastError));
    lines.push(`notifications sent ${notify.sent} · failed ${notify.failed} · dropped ${notify.dropped}${last.length ? ` (last error: ${last.join('; ')})` : ''}`);
  }
  if (h.ledger && h.ledger.ok === false) lines.push(`LEDGER BROKEN (difference ${h.ledger.diff}): cash plus the cost of open positions no longer equals starting cash plus realised P&L less fees; inspect the store`);
  // Held positions the exchange refuses to price (a delisting): their rows show the last mark as if still managed.
  const unpriced = h.positions && Array.isArray(h.positions.unpriced) ? h.positions.unpriced : [];
  if (unpriced.length) lines.push(`UNPRICED: ${unpriced.join(', ')}: the market refuses the symbol (delisted?), so no stop, target or exit runs for the position; the log says why`);
  // This machine's clock against the exchange's, said when they surely disagree by more than 2 s (conclave health's rule).
  const c = h.exchangeClock;
  if (c && typeof c.offsetMs === 'number' && typeof c.uncertaintyMs === 'number' && Math.abs(c.offsetMs) - c.uncertaintyMs > 2000) {
    const way = c.offsetMs > 0 ? 'ahead of' : 'behind';
    lines.push(`CLOCK: this machine's clock is ${(Math.abs(c.offsetMs) / 1000).toFixed(1)} s ${way} the exchange's (± ${c.uncertaintyMs} ms): sync it (timedatectl set-ntp true, or chrony); the log says what it affects`);
  }
  const sources = h.sources && typeof h.sources === 'object' ? Object.entries(h.sources) : [];
  const sourceRows = sources.map(([name, s]) => el('tr', {}, td(name), td(s.state ?? ''), td(`${s.failures ?? 0} failures`), td(s.lastError ?? '', 'dim')));
  $('health').replaceChildren(
    ...lines.map((l) => el('div', { class: /^(STALLED|UNPRICED|CLOCK|LEDGER)/.test(l) ? 'neg' : /^notifications .*\(last error:/.test(l) || (hour ? /\([1-9]\d* in the last hour\)/ : /agent failures [1-9]/).test(l) ? 'warn' : '' }, l)),
    el('table', { class: 'loops' }, el('tbody', {}, ...rows)),
    ...(sourceRows.length ? [el('h2', {}, 'sources'), el('table', {}, el('tbody', {}, ...sourceRows))] : []),
  );
}

async function loadOverview() {
  const o = await api('/api/overview');
  renderStatus(o.status, o.time);
  showHalt(Boolean(o.halt && o.halt.halted), o.halt && o.halt.reason ? `${o.halt.reason}${o.halt.since !== undefined ? ` (since ${typeof o.halt.since === 'number' ? utc(o.halt.since) : o.halt.since})` : ''}` : '');
  // The universe, again after a restart with another one (the same count of other names kept the old list).
  const select = $('symbol');
  if ([...select.options].map((opt) => opt.value).join('\n') !== o.symbols.join('\n')) {
    select.replaceChildren(...o.symbols.map((s) => el('option', { value: s }, s)));
    if (!o.symbols.includes(symbol)) {
      const held = (o.status.positions || [])[0];
      const first = symbol === '';
      symbol = held ? held.symbol : o.symbols[0] || '';
      if (!first) loadPrice().catch(report); // at load the chart is drawn once all is read
    }
    select.value = symbol;
  }
  // The time may wrap for the why (app.css), between its date and its clock, not at the date's hyphen.
  const when = (ms) => el('td', {}, el('span', { class: 'nowrap' }, time(ms).slice(0, 10)), ` ${time(ms).slice(11)}`);
  fill($('actions').tBodies[0], o.operatorActions.map((a) => el('tr', {}, when(a.time), td(a.action), td(a.who), td(a.reason, 'rationale'))));
}

// ---- the kill switch ----
function confirmAction(title, text, path, extra) {
  // Each action says its own why: the last one's was kept and recorded with the next (a resume "because" of a flatten).
  $('confirm-why').value = '';
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  const dialog = $('confirm');
  dialog.returnValue = '';
  dialog.onclose = () => {
    if (dialog.returnValue !== 'ok') return;
    const body = Object.assign({ who: $('confirm-who').value, reason: $('confirm-why').value, confirm: true }, extra);
    // A refused action is said where the operator looks, not in a tooltip: a halt that did not happen must not pass
    // for one that did.
    const said = $('action-error');
    api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (answer) => {
        // An action that changed nothing (a resume of a daemon not halted) says so: the page only reloaded before. So
        // does a resume that left a flatten unfinished (the positions still open, the exits already sent), as
        // `conclave resume` does: the page's badge going away read as if they had been closed.
        const noop = answer && answer.action === null && typeof answer.message === 'string';
        const tell = noop || Boolean(answer && answer.flattenLeft && typeof answer.message === 'string');
        said.textContent = tell ? `${title}: ${answer.message}` : '';
        said.hidden = !tell;
        // "Nothing changed" is news for a moment, not a state: it stayed in the header until the next action.
        if (noop) {
          const text = said.textContent;
          setTimeout(() => {
            if (said.textContent === text) said.hidden = true;
          }, 20_000);
        }
        loadOverview().catch(report);
      },
      (error) => {
        // No answer at all (the daemon stopped, the network down): "Failed to fetch" said nothing of what to do, when a
        // halt may be urgent. The daemon's machine can halt it without the page.
        const unreached = error instanceof TypeError && error.status === undefined;
        const why = unreached ? 'the daemon did not answer (stopped, or out of reach); on its machine, `conclave halt` (or a file named HALT in its data dir) halts it without the page' : error && error.message ? error.message : error;
        said.textContent = `${title} failed: ${why}`;
        said.hidden = false;
      },
    );
  };
  dialog.showModal();
}
// Cancel is no submit button: Enter in a field submitted the form with the first one, which was Cancel, and a halt the
// operator had typed in and confirmed with Enter silently did not happen. Enter now confirms; Cancel and Escape do not.
$('confirm-cancel').onclick = () => $('confirm').close('cancel');
$('btn-halt').onclick = () => confirmAction('Halt trading', 'No new entries until resumed; open positions keep their exits.', '/api/halt', { flatten: false });
$('btn-flatten').onclick = () => confirmAction('Halt and flatten', 'No new entries, and every open position is closed at market.', '/api/halt', { flatten: true });
$('btn-resume').onclick = () => confirmAction('Resume trading', 'Entries are allowed again.', '/api/resume', {});

// The report links carry no token (it reached the browser's history): the daemon gives this browser a cookie that
// opens the reports, and nothing else.
let reportAccess = null;
async function loadBacktests() {
  if (token) reportAccess ??= api('/api/report-access', { method: 'POST' }).catch((error) => {
    reportAccess = null;
    throw error;
  });
  await reportAccess;
  const { backtests } = await api('/api/backtests');
  fill(
    $('backtests').tBodies[0],
    backtests.map((b) => {
      const s = b.summary || {};
      const link = el('a', { href: `/backtests/${encodeURIComponent(b.name)}/report.html`, target: '_blank', rel: 'noopener' }, b.name);
      // A report that cannot be read says why, not a row of dashes.
      if (s.error) return el('tr', {}, el('td', {}, link), el('td', { colspan: 4, class: 'warn' }, s.error));
      return el('tr', {}, el('td', {}, link), td(pct(s.totalReturn), sign(s.totalReturn, 0.00005)), td(num(s.sharpe)), td(pct(s.maxDrawdown)), td(s.trades ?? ''));
    }),
  );
}
