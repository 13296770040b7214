// conclave's cockpit, its verdicts: the list (with what became of each verdict) and a verdict's discussion. Built into
// one script after app.js (dashboard-page.ts), whose helpers it uses.
'use strict';
/* global CSS, report, $, api, el, td, fill, num, price, money, quantity, time, utc, sign */
/* exported loadVerdicts, addVerdict, noteOutcome */

/** A metric: 4 significant digits without trailing zeros (250, not 250.0; 0.0012345 as 0.001235). */
const figure = (v, digits = 4) => (Number.isFinite(Number(v)) ? String(Number(Number(v).toPrecision(digits))) : String(v));

function verdictRow(v, fresh) {
  const row = el(
    'tr',
    // Reachable from the keyboard too (Tab, then Enter or Space): a click was the only way into a discussion.
    {
      class: `click${fresh ? ' new' : ''}`, 'data-id': v.id, tabindex: '0', role: 'button', 'aria-label': `open the discussion of ${v.action} ${v.symbol}`,
      onclick: () => openDiscussion(v.id).catch(report),
      onkeydown: (e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        openDiscussion(v.id).catch(report);
      },
    },
    td(time(v.decidedAt)),
    td(v.symbol),
    td(v.action, v.action),
    td(''),
    td(num(v.conviction)),
    td(num(v.score)),
    td(v.kind === 'review' ? 'review of the held position' : `${v.source || ''} ${v.direction || ''}`, 'dim'),
  );
  // A verdict just decided has no fate yet: its risk decision and order follow on the socket (noteOutcome).
  if (v.outcome !== undefined) showOutcome(row, v.outcome, v.ordered);
  else if (v.action === 'HOLD') showOutcome(row, 'no order', false);
  else showOutcome(row, '…', true);
  return row;
}
// A BUY the kill switch or a limit refused is not shown in the colour of a trade: struck through, with the refusal beside.
function showOutcome(row, text, ordered) {
  const [, , action, outcome] = row.cells;
  outcome.textContent = text;
  outcome.className = text.startsWith('refused') ? 'warn' : ordered ? '' : 'dim';
  action.classList.toggle('unplaced', !ordered);
}
/** A risk decision or an order of a listed verdict (a socket event): its row says what became of it. */
function noteOutcome(type, e) {
  const row = e.verdictId ? document.querySelector(`#verdicts tr[data-id="${CSS.escape(e.verdictId)}"]`) : null;
  if (!row) return;
  // As the list after a reload says it (cockpit-repository.ts): a cancelled entry that filled some opened a position.
  if (type === 'order') showOutcome(row, e.status === 'cancelled' && e.filledQty > 0 ? 'partly filled, rest cancelled' : e.status.replace(/_/g, ' '), true);
  else if (e.outcome === 'rejected') showOutcome(row, e.rule ? `refused: ${e.rule.replace(/_/g, ' ')}` : 'refused', false);
}
async function loadVerdicts() {
  const { verdicts } = await api('/api/verdicts?limit=50');
  fill($('verdicts').tBodies[0], verdicts.map((v) => verdictRow(v, false)));
}
function addVerdict(event) {
  const body = $('verdicts').tBodies[0];
  for (const none of body.querySelectorAll('tr.none')) none.remove();
  const v = { id: event.verdictId, symbol: event.opportunity.symbol, action: event.verdict.action, conviction: event.verdict.conviction, score: event.verdict.score, decidedAt: event.decidedAt, source: event.opportunity.source, direction: event.opportunity.direction, kind: event.opportunity.kind };
  body.prepend(verdictRow(v, true));
  while (body.rows.length > 200) body.deleteRow(-1);
}

async function openDiscussion(id) {
  const d = await api(`/api/verdicts/${encodeURIComponent(id)}`);
  const { discussion: r, aftermath } = d;
  const agents = r.outcomes.map((o) =>
    el(
      'tr',
      {},
      td(o.role),
      td(o.status, o.status === 'ok' ? '' : 'warn'),
      td(o.signal ? num(o.signal.stance) : 'abstained', o.signal ? sign(o.signal.stance) : 'dim'),
      td(o.signal ? num(o.signal.confidence) : ''),
      td(`${Math.round(o.latencyMs)} ms`),
      el('td', { class: 'rationale' }, o.signal ? o.signal.rationale.join('; ') : o.error || '', el('br'), Object.entries(o.signal ? o.signal.metrics : {}).map(([k, v]) => `${k} ${figure(v)}`).join(', ')),
    ),
  );
  // A live fill whose fee the exchange did not report is stored as 0: "unknown", not a free trade.
  const cell = (c, v, row) => (c === 'time' || c === 'createdAt' ? time(v) : typeof v !== 'number' ? (v ?? '') : c === 'price' ? price(v) : c === 'fee' ? (row.feeUnknown ? 'unknown' : money(v)) : /qty$/i.test(c) ? quantity(v) : figure(v));
  const list = (title, rows, cols) =>
    rows.length
      ? [el('h2', {}, title), el('table', {}, el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', {}, c === 'time' || c === 'createdAt' ? `${c} (UTC)` : c)))), el('tbody', {}, ...rows.map((row) => el('tr', {}, ...cols.map((c) => td(cell(c, row[c], row)))))))]
      : [el('h2', {}, title), el('div', { class: 'dim' }, 'none')];
  $('discussion-body').replaceChildren(
    el('h2', {}, `${r.opportunity.symbol} · ${r.verdict.action} · ${utc(r.decidedAt)}`),
    el('div', { class: 'dim' }, `${r.opportunity.source} ${r.opportunity.direction}: ${r.opportunity.reason}`),
    el('table', { class: 'agents' }, el('thead', {}, el('tr', {}, ...['agent', 'status', 'stance', 'confidence', 'latency', 'rationale and metrics'].map((c) => el('th', {}, c)))), el('tbody', {}, ...agents)),
    el('h2', {}, 'the chief'),
    el('pre', { class: 'explain' }, d.text),
    ...list('risk gate', aftermath.risk, ['outcome', 'rule', 'reason', 'requestedQty', 'approvedQty']),
    ...list('orders', aftermath.orders, ['clientOrderId', 'side', 'qty', 'filledQty', 'status', 'purpose', 'reason']),
    ...list('fills', aftermath.fills, ['time', 'side', 'qty', 'price', 'fee']),
  );
  $('discussion').showModal();
}

