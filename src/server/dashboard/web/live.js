// conclave's cockpit, its live part: the WebSocket (reconnecting with backoff), and the page's start. Built into one
// script after app.js and verdicts.js (dashboard-page.ts), whose functions it calls.
'use strict';
/* global performance, $, api, token, utc, healthShownAt, renderStatus, renderHealth, loadOverview, loadVerdicts, loadPrice, loadEquity, loadBacktests, addVerdict, noteOutcome */

let backoff = 500;
let refreshTimer = 0;
let overviewAt = -Infinity;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => Promise.all([loadOverview(), loadPrice(), loadEquity()]).catch(report), 400);
}
// The health panel is the daemon's word as of its last health line: once the socket is down, or no line has come
// for three of the usual gaps (a daemon hung or stopped), it is shown faded, saying since when, not as current.
let lastHealth = 0;
// Until two lines have come, the daemon's default interval (30 s) is assumed.
let healthGap = 30_000;
let socketUp = false;
// When the socket last opened: the silence is counted from then. Counted from the last line before a restart, it told
// a daemon just back (no time yet to write its first line) 'is the daemon hung?'.
let openedAt = 0;
/** A health line came over the socket (not a snapshot's copy of the last one: those come at any time). */
// The interval a health line names (its own loop's): a daemon set to write every 5 minutes was called hung 90 s
// after the page opened, the default assumed until two lines had come.
let intervalNamed = false;
function learnInterval(line) {
  const ms = line && line.loops && line.loops.health ? line.loops.health.intervalMs : undefined;
  if (typeof ms !== 'number' || !(ms > 0)) return;
  healthGap = Math.max(2_000, Math.min(300_000, ms));
  intervalNamed = true;
}
function noteHealth() {
  const now = performance.now();
  // A gap across a reconnection is the daemon's downtime, not its interval.
  if (!intervalNamed && lastHealth > openedAt) healthGap = Math.max(2_000, Math.min(300_000, now - lastHealth));
  lastHealth = now;
  markHealth();
}
function markHealth() {
  const silentFor = lastHealth ? performance.now() - lastHealth : null;
  const quietFor = lastHealth || openedAt ? performance.now() - Math.max(lastHealth, openedAt) : null;
  const stale = !socketUp || (quietFor !== null && quietFor > Math.max(15_000, 3 * healthGap));
  const shown = $('health').childElementCount > 0;
  $('health').classList.toggle('stale', stale && shown);
  // A line loaded with the page but none since over the socket: its own time, by the daemon's clock (the page's may differ).
  const ago = silentFor !== null ? `as of ${Math.round(silentFor / 1000)} s ago` : Number.isFinite(healthShownAt) ? `as of ${utc(healthShownAt)}` : '';
  $('health-age').textContent = !stale || !shown ? '' : !socketUp ? (ago ? `${ago} (disconnected)` : 'disconnected') : `${ago}: no health line since (is the daemon hung?)`;
}
// When the next attempt to reconnect is due (performance.now()), null while one is under way: the header counts down to
// it each second (it said 'reconnecting in 15.0 s' for the whole 15 s), and says when it is trying. A refusal the
// daemon gave (its token) is said instead, until the socket opens.
let retryAt = null;
let refusal = '';
function markRetry() {
  if (socketUp || refusal || !document.body.classList.contains('offline')) return;
  $('conn').textContent = retryAt === null ? 'disconnected; trying to reconnect…' : `disconnected; reconnecting in ${Math.max(1, Math.ceil((retryAt - performance.now()) / 1000))} s`;
}
setInterval(() => {
  markHealth();
  markRetry();
}, 1_000);

function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const ws = new WebSocket(url);
  ws.onopen = () => {
    backoff = 500;
    // What was decided while no socket was open (before this one, or during a restart or a network blip) came to no
    // socket: the list is read again from the store, which has every verdict.
    loadVerdicts().catch(report);
    overviewAt = -Infinity;
    socketUp = true;
    refusal = '';
    openedAt = performance.now();
    document.body.classList.remove('offline');
    $('conn').className = 'conn up';
    $('conn').textContent = 'connected';
  };
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === 'snapshot') {
      learnInterval(msg.data.health);
      renderStatus(msg.data, msg.ts);
    }
    else if (msg.type === 'verdict') addVerdict(msg.data);
    else if (msg.type === 'health') {
      learnInterval(msg.data);
      noteHealth();
      renderHealth(msg.data, msg.ts);
      // The marks move without fills: the account and positions follow each health line (every 5 s of the daemon's
      // time at most).
      if (!(msg.ts - overviewAt < 5_000)) {
        overviewAt = msg.ts;
        loadOverview().catch(report);
        // The candles too: they were read only at load, on a fill and on a symbol change, and went stale in a quiet hour.
        loadPrice().catch(report);
      }
    }
    if (msg.type === 'risk' || msg.type === 'order') noteOutcome(msg.type, msg.data);
    // An order placed or settled changes the orders in flight listed under the positions (they waited for the next
    // health line, up to 30 s).
    if (msg.type === 'fill' || msg.type === 'position' || msg.type === 'order') scheduleRefresh();
  };
  ws.onclose = () => {
    socketUp = false;
    // The account, its curve and the positions are the daemon's word as of the socket's end, not current: faded, as
    // the health panel is (they looked live while the daemon was gone, a grey line in the header alone saying so).
    document.body.classList.add('offline');
    markHealth();
    const wait = backoff;
    backoff = Math.min(backoff * 2, 15_000);
    $('conn').className = 'conn down';
    retryAt = performance.now() + wait;
    markRetry();
    // A browser's WebSocket cannot tell a refusal from a daemon that is down; an API call can. A daemon restarted
    // with another token refuses this page's: say so, or the page would look like the daemon were gone.
    api('/api/overview').then(
      () => (refusal = ''),
      (error) => {
        refusal =
          error.status === 401 && !token
            ? `this daemon needs its token (CONCLAVE_HTTP_TOKEN): open the page as ${location.origin}/?token=TOKEN`
            : error.status === 401
              ? `this page's token is refused by the daemon (was CONCLAVE_HTTP_TOKEN changed?): open the page again as ${location.origin}/?token=NEW-TOKEN`
              : error.status === 403
                ? `refused by the daemon: ${error.message}`
                : '';
        if (refusal) $('conn').textContent = refusal;
        else markRetry();
      },
    );
    setTimeout(() => {
      retryAt = null;
      connect();
      markRetry();
      scheduleRefresh();
    }, wait);
  };
}

function report(error) {
  console.warn(error);
  $('conn').title = String(error && error.message ? error.message : error);
}

Promise.all([loadOverview(), loadEquity(), loadVerdicts(), loadBacktests()])
  .then(loadPrice)
  .catch(report)
  .finally(connect);
// The runs too: a backtest finished while the page was open was listed only after a reload.
setInterval(() => Promise.all([loadEquity(), loadBacktests()]).catch(report), 60_000);
