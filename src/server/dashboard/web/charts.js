// conclave's cockpit, its two charts: equity, and a symbol's candles with its fills. Built into one script after app.js
// (dashboard-page.ts), whose helpers it uses.
'use strict';
/* global report, $, api, money, price */
/* exported loadEquity, loadPrice, symbol */

const chartOptions = {
  layout: { background: { color: 'transparent' }, textColor: '#8696a8' },
  grid: { vertLines: { color: '#1f2a36' }, horzLines: { color: '#1f2a36' } },
  // Both edges fixed at the first and last points: the library then keeps the first and last time labels inside the
  // axis (centred on their point they were cut by the edge: ")5:35").
  timeScale: { timeVisible: true, borderColor: '#263241', fixLeftEdge: true, fixRightEdge: true },
  rightPriceScale: { borderColor: '#263241' },
  autoSize: true,
};
/**
 * The equity axis spans at least 0.1 % of equity either side: a flat account (a fresh daemon, no position) had a few
 * cents stretched over the whole axis (99,999.94 to 100,000.06), as if it moved.
 */
function atLeastPermille(base) {
  const info = base();
  if (!info || !info.priceRange) return info;
  const { minValue, maxValue } = info.priceRange;
  const mid = (minValue + maxValue) / 2;
  const half = Math.max((maxValue - minValue) / 2, Math.abs(mid) * 0.001);
  return { priceRange: { minValue: mid - half, maxValue: mid + half }, margins: info.margins };
}
const equityChart = LightweightCharts.createChart($('equity-chart'), chartOptions);
// The axes write amounts as the cards do (100,000.00, not 100000.00).
const equitySeries = equityChart.addSeries(LightweightCharts.AreaSeries, { lineColor: '#4ea1ff', topColor: 'rgba(78,161,255,.35)', bottomColor: 'rgba(78,161,255,0)', lineWidth: 2, priceFormat: { type: 'custom', formatter: money, minMove: 0.01 }, autoscaleInfoProvider: atLeastPermille });
const priceChart = LightweightCharts.createChart($('price-chart'), chartOptions);
const candles = priceChart.addSeries(LightweightCharts.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', wickUpColor: '#26a69a', wickDownColor: '#ef5350', borderVisible: false, priceFormat: { type: 'custom', formatter: price, minMove: 1e-10 } });
const markers = LightweightCharts.createSeriesMarkers(candles, []);
const sec = (ms) => Math.floor(ms / 1000);

/** Lightweight-charts wants strictly increasing times: keep the last point of each second. */
function uniqueTimes(points) {
  const out = [];
  for (const p of points) {
    if (out.length && out[out.length - 1].time === p.time) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

// Fitted to the curve once (its first points), then left where the operator zoomed or scrolled: it is read again after
// every fill and minute, and each read used to undo the zoom.
let equityFitted = false;
async function loadEquity() {
  const { points } = await api('/api/equity');
  equitySeries.setData(uniqueTimes(points.map((p) => ({ time: sec(p.time), value: p.equity }))));
  if (!equityFitted && points.length > 0) equityChart.timeScale().fitContent();
  equityFitted ||= points.length > 0;
}

let symbol = '';
// The symbol whose candles the chart holds: fitted to its bars once, then left where the operator zoomed or scrolled.
let fittedSymbol = '';
async function loadPrice() {
  if (!symbol) return;
  const shown = symbol;
  const { bars, fills } = await api(`/api/bars/${encodeURIComponent(shown)}`);
  if (shown !== symbol) return; // another symbol was chosen meanwhile: its own load draws it
  candles.setData(uniqueTimes(bars.map((b) => ({ time: sec(b.time), open: b.open, high: b.high, low: b.low, close: b.close }))));
  const first = bars.length ? bars[0].time : Infinity;
  markers.setMarkers(
    fills
      .filter((f) => f.time >= first)
      .map((f) => ({
        time: sec(f.time),
        position: f.side === 'buy' ? 'belowBar' : 'aboveBar',
        color: f.side === 'buy' ? '#26a69a' : '#ef5350',
        shape: f.side === 'buy' ? 'arrowUp' : 'arrowDown',
        text: `${f.side === 'buy' ? 'entry' : 'exit'} ${price(f.price)}`,
      })),
  );
  if (fittedSymbol !== shown) priceChart.timeScale().fitContent();
  fittedSymbol = shown;
}
$('symbol').addEventListener('change', (e) => {
  symbol = e.target.value;
  loadPrice().catch(report);
});
